"""Finding cameras: WS-Discovery on chosen interfaces, or ONVIF probes of given addresses.

Many police networks forbid scanning, so probing an address (or a short list or range the
administrator types) is as much a way in as the multicast search. Each address gets a clear
verdict: an ONVIF device with its identity, one that needs a password, nothing listening, no
answer in time, something that is not ONVIF, or a broken answer. Work runs on a bounded pool
of threads, reports progress through a callback and stops early when a cancel event is set.
Qt-free: the dialog runs these calls off the GUI thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlsplit

import requests

from app.cameras.discovery_targets import (
    AddressListError,
    NetworkInterface,
    ProbeTarget,
    list_interfaces,
    parse_targets,
)
from app.cameras.onvif_client import (
    OnvifAuthError,
    OnvifClient,
    OnvifError,
    OnvifUnreachable,
)
from app.cameras.registration import CameraAddress, CameraRegistrar
from app.cameras.wsdiscovery import ProbeMatch, probe
from app.cameras.xml_safety import MalformedXmlError, UnsafeXmlError, parse_untrusted
from app.security.permissions import PermissionDenied, Principal
from app.security.secrets import Credentials
from app.storage.errors import StorageError
from app.storage.repositories import CameraRepository

__all__ = ["AddressListError", "DiscoveredDevice", "DiscoveryProgress", "DiscoveryReport",
           "DiscoveryService", "NetworkInterface", "ProbeStatus", "ProbeTarget",
           "RegistrationOutcome", "RegistrationRequest", "list_interfaces", "parse_targets"]

log = logging.getLogger(__name__)

DEVICE_SERVICE_PATH = "/onvif/device_service"
_SOAP_NS = "http://www.w3.org/2003/05/soap-envelope"
_TIME_REQUEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<s:Envelope xmlns:s="{_SOAP_NS}"><s:Body>'
    '<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
    "</s:Body></s:Envelope>").encode()
_SOAP_HEADERS = {"Content-Type": 'application/soap+xml; charset=utf-8; '
                                 'action="http://www.onvif.org/ver10/device/wsdl/'
                                 'GetSystemDateAndTime"'}


class ProbeStatus(StrEnum):
    FOUND = "found"                      # ONVIF device, identity read
    AUTH_REQUIRED = "auth_required"      # ONVIF device, needs a user name and password
    WRONG_CREDENTIALS = "wrong_credentials"  # ONVIF device refused the ones given
    REFUSED = "refused"                  # nothing listens on that port
    UNREACHABLE = "unreachable"          # no route, unknown host name
    TIMEOUT = "timeout"                  # no answer in time
    NOT_ONVIF = "not_onvif"              # answers, but not as an ONVIF device
    MALFORMED = "malformed"              # answers broken or unsafe XML


@dataclass(frozen=True)
class DiscoveredDevice:
    host: str
    port: int
    status: ProbeStatus
    message: str  # English detail for the log and tooltips; the UI words each status itself
    manufacturer: str = ""
    model: str = ""
    firmware: str = ""
    serial: str = ""
    mac: str = ""
    addresses: tuple[str, ...] = ()  # IPv4 addresses / service URLs the device reports
    name: str = ""  # from WS-Discovery scopes, when found that way
    endpoint: str = ""  # WS-Discovery endpoint reference, when found that way
    registered_camera_id: int | None = None
    registered_name: str = ""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def is_onvif(self) -> bool:
        return self.status in (ProbeStatus.FOUND, ProbeStatus.AUTH_REQUIRED,
                               ProbeStatus.WRONG_CREDENTIALS)

    @property
    def registered(self) -> bool:
        return self.registered_camera_id is not None


@dataclass(frozen=True)
class DiscoveryProgress:
    done: int
    total: int
    device: DiscoveredDevice | None  # the answer that just came in


@dataclass(frozen=True)
class DiscoveryReport:
    devices: tuple[DiscoveredDevice, ...]
    total: int  # addresses that were to be probed
    cancelled: bool

    @property
    def onvif_devices(self) -> tuple[DiscoveredDevice, ...]:
        return tuple(d for d in self.devices if d.is_onvif)


@dataclass(frozen=True)
class RegistrationRequest:
    host: str
    port: int
    credentials: Credentials
    name: str | None = None
    site_id: int | None = None
    purpose: str = "traffic"


@dataclass(frozen=True)
class RegistrationOutcome:
    host: str
    port: int
    ok: bool
    message: str
    camera_id: int | None = None
    camera_name: str = ""
    auth_failed: bool = False

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


ProgressCallback = Callable[[DiscoveryProgress], None]


class DiscoveryService:
    def __init__(self, cameras: CameraRepository, registrar: CameraRegistrar, *,
                 timeout: float = 3.0, concurrency: int = 8,
                 client_factory: Callable[..., OnvifClient] = OnvifClient) -> None:
        self._cameras = cameras
        self._registrar = registrar
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self._client_factory = client_factory

    # ------------------------------------------------------------------ unicast
    def probe_addresses(self, targets: Sequence[ProbeTarget] | str,
                        credentials: Credentials | None = None, *, default_port: int = 80,
                        cancel: threading.Event | None = None,
                        progress: ProgressCallback | None = None) -> DiscoveryReport:
        """Probe each address (a list, or text for parse_targets) over ONVIF.

        Raises AddressListError for text that is not a valid address list."""
        if isinstance(targets, str):
            targets = parse_targets(targets, default_port)
        return self._probe_all(list(targets), credentials, cancel, progress, {})

    def probe_one(self, target: ProbeTarget, credentials: Credentials | None = None
                  ) -> DiscoveredDevice:
        device = self._probe(target, credentials)
        return self._with_registration(device)

    def _probe_all(self, targets: list[ProbeTarget], credentials: Credentials | None,
                   cancel: threading.Event | None, progress: ProgressCallback | None,
                   found_by_discovery: dict[tuple[str, int], ProbeMatch]) -> DiscoveryReport:
        cancel = cancel or threading.Event()
        results: dict[int, DiscoveredDevice] = {}
        done = 0
        lock = threading.Lock()

        def run(position: int, target: ProbeTarget) -> None:
            nonlocal done
            if cancel.is_set():
                return
            device = self._with_registration(self._probe(target, credentials))
            match = found_by_discovery.get((target.host, target.port))
            if match is not None:
                device = replace(device, name=match.name or "", endpoint=match.endpoint,
                                 addresses=tuple(dict.fromkeys(device.addresses
                                                               + match.xaddrs)))
            with lock:
                results[position] = device
                done += 1
                current = done
            if progress is not None:
                progress(DiscoveryProgress(current, len(targets), device))

        if targets:
            with ThreadPoolExecutor(max_workers=min(self.concurrency, len(targets)),
                                    thread_name_prefix="onvif-probe") as pool:
                for position, target in enumerate(targets):
                    pool.submit(self._guarded, run, position, target)
        devices = tuple(results[i] for i in sorted(results))
        return DiscoveryReport(devices, len(targets), cancel.is_set() and
                               len(devices) < len(targets))

    @staticmethod
    def _guarded(run: Callable[[int, ProbeTarget], None], position: int,
                 target: ProbeTarget) -> None:
        try:
            run(position, target)
        except Exception:
            log.exception("probing %s:%s failed unexpectedly", target.host, target.port)

    def _probe(self, target: ProbeTarget, credentials: Credentials | None) -> DiscoveredDevice:
        verdict = self._check_onvif(target)
        if verdict is not None:
            return verdict
        user, password = (credentials.username, credentials.password) if credentials \
            else ("", "")
        try:
            client = self._client_factory(target.host, target.port, user, password,
                                          timeout=self.timeout)
            info = client.device_information()
        except OnvifAuthError:
            if credentials is None or not credentials.username:
                return DiscoveredDevice(target.host, target.port, ProbeStatus.AUTH_REQUIRED,
                                        "ONVIF device; it needs a user name and password")
            return DiscoveredDevice(target.host, target.port, ProbeStatus.WRONG_CREDENTIALS,
                                    "The camera refused the user name or password")
        except OnvifUnreachable as exc:
            return DiscoveredDevice(target.host, target.port, ProbeStatus.TIMEOUT,
                                    exc.user_message)
        except OnvifError as exc:
            return DiscoveredDevice(target.host, target.port, ProbeStatus.MALFORMED,
                                    exc.user_message)
        mac = ""
        addresses: tuple[str, ...] = ()
        try:
            interfaces = client.network_interfaces()
            mac = next((i.mac for i in interfaces if i.mac), "")
            addresses = tuple(a for i in interfaces for a in i.ipv4)
        except OnvifError as exc:  # optional: not every device answers it
            log.debug("no network interfaces from %s:%s: %s", target.host, target.port, exc)
        return DiscoveredDevice(
            target.host, target.port, ProbeStatus.FOUND, "ONVIF device",
            manufacturer=info.manufacturer, model=info.model, firmware=info.firmware,
            serial=info.serial, mac=mac, addresses=addresses)

    def _check_onvif(self, target: ProbeTarget) -> DiscoveredDevice | None:
        """An unauthenticated GetSystemDateAndTime (open by the ONVIF specification) says
        whether an ONVIF device answers at all; None when one does."""
        url = f"http://{target.url_host}:{target.port}{DEVICE_SERVICE_PATH}"

        def verdict(status: ProbeStatus, message: str) -> DiscoveredDevice:
            return DiscoveredDevice(target.host, target.port, status, message)

        with requests.Session() as session:
            session.trust_env = False  # camera traffic never goes through a proxy
            try:
                response = session.post(url, data=_TIME_REQUEST, headers=_SOAP_HEADERS,
                                        timeout=self.timeout, allow_redirects=False)
                content = response.content[:1024 * 1024 + 1]
            except requests.exceptions.Timeout:
                return verdict(ProbeStatus.TIMEOUT,
                               f"No answer within {self.timeout:g} s")
            except requests.exceptions.ConnectionError as exc:
                if _is_refused(exc):
                    return verdict(ProbeStatus.REFUSED, "Connection refused")
                return verdict(ProbeStatus.UNREACHABLE, "Cannot reach this address")
            except requests.exceptions.RequestException as exc:
                return verdict(ProbeStatus.UNREACHABLE, f"Cannot reach this address ({exc})")
        if response.status_code == 401:
            return None  # HTTP digest protected device service: still ONVIF
        if content.lstrip()[:1] != b"<":
            return verdict(ProbeStatus.NOT_ONVIF,
                           f"Answers HTTP {response.status_code}, but not as an ONVIF device")
        try:
            root = parse_untrusted(content)
        except UnsafeXmlError as exc:
            return verdict(ProbeStatus.MALFORMED, f"Unsafe answer ({exc})")
        except MalformedXmlError:
            return verdict(ProbeStatus.MALFORMED, "Broken answer (not valid XML)")
        if root.tag != f"{{{_SOAP_NS}}}Envelope":
            return verdict(ProbeStatus.NOT_ONVIF, "Answers XML, but not SOAP")
        return None

    def _with_registration(self, device: DiscoveredDevice) -> DiscoveredDevice:
        try:
            known = self._cameras.find_by_address(device.host, device.port)
        except StorageError as exc:
            log.warning("cannot check whether %s is registered: %s", device.address, exc)
            return device
        if known is None:
            return device
        return replace(device, registered_camera_id=known.id, registered_name=known.name)

    # ---------------------------------------------------------------- multicast
    def search(self, interface_addresses: Sequence[str],
               credentials: Credentials | None = None, *, wait: float = 2.0,
               cancel: threading.Event | None = None,
               progress: ProgressCallback | None = None) -> DiscoveryReport:
        """WS-Discovery probe out of each interface address, then an ONVIF probe of every
        device that answered (its identity, whether it is registered)."""
        cancel = cancel or threading.Event()
        matches: dict[str, ProbeMatch] = {}
        for interface in interface_addresses:
            if cancel.is_set():
                return DiscoveryReport((), 0, True)
            try:
                for match in probe(interface, timeout=wait, multicast=True):
                    matches.setdefault(match.endpoint, match)
            except OSError as exc:
                log.warning("WS-Discovery out of %s failed: %s", interface, exc)
        targets: list[ProbeTarget] = []
        by_address: dict[tuple[str, int], ProbeMatch] = {}
        for match in matches.values():
            target = _target_of(match)
            if target is not None and (target.host, target.port) not in by_address:
                by_address[(target.host, target.port)] = match
                targets.append(target)
        return self._probe_all(targets, credentials, cancel, progress, by_address)

    # -------------------------------------------------------------- registration
    def register(self, actor: Principal | None, requests_: Sequence[RegistrationRequest], *,
                 cancel: threading.Event | None = None,
                 progress: Callable[[int, int, RegistrationOutcome], None] | None = None
                 ) -> tuple[RegistrationOutcome, ...]:
        """Register each device with its credentials; one outcome per request. A camera that
        refuses is reported and nothing of it is stored. Raises PermissionDenied up front
        when the actor may not manage cameras."""
        self._registrar.policy.authorize(actor)
        outcomes: list[RegistrationOutcome] = []
        for number, request in enumerate(requests_, start=1):
            if cancel is not None and cancel.is_set():
                break
            outcome = self._register_one(actor, request)
            outcomes.append(outcome)
            if progress is not None:
                progress(number, len(requests_), outcome)
        return tuple(outcomes)

    def _register_one(self, actor: Principal | None,
                      request: RegistrationRequest) -> RegistrationOutcome:
        address = CameraAddress(request.host, request.port)
        try:
            camera = self._registrar.register_device(
                actor, address, request.credentials, name=request.name,
                site_id=request.site_id, purpose=request.purpose)
        except OnvifAuthError:
            return RegistrationOutcome(request.host, request.port, False,
                                       "The camera refused the user name or password",
                                       auth_failed=True)
        except OnvifError as exc:
            return RegistrationOutcome(request.host, request.port, False, exc.user_message)
        except (StorageError, ValueError, PermissionDenied) as exc:
            return RegistrationOutcome(request.host, request.port, False, str(exc))
        return RegistrationOutcome(request.host, request.port, True, "Registered",
                                   camera_id=camera.id, camera_name=camera.name)


def _is_refused(exc: BaseException) -> bool:
    current: BaseException | None = exc
    seen = 0
    while current is not None and seen < 10:
        if isinstance(current, ConnectionRefusedError):
            return True
        current = current.__cause__ or current.__context__ or (
            current.args[0] if current.args and isinstance(current.args[0], BaseException)
            else None)
        seen += 1
    return "refused" in str(exc).lower()


def _target_of(match: ProbeMatch) -> ProbeTarget | None:
    """The ONVIF device address of a WS-Discovery answer (its first http XAddr)."""
    for xaddr in match.xaddrs:
        parts = urlsplit(xaddr)
        if parts.scheme in ("http", "https") and parts.hostname:
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
            except ValueError:
                continue
            return ProbeTarget(parts.hostname.lower(), port)
    return None
