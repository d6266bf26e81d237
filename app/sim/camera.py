"""What a simulated camera is (a frozen description) and its switchable faults."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

MANUFACTURER = "Trực Ban Sim"

#: Faults a trainer or test can switch on per camera.
FAULTS = ("stream_drop", "stream_stall", "slow_soap", "malformed_soap", "refuse_auth")


@dataclass(frozen=True)
class SimCamera:
    index: int
    name: str
    uuid: str
    onvif_url: str
    rtsp_main: str
    rtsp_sub: str
    snapshot_url: str
    manufacturer: str
    model: str
    firmware: str
    serial: str
    mac: str
    ptz: bool
    main: tuple[int, int]
    sub: tuple[int, int]
    fps: int = 25
    location: str = "Hà Nội"
    scopes: tuple[str, ...] = field(default=())

    @property
    def onvif_port(self) -> int:
        return int(self.onvif_url.split(":")[2].split("/")[0])


class CameraFaults:
    """Thread-safe set of active faults of one camera (read by its SOAP server threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: set[str] = set()
        self.slow_soap_seconds = 30.0

    def set(self, fault: str, on: bool) -> None:
        if fault not in FAULTS:
            raise ValueError(f"Unknown fault {fault!r}; known faults: {', '.join(FAULTS)}")
        with self._lock:
            if on:
                self._active.add(fault)
            else:
                self._active.discard(fault)

    def is_on(self, fault: str) -> bool:
        with self._lock:
            return fault in self._active

    def active(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._active)
