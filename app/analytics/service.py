"""Live analytics in the workstation: the detector and the pipeline, started on demand.

Nothing is compiled until the first camera is analysed (a workstation that never analyses
pays nothing). Which cameras are analysed is stored (AnalyticsConfig.enabled), so the wall
comes back analysing the same cameras after a restart (``restore_enabled``). Each camera's
sub-stream is pulled once by the stream hub; ``hub_register`` turns a camera into the hub's
local URL that the capture process reads, so analysis does not open a second RTSP session.

Scene changes and switching analysis on or off are setting changes: they are checked against
the signed-in user's role (when a principal provider is given) and written to the audit trail.
Methods may be called from any thread; ``enable`` blocks while the model compiles the first
time, so the UI calls it off the GUI thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from app.analytics.channel import ChannelUpdate, PlateFn
from app.analytics.config_store import CameraAnalytics, SceneStore
from app.analytics.pipeline import ChannelStatus, Subscriber
from app.analytics.scene import SceneConfig, SceneError
from app.models.errors import ModelStoreError
from app.models.store import InstalledBundle, ModelStore
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.security.secrets import CredentialError, Credentials
from app.storage.database import Database
from app.storage.dto import CameraDTO
from app.video.urls import with_credentials
from app.wall.streams import pick_stream

log = logging.getLogger(__name__)

ROAD_USERS_TASK = "detection.road_users"
DEFAULT_FPS = 5.0


class AnalyticsUnavailable(Exception):
    """Analysis cannot run here (no model, no stream, the model does not compile); for the
    user."""


class PipelineLike(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def add_channel(self, camera_id: int, url: str, scene: SceneConfig,
                    analysis_fps: float = 5.0) -> None: ...
    def remove_channel(self, camera_id: int) -> None: ...
    def subscribe(self, subscriber: Subscriber) -> None: ...
    def unsubscribe(self, subscriber: Subscriber) -> None: ...
    def status(self) -> list[ChannelStatus]: ...


# (road-user bundle, device, plate reader or None) → a pipeline that is not started yet.
PipelineFactory = Callable[[InstalledBundle, str, "PlateFn | None"], PipelineLike]
PlateFactory = Callable[[str], "PlateFn | None"]


class AnalyticsService:
    def __init__(self, core_db: Database, audit: AuditTrail, evidence_dir: Path,
                 models_dir: Path, cache_dir: Path,
                 hub_register: Callable[[CameraDTO], str] | None, *,
                 principal: Callable[[], Principal | None] | None = None,
                 device: str = "CPU", model_name: str | None = None,
                 pipeline_factory: PipelineFactory | None = None,
                 plate_factory: PlateFactory | None = None) -> None:
        self._db = core_db
        self._audit = audit
        self._evidence_dir = evidence_dir
        self.models = ModelStore(models_dir)
        self._cache_dir = cache_dir
        self._hub_register = hub_register
        self._principal = principal
        self.device = device  # used when the pipeline next starts
        self._model_name = model_name
        self._pipeline_factory = pipeline_factory or self._real_pipeline
        self._plate_factory = plate_factory or self._real_plate_reader
        self.scenes = SceneStore(core_db)
        self._lock = threading.RLock()  # lifecycle: held while a first enable compiles
        self._cache: Any = None  # CompiledModelCache, created with the first pipeline
        self._pipeline: PipelineLike | None = None
        self._channels: dict[int, tuple[str, float]] = {}  # camera → (url, fps)
        # Replaced whole (never mutated) so the analysis thread reads it without a lock.
        self._subscribers: tuple[Subscriber, ...] = ()
        self._started = False

    # Availability ------------------------------------------------------------------------------
    def road_user_model(self) -> InstalledBundle | None:
        try:
            if self._model_name:
                bundle = self.models.get(self._model_name)
                return bundle if bundle.manifest.task == ROAD_USERS_TASK else None
            found = self.models.find_by_task(ROAD_USERS_TASK)
        except (ModelStoreError, OSError) as exc:
            log.warning("cannot read the model folder: %s", exc)
            return None
        return found[0] if found else None

    @property
    def available(self) -> bool:
        return self.road_user_model() is not None

    @property
    def unavailable_reason(self) -> str:
        """Empty when analysis can run; else a sentence for the user."""
        if self.available:
            return ""
        if self._model_name:
            return (f"Analytics is disabled: the road-user detection model "
                    f"{self._model_name!r} is not installed.")
        return ("Analytics is disabled: no road-user detection model is installed (install a "
                "model bundle on the Models page or with: main.py models install --from FOLDER).")

    # Lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Allow analysis; the pipeline itself starts with the first enabled camera."""
        with self._lock:
            self._started = True

    def stop(self) -> None:
        """Stop every channel and the pipeline; the stored 'enabled' flags stay as they are."""
        with self._lock:
            self._started = False
            pipeline, self._pipeline = self._pipeline, None
            self._channels = {}
        if pipeline is not None:
            pipeline.unsubscribe(self._on_update)
            pipeline.stop()

    @property
    def running(self) -> bool:
        return self._pipeline is not None

    # Channels ----------------------------------------------------------------------------------
    def enable(self, camera: CameraDTO, analysis_fps: float | None = None) -> None:
        """Start analysing ``camera`` with its stored scene and remember it across restarts.

        Raises AnalyticsUnavailable (no model, compile failure, no stream, not started),
        SceneError (bad rate, camera gone) or PermissionDenied, each with a message for the
        user."""
        actor = self._guard()
        if analysis_fps is not None and not 0.2 <= analysis_fps <= 30:
            raise SceneError("the analysis rate must be between 0.2 and 30 frames per second")
        with self._lock:
            fps = self._add(camera, analysis_fps)
            try:
                self.scenes.set_enabled(camera.id, True, analysis_fps)
            except Exception:
                self._remove(camera.id)
                raise
        self._record(actor, "analytics.enable", camera.id, {"fps": fps})

    def disable(self, camera_id: int) -> None:
        actor = self._guard()
        with self._lock:
            self._remove(camera_id)
        self.scenes.set_enabled(camera_id, False)
        self._record(actor, "analytics.disable", camera_id, None)

    # Read without the lock (a dict lookup is atomic): the GUI thread asks while a first
    # enable may hold the lock for the seconds a compile takes.
    def is_enabled(self, camera_id: int) -> bool:
        return camera_id in self._channels

    def enabled_cameras(self) -> list[int]:
        return sorted(self._channels)

    def restore_enabled(self, cameras: Iterable[CameraDTO]) -> dict[int, str]:
        """Analyse again the cameras that were analysed when the workstation closed.

        Returns the cameras that could not be restored with the reason (they stay marked
        enabled, so a later start tries again). Without a model nothing is compiled."""
        wanted = set(self.scenes.enabled_cameras())
        chosen = [c for c in cameras if c.id in wanted]
        if not chosen:
            return {}
        if not self.available:
            return {c.id: self.unavailable_reason for c in chosen}
        failed: dict[int, str] = {}
        for camera in chosen:
            try:
                with self._lock:
                    self._add(camera, None)
            except Exception as exc:  # noqa: BLE001 - one camera must not stop the others
                log.warning("analysis of camera %s not restored: %s", camera.id, exc)
                failed[camera.id] = str(exc)
        return failed

    def status(self) -> list[ChannelStatus]:
        pipeline = self._pipeline
        return pipeline.status() if pipeline is not None else []

    def _add(self, camera: CameraDTO, fps: float | None) -> float:
        if not self._started:
            raise AnalyticsUnavailable("Analytics is not running.")
        stored = self.scenes.get(camera.id)
        rate = fps or (stored.analysis_fps if stored else DEFAULT_FPS)
        pipeline = self._ensure_pipeline()
        url = self._stream_url(camera)
        pipeline.add_channel(camera.id, url, stored.scene if stored else SceneConfig(), rate)
        self._channels = {**self._channels, camera.id: (url, rate)}
        return rate

    def _remove(self, camera_id: int) -> None:
        self._channels = {k: v for k, v in self._channels.items() if k != camera_id}
        if self._pipeline is not None:
            self._pipeline.remove_channel(camera_id)

    # Updates -----------------------------------------------------------------------------------
    def subscribe(self, subscriber: Subscriber) -> None:
        """``subscriber(camera_id, update, frame_bgr)`` runs on the analysis thread and must
        only hand the update over."""
        if subscriber not in self._subscribers:
            self._subscribers = (*self._subscribers, subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers = tuple(s for s in self._subscribers if s != subscriber)

    def _on_update(self, camera_id: int, update: ChannelUpdate, frame: np.ndarray) -> None:
        for subscriber in self._subscribers:
            try:
                subscriber(camera_id, update, frame)
            except Exception:  # a broken view must not stop the others
                log.exception("analytics subscriber failed")

    # Scenes (checked and audited; a running channel picks the new scene up) -------------------
    def get(self, camera_id: int) -> CameraAnalytics | None:
        return self.scenes.get(camera_id)

    def save(self, camera_id: int, scene: SceneConfig, expected_version: int | None) -> int:
        """SceneStore.save for a user: checked, audited, applied to a running channel."""
        actor = self._guard()
        version = self.scenes.save(camera_id, scene, expected_version)
        self._record(actor, "analytics.scene_save", camera_id, {"version": version})
        self._reload(camera_id, scene)
        return version

    def copy(self, source_camera_id: int, target_camera_ids: Sequence[int]) -> list[int]:
        actor = self._guard()
        written = self.scenes.copy(source_camera_id, target_camera_ids)
        self._record(actor, "analytics.scene_copy", source_camera_id, {"targets": written})
        for target in written:
            found = self.scenes.get(target)
            if found is not None:
                self._reload(target, found.scene)
        return written

    def _reload(self, camera_id: int, scene: SceneConfig) -> None:
        with self._lock:
            running = self._channels.get(camera_id)
            if running is not None and self._pipeline is not None:
                self._pipeline.add_channel(camera_id, running[0], scene, running[1])

    def still(self, camera: CameraDTO) -> np.ndarray:
        """One current frame of the camera's analysed stream (slow: call off the GUI thread)."""
        return grab_still(self._stream_url(camera))

    # Internals ---------------------------------------------------------------------------------
    def _guard(self) -> Principal | None:
        if self._principal is None:
            return None
        return require(self._principal(), Permission.MANAGE_CAMERAS)

    def _record(self, actor: Principal | None, action: str, camera_id: int,
                details: dict[str, Any] | None) -> None:
        try:
            self._audit.append(actor, action, "camera", camera_id, details)
        except Exception:  # the change is made; a failed entry is logged loudly
            log.exception("audit entry %s for camera %s could not be written", action, camera_id)

    def _stream_url(self, camera: CameraDTO) -> str:
        if self._hub_register is not None:
            try:
                return self._hub_register(camera)
            except Exception as exc:  # noqa: BLE001 - hub, credential or address problems
                raise AnalyticsUnavailable(
                    f"the stream of camera {camera.name!r} cannot be used: {exc}") from None
        profile = camera.sub_profile or camera.main_profile
        if profile is None or not profile.stream_uri:
            raise AnalyticsUnavailable(f"camera {camera.name!r} has no stream address")
        return profile.stream_uri

    def _ensure_pipeline(self) -> PipelineLike:
        if self._pipeline is not None:
            return self._pipeline
        bundle = self.road_user_model()
        if bundle is None:
            raise AnalyticsUnavailable(self.unavailable_reason)
        try:
            pipeline = self._pipeline_factory(bundle, self.device,
                                              self._plate_factory(self.device))
        except ModelStoreError as exc:
            raise AnalyticsUnavailable(f"Analytics cannot start: {exc}") from None
        pipeline.subscribe(self._on_update)
        pipeline.start()
        self._pipeline = pipeline
        return pipeline

    def compiled_cache(self) -> Any:
        """The CompiledModelCache (created on first use: it loads OpenVINO)."""
        if self._cache is None:
            from app.models.cache import CompiledModelCache

            self._cache = CompiledModelCache(self._cache_dir)
        return self._cache

    def _real_pipeline(self, bundle: InstalledBundle, device: str,
                       plate_reader: PlateFn | None) -> PipelineLike:
        # Imported here: OpenVINO loads only when analysis is first used.
        from app.analytics.detector import Detector
        from app.analytics.pipeline import AnalysisPipeline
        from app.analytics.sink import AnalyticsSink

        detector = Detector(bundle, self.compiled_cache(), device=device)
        sink = AnalyticsSink(self._db, self._audit, self._evidence_dir)
        return AnalysisPipeline(detector, sink, plate_reader=plate_reader)

    def _real_plate_reader(self, device: str) -> PlateFn | None:
        from app.analytics.plates import PlateReader

        try:
            return PlateReader(self.models, self.compiled_cache(), device).read
        except ModelStoreError as exc:
            log.warning("plates are not read: %s", exc)
            return None


class _Hub(Protocol):
    def register(self, key: str, source_url: str) -> str: ...


def hub_stream_register(hub: _Hub, credentials_for: Callable[[int], Credentials | None]
                        ) -> Callable[[CameraDTO], str]:
    """``hub_register`` for AnalyticsService: the camera's sub-stream (else its main stream)
    in the stream hub, under the key the wall and the recorder use ("cam<ID>-<kind>") with
    the same source URL, so a camera shown, recorded and analysed is still pulled once."""

    def register(camera: CameraDTO) -> str:
        kind, uri = pick_stream(camera, "sub")
        if not uri:
            raise AnalyticsUnavailable(f"camera {camera.name!r} has no stream address")
        try:
            found = credentials_for(camera.id)
        except CredentialError as exc:  # try without: some cameras allow anonymous streams
            log.warning("camera %s: %s", camera.id, exc)
            found = None
        source = with_credentials(uri, found.username, found.password) if found else uri
        return hub.register(f"cam{camera.id}-{kind}", source)

    return register


def grab_still(url: str, timeout_s: float = 10.0) -> np.ndarray:
    """One decoded frame (BGR) of a stream or file, for drawing a scene over it."""
    import cv2

    timeout_ms = int(timeout_s * 1000)
    capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG,
                               [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, timeout_ms,
                                cv2.CAP_PROP_READ_TIMEOUT_MSEC, timeout_ms])
    try:
        if not capture.isOpened():
            raise SceneError("the camera's stream cannot be opened")
        ok, frame = capture.read()
        if not ok or frame is None:
            raise SceneError("the camera's stream sent no picture")
        return np.ascontiguousarray(frame)
    finally:
        capture.release()
