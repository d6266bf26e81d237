"""WS-Discovery responder for the simulated cameras.

Listens on the multicast group (joined on one interface only) and on the interface address
itself, so both multicast and directly addressed unicast probes are answered. Each camera
answers with its own ProbeMatches message, unicast back to the prober, as real devices do.
"""
from __future__ import annotations

import ipaddress
import logging
import select
import socket
import threading
import uuid
from xml.sax.saxutils import escape

from app.cameras.wsdiscovery import MULTICAST_GROUP, NS, PROBE_ACTION, PROBE_MATCHES_ACTION
from app.cameras.xml_safety import XmlSafetyError, parse_untrusted
from app.sim.camera import SimCamera
from app.sim.errors import SimulatorError

log = logging.getLogger(__name__)

DEVICE_TYPES = "dn:NetworkVideoTransmitter tds:Device"
_ACCEPTED_TYPES = {"NetworkVideoTransmitter", "Device"}
_MAX_DATAGRAM = 65535
IP_MULTICAST_ALL = 49  # Linux; not exported by the socket module


def probe_matches_message(camera: SimCamera, relates_to: str, metadata_version: int = 1
                          ) -> bytes:
    scopes = " ".join(escape(scope) for scope in camera.scopes)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}" xmlns:d="{NS["d"]}" '
        f'xmlns:dn="{NS["dn"]}" xmlns:tds="{NS["tds"]}"><s:Header>'
        f"<a:MessageID>urn:uuid:{uuid.uuid4()}</a:MessageID>"
        f"<a:RelatesTo>{escape(relates_to)}</a:RelatesTo>"
        "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
        f"<a:Action>{PROBE_MATCHES_ACTION}</a:Action></s:Header><s:Body><d:ProbeMatches>"
        f"<d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:{camera.uuid}</a:Address>"
        f"</a:EndpointReference><d:Types>{DEVICE_TYPES}</d:Types>"
        f"<d:Scopes>{scopes}</d:Scopes><d:XAddrs>{escape(camera.onvif_url)}</d:XAddrs>"
        f"<d:MetadataVersion>{metadata_version}</d:MetadataVersion></d:ProbeMatch>"
        "</d:ProbeMatches></s:Body></s:Envelope>"
    ).encode()


def probe_message_id(data: bytes) -> str | None:
    """The MessageID of a Probe that asks for cameras (or for anything); None otherwise."""
    try:
        root = parse_untrusted(data, max_bytes=_MAX_DATAGRAM)
    except XmlSafetyError:
        return None
    if (root.findtext("s:Header/a:Action", namespaces=NS) or "").strip() != PROBE_ACTION:
        return None
    probe = root.find("s:Body/d:Probe", namespaces=NS)
    if probe is None:
        return None
    types = (probe.findtext("d:Types", namespaces=NS) or "").split()
    if types and not any(t.rpartition(":")[2] in _ACCEPTED_TYPES for t in types):
        return None
    message_id = (root.findtext("s:Header/a:MessageID", namespaces=NS) or "").strip()
    return message_id or None


class DiscoveryResponder:
    def __init__(self, cameras: list[SimCamera], interface_ip: str = "127.0.0.1",
                 port: int = 3702, multicast: bool = True) -> None:
        self._cameras = cameras
        self._multicast = multicast
        self._interface_ip = interface_ip
        self._port = port
        self._sockets: list[socket.socket] = []
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = socket.socketpair()
        self._only_loopback = ipaddress.ip_address(interface_ip).is_loopback

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> None:
        try:
            unicast = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
            unicast.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            unicast.bind((self._interface_ip, self._port))
            self._sockets.append(unicast)
            self._port = unicast.getsockname()[1]
            if self._multicast:
                self._join_group()
        except OSError as exc:
            self.stop()
            raise SimulatorError(
                f"Cannot start WS-Discovery on {self._interface_ip}:{self._port}: {exc}"
            ) from None
        self._thread = threading.Thread(target=self._serve, name="ws-discovery-sim",
                                        daemon=True)
        self._thread.start()

    def _join_group(self) -> None:
        group = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        self._sockets.append(group)
        group.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Receive only the memberships of this socket, not those of other programs.
        group.setsockopt(socket.IPPROTO_IP, IP_MULTICAST_ALL, 0)
        group.bind((MULTICAST_GROUP, self._port))
        group.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                         socket.inet_aton(MULTICAST_GROUP) + socket.inet_aton(self._interface_ip))

    def stop(self) -> None:
        if self._thread is not None:
            self._wake_w.send(b"x")
            self._thread.join(timeout=5)
            self._thread = None
        for sock in self._sockets:
            sock.close()
        self._sockets.clear()
        self._wake_r.close()
        self._wake_w.close()

    def _serve(self) -> None:
        reply_socket = self._sockets[0]
        while True:
            readable, _, _ = select.select([*self._sockets, self._wake_r], [], [])
            if self._wake_r in readable:
                return
            for sock in readable:
                try:
                    data, sender = sock.recvfrom(_MAX_DATAGRAM)
                except OSError:
                    continue
                if self._only_loopback and not ipaddress.ip_address(sender[0]).is_loopback:
                    continue  # bound to loopback: never answer the outside world
                message_id = probe_message_id(data)
                if message_id is None:
                    continue
                for camera in self._cameras:
                    try:
                        reply_socket.sendto(probe_matches_message(camera, message_id), sender)
                    except OSError as exc:
                        log.debug("Cannot answer probe from %s: %s", sender, exc)
