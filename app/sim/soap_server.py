"""ONVIF SOAP server of one simulated camera (its own HTTP port, like a real device).

Every request is parsed with the hardened parser, authenticated with WS-Security
UsernameToken PasswordDigest (GetSystemDateAndTime is open, as on real cameras) and
dispatched by body element to the device, media and PTZ services. Faults injected through
CameraFaults change the answers: slow, malformed, or refusing every credential.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import threading
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

from app.cameras.xml_safety import MAX_XML_BYTES, XmlSafetyError, parse_untrusted
from app.sim import soap_responses as answers
from app.sim.camera import CameraFaults, SimCamera
from app.sim.ptz import PtzMechanics

log = logging.getLogger(__name__)

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
#: How far a token's Created time may be from ours (the WS-Security profile suggests minutes).
MAX_CLOCK_SKEW = timedelta(minutes=5)
OPEN_OPERATIONS = frozenset({"GetSystemDateAndTime"})
MALFORMED_ANSWER = (b'<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope xmlns:s='
                    b'"http://www.w3.org/2003/05/soap-envelope"><s:Body><tds:GetDevice')


class UsernameTokenVerifier:
    """Checks WS-Security UsernameToken digests and refuses replayed nonces."""

    def __init__(self, username: str, password: str) -> None:
        self._username = username
        self._password = password
        self._seen_nonces: deque[bytes] = deque(maxlen=4096)
        self._lock = threading.Lock()

    def verify(self, envelope: etree._Element, now: datetime | None = None) -> bool:
        token = envelope.find(f".//{{{WSSE}}}UsernameToken")
        if token is None:
            return False
        username = token.findtext(f"{{{WSSE}}}Username") or ""
        password = token.find(f"{{{WSSE}}}Password")
        nonce_text = token.findtext(f"{{{WSSE}}}Nonce") or ""
        created = token.findtext(f"{{{WSU}}}Created") or ""
        if password is None or password.get("Type", PASSWORD_DIGEST) != PASSWORD_DIGEST:
            return False
        try:
            nonce = base64.b64decode(nonce_text, validate=True)
            created_at = datetime.fromisoformat(created.strip())
        except ValueError:
            return False
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=UTC)
        now = now or datetime.now(UTC)
        if abs(now - created_at) > MAX_CLOCK_SKEW:
            return False
        expected = base64.b64encode(hashlib.sha1(
            nonce + created.encode() + self._password.encode()).digest()).decode()
        if not (hmac.compare_digest(username, self._username)
                and hmac.compare_digest((password.text or "").strip(), expected)):
            return False
        with self._lock:
            if nonce in self._seen_nonces:
                return False
            self._seen_nonces.append(nonce)
        return True


class CameraSoapServer:
    """Binds its port at construction (so URLs are known), serves after attach()+start()."""

    def __init__(self, host: str, port: int, username: str, password: str,
                 faults: CameraFaults, snapshot_file: Path,
                 ptz: PtzMechanics | None = None,
                 on_ptz_command: Callable[[], None] | None = None) -> None:
        self._verifier = UsernameTokenVerifier(username, password)
        self._faults = faults
        self._snapshot_file = snapshot_file
        self._ptz = ptz
        self._on_ptz_command = on_ptz_command or (lambda: None)
        self._camera: SimCamera | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self.host = host
        self.port = int(self._httpd.server_address[1])

    def attach(self, camera: SimCamera) -> None:
        self._camera = camera

    def start(self) -> None:
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        name=f"onvif-sim-{self.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a slow_soap fault
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    # -- request handling -------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "TrucBanSim/1.0"
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                log.debug("ONVIF sim %s: " + format, server.port, *args)

            def do_GET(self) -> None:
                if self.path.split("?")[0] != answers.SNAPSHOT_PATH:
                    self._send(404, b"not found", "text/plain")
                    return
                self._send(200, server._snapshot_file.read_bytes(), "image/jpeg")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length <= 0 or length > MAX_XML_BYTES:
                    self.close_connection = True
                    self._send(413, answers.fault("s:Sender", None, "Request too large"))
                    return
                status, body = server._answer(self.path.split("?")[0], self.rfile.read(length))
                if body is None:  # stopping while a slow answer was pending
                    self.close_connection = True
                    return
                self._send(status, body)

            def _send(self, status: int, body: bytes,
                      content_type: str = SOAP_CONTENT_TYPE) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def _answer(self, path: str, request: bytes) -> tuple[int, bytes | None]:
        camera = self._camera
        assert camera is not None, "attach() a camera before start()"
        try:
            envelope = parse_untrusted(request)
        except XmlSafetyError as exc:
            log.warning("ONVIF sim %s refused a request: %s", self.port, exc)
            return 400, answers.fault("s:Sender", "ter:WellFormed", str(exc))
        body = envelope.find(f"{{{answers.NS['s']}}}Body")
        operation_element = body[0] if body is not None and len(body) else None
        if operation_element is None or not isinstance(operation_element.tag, str):
            return 400, answers.fault("s:Sender", "ter:WellFormed", "Empty SOAP body")
        operation = etree.QName(operation_element).localname
        if operation not in OPEN_OPERATIONS and (
                self._faults.is_on("refuse_auth") or not self._verifier.verify(envelope)):
            return 400, answers.fault("s:Sender", "ter:NotAuthorized", "Sender not Authorized")
        if self._faults.is_on("slow_soap") and self._stopping.wait(
                self._faults.slow_soap_seconds):
            return 503, None
        if self._faults.is_on("malformed_soap"):
            return 200, MALFORMED_ANSWER
        handler = self._operations(path).get(operation)
        if handler is None:
            return 400, answers.fault("s:Sender", "ter:ActionNotSupported",
                                      f"{operation} is not supported at {path}")
        try:
            result = handler(camera, operation_element)
        except (ValueError, KeyError) as exc:
            return 400, answers.fault("s:Sender", "ter:InvalidArgVal", str(exc))
        return 200, answers.envelope(result)

    def _operations(self, path: str) -> dict[str, Callable[[SimCamera, etree._Element], str]]:
        host = self.host
        if path == answers.DEVICE_PATH:
            return {
                "GetDeviceInformation": lambda cam, _req: answers.device_information(cam),
                "GetCapabilities": lambda cam, _req: answers.capabilities(cam),
                "GetServices": lambda cam, _req: answers.services(cam),
                "GetSystemDateAndTime": lambda _cam, _req: answers.system_date_and_time(),
                "GetNetworkInterfaces": lambda cam, _req: answers.network_interfaces(cam, host),
                "GetScopes": lambda cam, _req: answers.scopes(cam),
            }
        if path == answers.MEDIA_PATH:
            return {
                "GetProfiles": lambda cam, _req: answers.profiles(cam),
                "GetProfile": lambda cam, req: answers.profile(cam, _profile_kind(req)),
                "GetStreamUri": lambda cam, req: answers.stream_uri(cam, _profile_kind(req)),
                "GetSnapshotUri": lambda cam, req: (_profile_kind(req),
                                                    answers.snapshot_uri(cam))[1],
            }
        if path == answers.PTZ_PATH and self._ptz is not None:
            return self._ptz_operations(self._ptz)
        return {}

    def _ptz_operations(self, ptz: PtzMechanics
                        ) -> dict[str, Callable[[SimCamera, etree._Element], str]]:
        def continuous_move(_cam: SimCamera, request: etree._Element) -> str:
            _profile_kind(request)
            pan_tilt = _child(request, "Velocity", "PanTilt")
            zoom = _child(request, "Velocity", "Zoom")
            timeout = _duration_seconds(_child_text(request, "Timeout"))
            ptz.continuous_move(
                float(pan_tilt.get("x", 0)) if pan_tilt is not None else 0.0,
                float(pan_tilt.get("y", 0)) if pan_tilt is not None else 0.0,
                float(zoom.get("x", 0)) if zoom is not None else 0.0, timeout)
            self._on_ptz_command()
            return answers.empty("tptz", "ContinuousMove")

        def stop(_cam: SimCamera, request: etree._Element) -> str:
            ptz.stop(_child_text(request, "PanTilt") != "false",
                     _child_text(request, "Zoom") != "false")
            self._on_ptz_command()
            return answers.empty("tptz", "Stop")

        def goto_preset(_cam: SimCamera, request: etree._Element) -> str:
            token = _child_text(request, "PresetToken") or ""
            if not ptz.goto_preset(token):
                raise ValueError(f"No preset {token!r}")
            self._on_ptz_command()
            return answers.empty("tptz", "GotoPreset")

        return {
            "GetNodes": lambda _cam, _req: answers.nodes(),
            "GetStatus": lambda _cam, _req: answers.ptz_status(ptz.pose(), ptz.is_moving()),
            "ContinuousMove": continuous_move,
            "Stop": stop,
            "GetPresets": lambda _cam, _req: answers.presets(ptz.presets()),
            "SetPreset": lambda _cam, req: answers.set_preset(ptz.set_preset(
                _child_text(req, "PresetName"), _child_text(req, "PresetToken"))),
            "GotoPreset": goto_preset,
        }


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    current: etree._Element | None = element
    for name in names:
        if current is None:
            return None
        current = next((c for c in current if isinstance(c.tag, str)
                        and etree.QName(c).localname == name), None)
    return current


def _child_text(element: etree._Element, name: str) -> str | None:
    child = _child(element, name)
    return None if child is None or child.text is None else child.text.strip()


def _profile_kind(request: etree._Element) -> str:
    token = _child_text(request, "ProfileToken")
    for kind, known in answers.PROFILE_TOKENS.items():
        if token == known:
            return kind
    raise ValueError(f"No profile {token!r}")


def _duration_seconds(text: str | None) -> float | None:
    """Seconds of a simple xs:duration such as PT5S or PT1M2.5S; None if absent."""
    if not text:
        return None
    value = text.upper()
    if not value.startswith("PT"):
        raise ValueError(f"Unsupported duration {text!r}")
    seconds, number = 0.0, ""
    for char in value[2:]:
        if char.isdigit() or char == ".":
            number += char
        elif char in "HMS" and number:
            seconds += float(number) * {"H": 3600, "M": 60, "S": 1}[char]
            number = ""
        else:
            raise ValueError(f"Unsupported duration {text!r}")
    return seconds
