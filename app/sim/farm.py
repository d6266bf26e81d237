"""A farm of simulated ONVIF cameras: SOAP servers, one RTSP server process, WS-Discovery."""
from __future__ import annotations

import logging
import secrets
import threading
import uuid
from collections.abc import Collection
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import quote

from app.sim import soap_responses as answers
from app.sim.camera import FAULTS, MANUFACTURER, CameraFaults, SimCamera
from app.sim.discovery import DiscoveryResponder
from app.sim.errors import SimulatorError
from app.sim.media import PreparedVideo, VideoPreparer
from app.sim.ptz import PtzMechanics
from app.sim.rtsp_process import RtspCameraSpec, RtspServerProcess
from app.sim.soap_server import CameraSoapServer

log = logging.getLogger(__name__)

_PTZ_UPDATE_INTERVAL = 0.1
# Stable per index, so a trainer's saved camera list survives a farm restart.
_UUID_NAMESPACE = uuid.UUID("6f1c2b9e-3c55-4d8e-9a51-8d7f8c1e0a11")


class SimulatorFarm:
    def __init__(self, cameras: int = 4, videos: list[Path] | None = None,
                 host: str = "127.0.0.1", username: str = "admin",
                 password: str | None = None, discovery: bool = True,
                 discovery_port: int = 3702, discovery_interface: str = "127.0.0.1",
                 ptz_cameras: set[int] | frozenset[int] = frozenset({1}),
                 burn_clock: bool | Collection[int] = False, rtsp_port: int = 0,
                 onvif_ports: list[int] | None = None,
                 cache_dir: Path | None = None, max_video_seconds: float = 300.0) -> None:
        if cameras < 1:
            raise SimulatorError("The simulator needs at least one camera")
        if onvif_ports is not None and len(onvif_ports) != cameras:
            raise SimulatorError("Give one ONVIF port per camera")
        self.camera_count = cameras
        self.videos = list(videos) if videos else []
        self.host = host
        self.username = username
        self.password = password if password is not None else secrets.token_urlsafe(9)
        self.discovery_enabled = discovery
        self.discovery_port = discovery_port
        self.discovery_interface = discovery_interface
        self.ptz_cameras = frozenset(ptz_cameras)
        # Cameras whose pictures carry the machine-readable clock strip (app/sim/clock_strip.py)
        # for latency measurements: True means all, or give camera indexes. Each costs a
        # decode and an encode per stream, so only measuring set-ups turn it on.
        if isinstance(burn_clock, bool):
            self.burn_clock_cameras = frozenset(range(1, cameras + 1) if burn_clock else ())
        else:
            self.burn_clock_cameras = frozenset(int(index) for index in burn_clock)
            if any(not 1 <= index <= cameras for index in self.burn_clock_cameras):
                raise SimulatorError(f"burn_clock names a camera outside 1..{cameras}")
        clock_on_ptz = self.burn_clock_cameras & self.ptz_cameras
        if clock_on_ptz:
            log.warning("PTZ cameras %s keep a fixed view: the clock strip needs the full "
                        "frame", sorted(clock_on_ptz))
        self._rtsp_port = rtsp_port
        self._onvif_ports = onvif_ports or [0] * cameras
        self._preparer = VideoPreparer(cache_dir, max_video_seconds)
        self._cameras: list[SimCamera] = []
        self._faults: dict[int, CameraFaults] = {}
        self._ptz: dict[int, PtzMechanics] = {}
        self._soap: list[CameraSoapServer] = []
        self._rtsp: RtspServerProcess | None = None
        self._discovery: DiscoveryResponder | None = None
        self._ptz_wake = threading.Event()
        self._ptz_stop = threading.Event()
        self._ptz_thread: threading.Thread | None = None
        self._started = False

    @property
    def cameras(self) -> list[SimCamera]:
        return list(self._cameras)

    @property
    def rtsp_port(self) -> int:
        return self._rtsp.port if self._rtsp else 0

    @property
    def discovery_bound_port(self) -> int:
        return self._discovery.port if self._discovery else 0

    def start(self) -> Self:
        if self._started:
            return self
        self._started = True
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        sources: list[Path | None] = list(self.videos) or [None]
        prepared: dict[int, PreparedVideo] = {}
        for position, source in enumerate(sources):
            prepared[position] = self._preparer.prepare(source)
        specs: list[RtspCameraSpec] = []
        for index in range(1, self.camera_count + 1):
            video = prepared[(index - 1) % len(sources)]
            self._faults[index] = CameraFaults()
            if index in self.ptz_cameras:
                self._ptz[index] = PtzMechanics()
            burn = index in self.burn_clock_cameras
            ptz = index in self._ptz and not burn
            specs.append(RtspCameraSpec(index, video.fps, ptz, video.main_stream,
                                        video.main_size, video.sub_stream, video.sub_size,
                                        burn_clock=burn))
            try:
                self._soap.append(CameraSoapServer(
                    self.host, self._onvif_ports[index - 1], self.username, self.password,
                    self._faults[index], video.snapshot, self._ptz.get(index),
                    self._ptz_wake.set))
            except OSError as exc:
                raise SimulatorError(f"Cannot open the ONVIF port of camera {index}: {exc}"
                                     ) from None
        self._rtsp = RtspServerProcess(specs, self.host, self._rtsp_port)
        self._rtsp.start()
        for spec, soap in zip(specs, self._soap):
            camera = self._describe(spec, soap.port, self._rtsp.port)
            soap.attach(camera)
            soap.start()
            self._cameras.append(camera)
        if self._ptz:
            self._ptz_thread = threading.Thread(target=self._follow_ptz, name="sim-ptz",
                                                daemon=True)
            self._ptz_thread.start()
        if self.discovery_enabled:
            self._discovery = DiscoveryResponder(self._cameras, self.discovery_interface,
                                                 self.discovery_port)
            self._discovery.start()
        log.info("Camera simulator started: %d cameras, RTSP port %d",
                 self.camera_count, self._rtsp.port)

    def _describe(self, spec: RtspCameraSpec, onvif_port: int, rtsp_port: int) -> SimCamera:
        index = spec.index
        name = f"Camera {index:02d}"
        base = f"http://{self.host}:{onvif_port}"
        model = "TB-PTZ200" if spec.ptz else "TB-IPC100"
        scopes = (
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/Profile/Streaming",
            *(("onvif://www.onvif.org/type/ptz",) if spec.ptz else ()),
            f"onvif://www.onvif.org/name/{quote(name)}",
            f"onvif://www.onvif.org/hardware/{model}",
            f"onvif://www.onvif.org/location/{quote('Hà Nội')}",
        )
        return SimCamera(
            index=index, name=name, uuid=str(uuid.uuid5(_UUID_NAMESPACE, str(index))),
            onvif_url=f"{base}{answers.DEVICE_PATH}",
            rtsp_main=f"rtsp://{self.host}:{rtsp_port}/cam{index}/main",
            rtsp_sub=f"rtsp://{self.host}:{rtsp_port}/cam{index}/sub",
            snapshot_url=f"{base}{answers.SNAPSHOT_PATH}",
            manufacturer=MANUFACTURER, model=model, firmware="1.4.2",
            serial=f"TBSIM{index:06d}", mac=f"02:54:42:00:00:{index:02x}",
            ptz=spec.ptz, main=spec.main_size, sub=spec.sub_size, fps=spec.fps,
            scopes=scopes,
        )

    def set_fault(self, index: int, fault_name: str, on: bool = True) -> None:
        """Switch a fault (see app.sim.camera.FAULTS) on or off for camera `index` (1-based)."""
        if index not in self._faults:
            raise SimulatorError(f"No camera {index}; the farm has {self.camera_count}")
        if fault_name not in FAULTS:
            raise SimulatorError(f"Unknown fault {fault_name!r}; known: {', '.join(FAULTS)}")
        faults = self._faults[index]
        faults.set(fault_name, on)
        if fault_name in ("stream_drop", "stream_stall") and self._rtsp is not None:
            if on:
                self._rtsp.set_fault(index, "drop" if fault_name == "stream_drop" else "stall")
            else:
                self._rtsp.set_fault(index, "restore")
                # Restoring one stream fault must not lift the other one.
                other = "stream_stall" if fault_name == "stream_drop" else "stream_drop"
                if faults.is_on(other):
                    self._rtsp.set_fault(index, "drop" if other == "stream_drop" else "stall")

    def set_slow_soap_delay(self, index: int, seconds: float) -> None:
        self._faults[index].slow_soap_seconds = seconds

    def active_faults(self, index: int) -> frozenset[str]:
        return self._faults[index].active()

    def _follow_ptz(self) -> None:
        """Forward PTZ poses to the RTSP server while any PTZ camera moves."""
        last: dict[int, tuple[float, float, float]] = {}
        while not self._ptz_stop.is_set():
            moving = False
            for index, mechanics in self._ptz.items():
                pose = mechanics.pose()
                values = (pose.pan, pose.tilt, pose.zoom)
                moving = moving or mechanics.is_moving()
                if last.get(index) != values and self._rtsp is not None:
                    try:
                        self._rtsp.set_ptz_pose(index, *values)
                        last[index] = values
                    except SimulatorError as exc:
                        log.warning("PTZ update failed: %s", exc)
            if moving:
                self._ptz_stop.wait(_PTZ_UPDATE_INTERVAL)
            else:
                self._ptz_wake.wait()
                self._ptz_wake.clear()

    def stop(self) -> None:
        self._ptz_stop.set()
        self._ptz_wake.set()
        if self._ptz_thread is not None:
            self._ptz_thread.join(timeout=5)
            self._ptz_thread = None
        if self._discovery is not None:
            self._discovery.stop()
            self._discovery = None
        for soap in self._soap:
            soap.stop()
        self._soap.clear()
        if self._rtsp is not None:
            self._rtsp.stop()
            self._rtsp = None
        self._started = False

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
