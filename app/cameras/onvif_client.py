"""Minimal ONVIF client on onvif-zeep 0.2.12: device information, profiles, time, PTZ.

onvif-zeep builds its zeep clients with `xml_huge_tree=True` and no timeout; this module
builds them itself with a hardened parser (no DTD, no entities, no external fetches), a
transport that checks every answer with app.cameras.xml_safety before zeep parses it, and a
timeout. Every failure reaches the caller as an OnvifError with a message fit for the user;
zeep, lxml and requests errors never escape.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import requests
import zeep.exceptions
from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport
from zeep.wsdl import Document

from app.cameras.xml_safety import MalformedXmlError, UnsafeXmlError, parse_untrusted

# onvif-zeep calls logging.basicConfig(level=INFO) when imported, which would add a second
# console handler to the application's logging: keep the root logger as it was.
_root_handlers, _root_level = list(logging.root.handlers), logging.root.level
from onvif import ONVIFCamera, ONVIFService  # type: ignore[import-untyped]
from onvif.client import UsernameDigestTokenDtDiff  # type: ignore[import-untyped]

logging.root.handlers[:] = _root_handlers
logging.root.setLevel(_root_level)

log = logging.getLogger(__name__)

WSDL_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    ONVIFCamera.__init__.__code__.co_filename))), "wsdl")
_T = TypeVar("_T")


class OnvifError(Exception):
    """An ONVIF operation failed; `user_message` says why in words for the operator."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class OnvifAuthError(OnvifError):
    """The camera refused the user name or password."""


class OnvifUnreachable(OnvifError):
    """No answer: wrong address, camera off, network down or too slow."""


class OnvifProtocolError(OnvifError):
    """The camera answered something that is not a valid ONVIF answer."""


@dataclass(frozen=True)
class DeviceInfo:
    manufacturer: str
    model: str
    firmware: str
    serial: str
    hardware_id: str


@dataclass(frozen=True)
class StreamProfile:
    token: str
    name: str
    kind: str  # "main" for the largest resolution, "sub" for the others
    width: int
    height: int
    fps: int
    encoding: str
    stream_uri: str
    snapshot_uri: str | None


@dataclass(frozen=True)
class NetworkInterfaceInfo:
    name: str
    mac: str
    ipv4: tuple[str, ...]


@dataclass(frozen=True)
class PtzPresetInfo:
    token: str
    name: str


def hardened_settings() -> Settings:
    # strict=False keeps zeep lenient about element order, as real cameras need; the bytes
    # themselves are checked strictly by the transport below.
    return Settings(strict=False, forbid_dtd=True, forbid_entities=True,
                    forbid_external=True, xml_huge_tree=False)


class HardenedTransport(Transport):  # type: ignore[misc]
    """zeep transport that refuses unsafe or broken XML before zeep parses it."""

    def __init__(self, timeout: float) -> None:
        session = requests.Session()
        session.trust_env = False  # camera traffic never goes through a proxy
        super().__init__(session=session, timeout=timeout, operation_timeout=timeout)

    def post(self, address: str, message: Any, headers: Any) -> requests.Response:
        response = super().post(address, message, headers)
        content = response.content
        if content and content.lstrip()[:1] == b"<":
            try:
                parse_untrusted(content)
            except UnsafeXmlError as exc:
                raise OnvifProtocolError(f"The camera sent an unsafe answer ({exc})") from None
            except MalformedXmlError:
                raise OnvifProtocolError("The camera sent a broken answer (not valid XML)"
                                         ) from None
        elif response.status_code == 401:
            raise OnvifAuthError("The camera refused the user name or password")
        return response


_documents: dict[str, Document] = {}
_documents_lock = threading.Lock()


def _wsdl_document(path: str) -> Document:
    """Parsed WSDLs are shared: parsing devicemgmt.wsdl costs about a second each time."""
    with _documents_lock:
        document = _documents.get(path)
        if document is None:
            document = Document(path, Transport(), settings=hardened_settings())  # type: ignore[arg-type]
            _documents[path] = document
        return document


PTZ_NAMESPACE = "http://www.onvif.org/ver20/ptz/wsdl"


class _HardenedCamera(ONVIFCamera):  # type: ignore[misc]
    """ONVIFCamera whose services use our zeep client (settings, transport, WSDL cache)."""

    def __init__(self, host: str, port: int, user: str, passwd: str,
                 transport: Transport) -> None:
        self._settings = hardened_settings()
        super().__init__(host, port, user, passwd, wsdl_dir=WSDL_DIR, no_cache=True,
                         transport=transport)

    def create_onvif_service(self, name: str, from_template: bool = True,
                             portType: str | None = None) -> ONVIFService:
        name = name.lower()
        xaddr, wsdl_file, binding_name = self.get_definition(name, portType)
        with self.services_lock:
            wsse = UsernameDigestTokenDtDiff(self.user, self.passwd, dt_diff=self.dt_diff,
                                             use_digest=True)
            client = Client(wsdl=_wsdl_document(wsdl_file), wsse=wsse,
                            transport=self.transport, settings=self._settings)
            service = ONVIFService(xaddr, self.user, self.passwd, wsdl_file, True,
                                   zeep_client=client, no_cache=True, portType=portType,
                                   dt_diff=self.dt_diff, binding_name=binding_name,
                                   transport=self.transport)
            self.services[name] = service
            setattr(self, name, service)
        return service


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps (onvif-zeep re-raises everything as ONVIFError)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def translate_error(exc: BaseException, where: str, timeout: float) -> OnvifError:
    for cause in _causes(exc):
        if isinstance(cause, OnvifError):
            return cause
        if isinstance(cause, zeep.exceptions.Fault):
            codes = [str(cause.code or "")] + [str(c) for c in cause.subcodes or []]
            if any("NotAuthorized" in code for code in codes) or "not authorized" in str(
                    cause.message or "").lower():
                return OnvifAuthError("The camera refused the user name or password")
            return OnvifProtocolError(f"The camera refused the request: {cause.message}")
        if isinstance(cause, requests.exceptions.Timeout):
            return OnvifUnreachable(f"The camera at {where} did not answer within "
                                    f"{timeout:g} s")
        if isinstance(cause, requests.exceptions.RequestException):
            return OnvifUnreachable(f"Cannot connect to the camera at {where}")
        if isinstance(cause, zeep.exceptions.TransportError):
            if cause.status_code == 401:
                return OnvifAuthError("The camera refused the user name or password")
            return OnvifProtocolError(f"The camera answered HTTP {cause.status_code}")
        if isinstance(cause, (zeep.exceptions.Error, etree.LxmlError, ValueError,
                              AttributeError, KeyError, TypeError)):
            log.debug("ONVIF answer from %s not understood", where, exc_info=cause)
            return OnvifProtocolError("The camera sent an answer that is not valid ONVIF")
    log.warning("Unexpected ONVIF failure talking to %s", where, exc_info=exc)
    return OnvifProtocolError(f"ONVIF request to {where} failed")


class OnvifClient:
    def __init__(self, host: str, port: int, username: str, password: str,
                 timeout: float = 5.0) -> None:
        self.host = host
        self.port = int(port)
        self._username = username
        self._password = password
        self.timeout = timeout
        self._camera: _HardenedCamera | None = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:  # never shows the password
        return f"OnvifClient({self.host}:{self.port}, user={self._username!r})"

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def _call(self, operation: Callable[[_HardenedCamera], _T]) -> _T:
        with self._lock:
            try:
                if self._camera is None:
                    self._camera = _HardenedCamera(self.host, self.port, self._username,
                                                   self._password,
                                                   HardenedTransport(self.timeout))
                return operation(self._camera)
            except Exception as exc:  # noqa: BLE001 - every failure becomes an OnvifError
                raise translate_error(exc, self.where, self.timeout) from None

    def device_information(self) -> DeviceInfo:
        def run(camera: _HardenedCamera) -> DeviceInfo:
            info = camera.devicemgmt.GetDeviceInformation()
            return DeviceInfo(str(info.Manufacturer), str(info.Model),
                              str(info.FirmwareVersion), str(info.SerialNumber),
                              str(info.HardwareId))
        return self._call(run)

    def profiles(self) -> list[StreamProfile]:
        def run(camera: _HardenedCamera) -> list[StreamProfile]:
            media = camera.get_service("media")
            found = []
            for profile in media.GetProfiles():
                encoder = profile.VideoEncoderConfiguration
                if encoder is None:
                    continue  # audio-only or metadata profile
                stream = media.GetStreamUri({
                    "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                    "ProfileToken": profile.token})
                try:
                    snapshot: str | None = str(media.GetSnapshotUri(
                        {"ProfileToken": profile.token}).Uri)
                except Exception:  # noqa: BLE001 - snapshots are optional in ONVIF
                    snapshot = None
                rate = encoder.RateControl
                found.append((profile, encoder, str(stream.Uri), snapshot,
                              int(rate.FrameRateLimit) if rate is not None else 0))
            largest = max((e.Resolution.Width * e.Resolution.Height for _, e, *_ in found),
                          default=0)
            return [StreamProfile(
                token=str(profile.token), name=str(profile.Name),
                kind="main" if encoder.Resolution.Width * encoder.Resolution.Height == largest
                else "sub",
                width=int(encoder.Resolution.Width), height=int(encoder.Resolution.Height),
                fps=fps, encoding=str(encoder.Encoding), stream_uri=uri, snapshot_uri=snapshot,
            ) for profile, encoder, uri, snapshot, fps in found]
        return self._call(run)

    def network_interfaces(self) -> list[NetworkInterfaceInfo]:
        """The device's interfaces with MAC and IPv4 addresses (GetNetworkInterfaces)."""
        def run(camera: _HardenedCamera) -> list[NetworkInterfaceInfo]:
            found = []
            for interface in camera.devicemgmt.GetNetworkInterfaces() or []:
                info = interface.Info
                config = interface.IPv4.Config if interface.IPv4 is not None else None
                addresses: list[str] = []
                if config is not None:
                    addresses += [str(m.Address) for m in (config.Manual or []) if m.Address]
                    if config.FromDHCP is not None and config.FromDHCP.Address:
                        addresses.append(str(config.FromDHCP.Address))
                found.append(NetworkInterfaceInfo(
                    name=str(info.Name or interface.token) if info is not None
                    else str(interface.token),
                    mac=str(info.HwAddress or "") if info is not None else "",
                    ipv4=tuple(addresses)))
            return found
        return self._call(run)

    def system_time_drift(self) -> float:
        """Camera clock minus ours, in seconds (positive: the camera is ahead)."""
        def run(camera: _HardenedCamera) -> float:
            answer = camera.devicemgmt.GetSystemDateAndTime()
            utc = answer.UTCDateTime
            camera_time = datetime(utc.Date.Year, utc.Date.Month, utc.Date.Day,
                                   utc.Time.Hour, utc.Time.Minute, utc.Time.Second,
                                   tzinfo=UTC)
            return (camera_time - datetime.now(UTC)).total_seconds()
        return self._call(run)

    def has_ptz(self) -> bool:
        """Whether the device advertises a PTZ service (from its capabilities)."""
        return self._call(lambda camera: PTZ_NAMESPACE in (camera.xaddrs or {}))

    def _ptz(self, camera: _HardenedCamera) -> Any:
        try:
            return camera.get_service("ptz")
        except Exception as exc:
            if "support service" in str(exc):
                raise OnvifError("This camera has no PTZ") from None
            raise

    def ptz_continuous_move(self, token: str, pan: float, tilt: float, zoom: float) -> None:
        self._call(lambda camera: self._ptz(camera).ContinuousMove({
            "ProfileToken": token,
            "Velocity": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}}}))

    def ptz_stop(self, token: str) -> None:
        self._call(lambda camera: self._ptz(camera).Stop(
            {"ProfileToken": token, "PanTilt": True, "Zoom": True}))

    def ptz_presets(self, token: str) -> list[PtzPresetInfo]:
        def run(camera: _HardenedCamera) -> list[PtzPresetInfo]:
            presets = self._ptz(camera).GetPresets({"ProfileToken": token}) or []
            return [PtzPresetInfo(str(p.token), str(p.Name or p.token)) for p in presets]
        return self._call(run)

    def ptz_goto_preset(self, token: str, preset: str) -> None:
        self._call(lambda camera: self._ptz(camera).GotoPreset(
            {"ProfileToken": token, "PresetToken": preset}))

    def ptz_set_preset(self, token: str, name: str) -> str:
        """Save the current position as a new preset called `name`; returns its token."""
        return str(self._call(lambda camera: self._ptz(camera).SetPreset(
            {"ProfileToken": token, "PresetName": name})))

    def ptz_position(self, token: str) -> tuple[float, float, float]:
        """(pan, tilt, zoom) in the camera's generic spaces, from GetStatus."""
        def run(camera: _HardenedCamera) -> tuple[float, float, float]:
            position = self._ptz(camera).GetStatus({"ProfileToken": token}).Position
            return (float(position.PanTilt.x), float(position.PanTilt.y),
                    float(position.Zoom.x))
        return self._call(run)
