"""What discovery is pointed at: address lists typed by an administrator, and the
machine's own interfaces for WS-Discovery.

Address lists accept, separated by commas, semicolons, spaces or new lines:
``10.0.0.5``, ``cam-3.local:8080``, ``10.0.0.5:8000-8010`` (a port range),
``10.0.0.1-10.0.0.40`` or ``10.0.0.1-40`` (an IPv4 range, same first three parts),
``10.0.0.1-40:8080``, ``[fe80::1]:80`` and ``http://10.0.0.5:8080/onvif/device_service``.
A list is capped, so a typing slip cannot turn into a network scan.
"""
from __future__ import annotations

import ipaddress
import logging
import re
import socket
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

MAX_TARGETS = 1024
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*"
                        r"[a-z0-9])?)*$")
_SEPARATORS = re.compile(r"[\s,;]+")


class AddressListError(ValueError):
    """The address list cannot be read; ``str()`` names the item and what is wrong."""


@dataclass(frozen=True)
class ProbeTarget:
    host: str
    port: int

    @property
    def url_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host


@dataclass(frozen=True)
class NetworkInterface:
    name: str
    address: str  # IPv4
    is_loopback: bool


def _ports(text: str, item: str) -> list[int]:
    low_text, _, high_text = text.partition("-")
    if not low_text.isdigit() or (high_text and not high_text.isdigit()):
        raise AddressListError(f"“{item}”: {text!r} is not a port or port range.")
    low, high = int(low_text), int(high_text or low_text)
    if not (1 <= low <= 65535 and 1 <= high <= 65535) or high < low:
        raise AddressListError(f"“{item}”: ports must be 1–65535, the lower one first.")
    return list(range(low, high + 1))


def _hosts(text: str, item: str) -> list[str]:
    text = text.strip().lower()
    if "-" in text and re.fullmatch(r"[\d.]+-[\d.]+", text):
        first_text, last_text = text.split("-", 1)
        try:
            first = ipaddress.IPv4Address(first_text)
            if "." not in last_text:  # "10.0.0.1-40": the last part only
                last_text = ".".join(first_text.split(".")[:3] + [last_text])
            last = ipaddress.IPv4Address(last_text)
        except ValueError:
            raise AddressListError(f"“{item}”: {text!r} is not an IPv4 address range."
                                   ) from None
        if int(last) < int(first):
            raise AddressListError(f"“{item}”: the range must start with the lower address.")
        if int(last) - int(first) >= MAX_TARGETS:
            raise AddressListError(f"“{item}”: more than {MAX_TARGETS} addresses.")
        return [str(ipaddress.IPv4Address(n)) for n in range(int(first), int(last) + 1)]
    try:
        return [str(ipaddress.ip_address(text))]
    except ValueError:
        pass
    if re.fullmatch(r"[\d.]+", text) or not _HOST_NAME.match(text):
        raise AddressListError(f"“{item}”: {text!r} is not an IP address or host name.")
    return [text]


def _split_item(item: str) -> tuple[str, str | None]:
    """(host part, port part or None) of one list item."""
    if "://" in item:
        parts = urlsplit(item)
        if not parts.hostname:
            raise AddressListError(f"“{item}”: the address has no host.")
        try:
            port_number = parts.port
        except ValueError:
            raise AddressListError(f"“{item}”: the port is not valid.") from None
        default = "443" if parts.scheme == "https" else "80"
        return parts.hostname, str(port_number) if port_number else default
    if item.startswith("["):
        host, _, rest = item[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise AddressListError(f"“{item}”: write an IPv6 address as [address]:port.")
        return host, rest[1:] or None
    if item.count(":") > 1:  # a bare IPv6 address
        return item, None
    host, sep, port = item.partition(":")
    return host, (port if sep else None)


def parse_targets(text: str, default_port: int = 80) -> list[ProbeTarget]:
    """The addresses in ``text``, in order, without repeats; raises AddressListError."""
    targets: dict[ProbeTarget, None] = {}
    for item in (i for i in _SEPARATORS.split(text.strip()) if i):
        host_text, port_text = _split_item(item)
        ports = _ports(port_text, item) if port_text else [default_port]
        for host in _hosts(host_text, item):
            for port in ports:
                targets[ProbeTarget(host, port)] = None
                if len(targets) > MAX_TARGETS:
                    raise AddressListError(
                        f"More than {MAX_TARGETS} addresses; probe a smaller range.")
    if not targets:
        raise AddressListError("Enter at least one address.")
    return list(targets)


# ----------------------------------------------------------------- interfaces
def _linux_ipv4(name: str) -> str | None:
    import fcntl
    import struct

    siocgifaddr = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            answer = fcntl.ioctl(sock.fileno(), siocgifaddr,
                                 struct.pack("256s", name.encode()[:15]))
        except OSError:  # interface without an IPv4 address, or down
            return None
    return socket.inet_ntoa(answer[20:24])


def list_interfaces() -> list[NetworkInterface]:
    """The machine's interfaces that have an IPv4 address (loopback first)."""
    found: list[NetworkInterface] = []
    if sys.platform.startswith("linux"):
        for _index, name in socket.if_nameindex():
            address = _linux_ipv4(name)
            if address:
                found.append(NetworkInterface(name, address,
                                              ipaddress.IPv4Address(address).is_loopback))
    else:  # elsewhere: the addresses the host name resolves to, plus loopback
        addresses = {"127.0.0.1"}
        try:
            addresses |= {str(info[4][0]) for info in socket.getaddrinfo(
                socket.gethostname(), None, socket.AF_INET)}
        except OSError as exc:
            log.info("cannot list this machine's addresses: %s", exc)
        found = [NetworkInterface(a, a, ipaddress.IPv4Address(a).is_loopback)
                 for a in sorted(addresses)]
    return sorted(found, key=lambda i: (not i.is_loopback, i.name))
