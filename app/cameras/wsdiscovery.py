"""WS-Discovery (ONVIF device discovery) prober.

The `wsdiscovery` package skips the loopback interface and cannot be pointed at one
interface, so this small prober sends the SOAP-over-UDP Probe itself: multicast to
239.255.255.250:3702 out of a chosen interface address, and/or unicast to given targets.
Answers are parsed with the hardened XML parser and de-duplicated by endpoint.
"""
from __future__ import annotations

import logging
import select
import socket
import time
import uuid
from dataclasses import dataclass

from app.cameras.xml_safety import XmlSafetyError, parse_untrusted

log = logging.getLogger(__name__)

MULTICAST_GROUP = "239.255.255.250"
DISCOVERY_PORT = 3702
NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "dn": "http://www.onvif.org/ver10/network/wsdl",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
}
PROBE_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
PROBE_MATCHES_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"
ANONYMOUS_TO = "urn:schemas-xmlsoap-org:ws:2005:04:discovery"
_MAX_DATAGRAM = 65535


@dataclass(frozen=True)
class ProbeMatch:
    endpoint: str
    xaddrs: tuple[str, ...]
    scopes: tuple[str, ...]
    types: tuple[str, ...]
    source: tuple[str, int]

    @property
    def name(self) -> str | None:
        """The onvif://www.onvif.org/name/... scope, URL-decoded, if the device sends one."""
        from urllib.parse import unquote

        for scope in self.scopes:
            prefix = "onvif://www.onvif.org/name/"
            if scope.startswith(prefix):
                return unquote(scope[len(prefix):])
        return None


def probe_message(message_id: str, types: str = "dn:NetworkVideoTransmitter") -> bytes:
    types_element = f"<d:Types>{types}</d:Types>" if types else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}" xmlns:d="{NS["d"]}" '
        f'xmlns:dn="{NS["dn"]}" xmlns:tds="{NS["tds"]}"><s:Header>'
        f"<a:Action>{PROBE_ACTION}</a:Action><a:MessageID>{message_id}</a:MessageID>"
        f"<a:To>{ANONYMOUS_TO}</a:To></s:Header>"
        f"<s:Body><d:Probe>{types_element}</d:Probe></s:Body></s:Envelope>"
    ).encode()


def parse_probe_matches(data: bytes, source: tuple[str, int],
                        relates_to: str | None = None) -> list[ProbeMatch]:
    """ProbeMatch entries of one datagram; [] for anything else (or another probe's answer)."""
    try:
        root = parse_untrusted(data, max_bytes=_MAX_DATAGRAM)
    except XmlSafetyError as exc:
        log.debug("Ignoring discovery datagram from %s: %s", source[0], exc)
        return []
    action = (root.findtext("s:Header/a:Action", namespaces=NS) or "").strip()
    if action != PROBE_MATCHES_ACTION:
        return []
    if relates_to is not None:
        related = (root.findtext("s:Header/a:RelatesTo", namespaces=NS) or "").strip()
        if related != relates_to:
            return []
    matches = []
    for match in root.iterfind("s:Body/d:ProbeMatches/d:ProbeMatch", namespaces=NS):
        endpoint = (match.findtext("a:EndpointReference/a:Address", namespaces=NS) or "").strip()
        if not endpoint:
            continue
        matches.append(ProbeMatch(
            endpoint=endpoint,
            xaddrs=tuple((match.findtext("d:XAddrs", namespaces=NS) or "").split()),
            scopes=tuple((match.findtext("d:Scopes", namespaces=NS) or "").split()),
            types=tuple((match.findtext("d:Types", namespaces=NS) or "").split()),
            source=source,
        ))
    return matches


def probe(interface_ip: str = "127.0.0.1", timeout: float = 2.0,
          unicast_targets: list[tuple[str, int]] | None = None,
          multicast: bool | None = None,
          multicast_port: int = DISCOVERY_PORT) -> list[ProbeMatch]:
    """Send one Probe and collect answers for `timeout` seconds.

    Multicast goes out of `interface_ip` (TTL 1, loopback on) unless unicast targets are
    given and multicast is not asked for explicitly.
    """
    if multicast is None:
        multicast = not unicast_targets
    message_id = f"urn:uuid:{uuid.uuid4()}"
    message = probe_message(message_id)
    found: dict[str, ProbeMatch] = {}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP) as sock:
        sock.bind((interface_ip, 0))
        if multicast:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                            socket.inet_aton(interface_ip))
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
            sock.sendto(message, (MULTICAST_GROUP, multicast_port))
        for target in unicast_targets or []:
            sock.sendto(message, target)
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([sock], [], [], remaining)
            if not readable:
                break
            try:
                data, source = sock.recvfrom(_MAX_DATAGRAM)
            except OSError as exc:  # e.g. ICMP port unreachable from a unicast target
                log.debug("Discovery receive error: %s", exc)
                continue
            for match in parse_probe_matches(data, source, relates_to=message_id):
                found.setdefault(match.endpoint, match)
    return list(found.values())

