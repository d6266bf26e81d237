"""Pan/tilt/zoom mechanics of a simulated PTZ camera.

ContinuousMove sets a velocity; the position is the velocity integrated over time, clamped
to the ONVIF generic spaces (pan/tilt -1..1, zoom 0..1). Position is computed on demand from
the monotonic clock, so no thread is needed to move the camera.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Units per second at velocity 1.0: a full pan sweep (-1..1) takes four seconds.
PAN_TILT_SPEED = 0.5
ZOOM_SPEED = 0.5


@dataclass(frozen=True)
class PtzPose:
    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0


@dataclass(frozen=True)
class PtzPreset:
    token: str
    name: str
    pose: PtzPose


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


class PtzMechanics:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._pose = PtzPose()
        self._velocity = (0.0, 0.0, 0.0)
        self._since = clock()
        self._until: float | None = None
        self._presets: dict[str, PtzPreset] = {
            "1": PtzPreset("1", "Home", PtzPose()),
        }

    def _settle(self) -> None:
        """Fold the motion since the last change into the stored pose (lock held)."""
        now = self._clock()
        end = now if self._until is None else min(now, self._until)
        elapsed = max(0.0, end - self._since)
        vp, vt, vz = self._velocity
        self._pose = PtzPose(
            _clamp(self._pose.pan + vp * PAN_TILT_SPEED * elapsed, -1.0, 1.0),
            _clamp(self._pose.tilt + vt * PAN_TILT_SPEED * elapsed, -1.0, 1.0),
            _clamp(self._pose.zoom + vz * ZOOM_SPEED * elapsed, 0.0, 1.0),
        )
        self._since = now
        if self._until is not None and now >= self._until:
            self._velocity, self._until = (0.0, 0.0, 0.0), None

    def pose(self) -> PtzPose:
        with self._lock:
            self._settle()
            return self._pose

    def is_moving(self) -> bool:
        with self._lock:
            self._settle()
            return self._velocity != (0.0, 0.0, 0.0)

    def continuous_move(self, pan: float, tilt: float, zoom: float,
                        timeout: float | None = None) -> None:
        with self._lock:
            self._settle()
            self._velocity = (_clamp(pan, -1, 1), _clamp(tilt, -1, 1), _clamp(zoom, -1, 1))
            self._until = None if timeout is None else self._since + timeout

    def stop(self, pan_tilt: bool = True, zoom: bool = True) -> None:
        with self._lock:
            self._settle()
            vp, vt, vz = self._velocity
            self._velocity = (0.0 if pan_tilt else vp, 0.0 if pan_tilt else vt,
                              0.0 if zoom else vz)

    def presets(self) -> list[PtzPreset]:
        with self._lock:
            return sorted(self._presets.values(), key=lambda preset: int(preset.token))

    def set_preset(self, name: str | None, token: str | None) -> str:
        with self._lock:
            self._settle()
            if not token:
                token = str(max((int(t) for t in self._presets), default=0) + 1)
            self._presets[token] = PtzPreset(token, name or f"Preset {token}", self._pose)
            return token

    def goto_preset(self, token: str) -> bool:
        with self._lock:
            preset = self._presets.get(token)
            if preset is None:
                return False
            self._pose, self._velocity, self._until = preset.pose, (0.0, 0.0, 0.0), None
            self._since = self._clock()
            return True
