"""Pan/tilt/zoom of one camera from the wall, off the caller's thread and in order.

ONVIF calls take from milliseconds to the client's timeout, so each `PtzControl` runs them
on its own single worker thread: commands reach the camera in the order they were given, and
a stop always follows the move it ends. A motion command that is still waiting when a newer
one arrives is dropped (holding and releasing a button on a slow link must not replay a queue
of stale moves). Permission is checked in the worker for every command, so a role change
takes effect at once.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from app.cameras.onvif_client import OnvifClient, PtzPresetInfo
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require

log = logging.getLogger(__name__)

PTZ_PRESET_SAVED = "ptz.save_preset"
MAX_PRESET_NAME = 64
_T = TypeVar("_T")


class PtzClient(Protocol):
    """The PTZ part of app.cameras.onvif_client.OnvifClient."""

    def ptz_continuous_move(self, token: str, pan: float, tilt: float, zoom: float) -> None: ...

    def ptz_stop(self, token: str) -> None: ...

    def ptz_presets(self, token: str) -> list[PtzPresetInfo]: ...

    def ptz_goto_preset(self, token: str, preset: str) -> None: ...

    def ptz_set_preset(self, token: str, name: str) -> str: ...

    def ptz_position(self, token: str) -> tuple[float, float, float]: ...


class PtzInputError(ValueError):
    """A PTZ request the user must correct (e.g. an empty preset name)."""


def _clamp_unit(value: float) -> float:
    return max(-1.0, min(1.0, float(value)))


class PtzControl:
    def __init__(self, client: PtzClient, profile_token: str, camera_id: int,
                 principal: Callable[[], Principal | None], *,
                 audit: AuditTrail | None = None) -> None:
        self._client = client
        self._token = profile_token
        self.camera_id = camera_id
        self._principal = principal
        self._audit = audit
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ptz")
        self._lock = threading.Lock()
        self._motion_generation = 0
        self._moving = False
        self._closed = False

    @property
    def moving(self) -> bool:
        """Whether the last motion command sent (or queued) was a move, not a stop."""
        return self._moving

    def move(self, pan: float, tilt: float, zoom: float) -> Future[None]:
        """Continuous move at the given velocities (-1..1 each) until `stop()`."""
        velocity = (_clamp_unit(pan), _clamp_unit(tilt), _clamp_unit(zoom))
        self._moving = velocity != (0.0, 0.0, 0.0)
        return self._motion(lambda: self._client.ptz_continuous_move(self._token, *velocity))

    def stop(self) -> Future[None]:
        self._moving = False
        return self._motion(lambda: self._client.ptz_stop(self._token))

    def presets(self) -> Future[list[PtzPresetInfo]]:
        return self._submit(lambda: self._client.ptz_presets(self._token))

    def goto_preset(self, preset_token: str) -> Future[None]:
        return self._submit(lambda: self._client.ptz_goto_preset(self._token, preset_token))

    def save_preset(self, name: str) -> Future[str]:
        clean = " ".join((name or "").split())
        if not clean:
            raise PtzInputError("Type a name for the preset.")
        if len(clean) > MAX_PRESET_NAME:
            raise PtzInputError(f"The preset name is too long (at most {MAX_PRESET_NAME} "
                                "characters).")

        def run() -> str:
            token = self._client.ptz_set_preset(self._token, clean)
            if self._audit is not None:
                self._audit.append(self._principal(), PTZ_PRESET_SAVED, "camera",
                                   self.camera_id, {"preset": token, "name": clean})
            return token
        return self._submit(run)

    def position(self) -> Future[tuple[float, float, float]]:
        return self._submit(lambda: self._client.ptz_position(self._token))

    def close(self) -> None:
        """Stop a camera left moving, then let the worker finish (does not wait for it)."""
        if self._closed:
            return
        if self._moving:
            self.stop()
        self._closed = True
        self._worker.shutdown(wait=False)

    def join(self) -> None:
        """Wait until queued commands have run (shut-down, tests); bounded by the client's
        own timeout per command."""
        self._closed = True
        self._worker.shutdown(wait=True)

    # ----- internals -------------------------------------------------------------------------
    def _motion(self, call: Callable[[], None]) -> Future[None]:
        with self._lock:
            self._motion_generation += 1
            generation = self._motion_generation

        def unless_superseded() -> None:
            # A newer move or stop is queued behind this one: it alone matters now. (Skipping
            # instead of Future.cancel() keeps every future resolvable for its watcher.)
            if generation == self._motion_generation:
                call()
        return self._submit(unless_superseded)

    def _submit(self, call: Callable[[], _T]) -> Future[_T]:
        if self._closed:
            raise RuntimeError("PTZ control already closed")

        def checked() -> _T:
            require(self._principal(), Permission.PTZ_CONTROL, self.camera_id)
            return call()
        return self._worker.submit(checked)


def onvif_ptz_factory(credentials_for: Callable[[int], Any],
                      principal: Callable[[], Principal | None], *,
                      audit: AuditTrail | None = None, timeout: float = 5.0
                      ) -> Callable[[Any], PtzControl | None]:
    """Builds a PtzControl for a CameraDTO from its stored credentials (None without any).

    `credentials_for` is CameraRegistrar.credentials_for. The ONVIF connection itself is only
    opened by the first command, on the PTZ worker.
    """
    def build(camera: Any) -> PtzControl | None:
        profile = getattr(camera, "main_profile", None) or getattr(camera, "sub_profile", None)
        credentials = credentials_for(int(camera.id))
        if profile is None or credentials is None:
            return None
        client = OnvifClient(camera.host, int(camera.port), credentials.username,
                             credentials.password, timeout=timeout)
        return PtzControl(client, str(profile.token), int(camera.id), principal, audit=audit)
    return build
