"""RecordingService: starts and stops channel recorders, runs recovery and retention.

On start, segments left open by a crash are repaired or marked damaged before any recorder
writes; retention then runs every `retention_interval_s` on its own thread. Recorders share
one retention manager to make room when the disk runs short (serialised by a lock).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.recording.dto import ChannelConfig
from app.recording.index import SegmentIndex
from app.recording.integrity import (
    IntegrityReport,
    RecoveryResult,
    check_integrity,
    recover_interrupted,
)
from app.recording.recorder import ChannelRecorder, FreeBytes, RecorderStatus, disk_free_bytes
from app.recording.retention import RetentionManager, RetentionPolicy, RetentionResult
from app.storage.database import Database
from app.storage.repositories.events import EventRepository
from app.storage.types import utc_now
from app.video.hub import StreamHub

log = logging.getLogger(__name__)

# camera config → (hub stream key, source URL with credentials) or None when not available.
SourceResolver = Callable[[ChannelConfig], "tuple[str, str] | None"]


@dataclass(frozen=True)
class RecordingSettings:
    root: Path
    min_free_bytes: int = 512 << 20
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    retention_interval_s: float = 600.0


class RecordingService:
    def __init__(self, db: Database, hub: StreamHub, settings: RecordingSettings, *,
                 free_bytes: FreeBytes = disk_free_bytes, ffprobe: str = "ffprobe",
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._hub = hub
        self.settings = settings
        self.index = SegmentIndex(db)
        self.retention = RetentionManager(db, settings.retention, clock)
        self._events = EventRepository(db)
        self._free_bytes = free_bytes
        self._ffprobe = ffprobe
        self._clock = clock
        self._recorders: dict[int, ChannelRecorder] = {}
        self._lock = threading.Lock()
        self._room_lock = threading.Lock()
        self._stop = threading.Event()
        self._retention_thread: threading.Thread | None = None

    # ----- lifecycle -----------------------------------------------------------------------
    def start(self) -> RecoveryResult:
        """Repair what a crash left behind, then run retention periodically."""
        self.settings.root.mkdir(parents=True, exist_ok=True)
        result = recover_interrupted(self.index, self._ffprobe)
        if result.repaired or result.damaged:
            self._events.add("recording.recovered",
                             f"{len(result.repaired)} interrupted segments repaired, "
                             f"{len(result.damaged)} damaged.",
                             severity="warning" if result.damaged else "info",
                             data={"repaired": [s.path for s in result.repaired],
                                   "damaged": [s.path for s in result.damaged]})
        self._stop.clear()
        if self._retention_thread is None and self.settings.retention_interval_s > 0:
            self._retention_thread = threading.Thread(target=self._retention_loop,
                                                      name="rec-retention", daemon=True)
            self._retention_thread.start()
        return result

    def stop(self) -> None:
        """Stop every recorder (open segments are closed and indexed) and the retention loop."""
        self._stop.set()
        with self._lock:
            recorders = list(self._recorders.values())
            self._recorders.clear()
        for recorder in recorders:
            recorder.stop()
        thread, self._retention_thread = self._retention_thread, None
        if thread is not None:
            thread.join(10)

    # ----- channels ------------------------------------------------------------------------
    def start_channel(self, config: ChannelConfig, stream_key: str,
                      source_url: str | None = None) -> None:
        """Record `config.camera_id` from the hub stream `stream_key` (registered with
        `source_url` first when given; the same key and URL as the wall share one pull)."""
        if source_url is not None:
            self._hub.register(stream_key, source_url)
        with self._lock:
            old = self._recorders.pop(config.camera_id, None)
        if old is not None:
            old.stop()
        recorder = ChannelRecorder(
            config, stream_key, self._hub, self.index, self.settings.root,
            min_free_bytes=self.settings.min_free_bytes, free_bytes=self._free_bytes,
            make_room=self._make_room, on_alarm=self._raise_alarm, clock=self._clock)
        with self._lock:
            self._recorders[config.camera_id] = recorder
        recorder.start()
        log.info("recording camera %s (%s, %d s segments)", config.camera_id, config.mode,
                 config.segment_s)

    def start_configured(self, resolve: SourceResolver) -> list[int]:
        """Start every enabled channel of `recording_channels`; returns the cameras started."""
        started = []
        for config in self.index.channels(enabled_only=True):
            found = resolve(config)
            if found is None:
                log.warning("camera %s is marked for recording but has no stream",
                            config.camera_id)
                continue
            self.start_channel(config, *found)
            started.append(config.camera_id)
        return started

    def stop_channel(self, camera_id: int) -> None:
        with self._lock:
            recorder = self._recorders.pop(camera_id, None)
        if recorder is not None:
            recorder.stop()

    def trigger(self, camera_id: int, at: datetime | None = None) -> bool:
        """An event on `camera_id`: event-mode channels keep their pre/post buffer."""
        with self._lock:
            recorder = self._recorders.get(camera_id)
        if recorder is None:
            return False
        recorder.trigger(at)
        return True

    def status(self, camera_id: int) -> RecorderStatus | None:
        with self._lock:
            recorder = self._recorders.get(camera_id)
        return recorder.status() if recorder else None

    def statuses(self) -> list[RecorderStatus]:
        with self._lock:
            recorders = list(self._recorders.values())
        return [r.status() for r in recorders]

    def recording_cameras(self) -> list[int]:
        with self._lock:
            return sorted(self._recorders)

    # ----- maintenance ---------------------------------------------------------------------
    def enforce_retention(self) -> RetentionResult:
        with self._room_lock:
            return self.retention.enforce()

    def check_integrity(self, verify_hashes: bool = False,
                        extra_roots: Iterable[Path] = ()) -> IntegrityReport:
        return check_integrity(self.index, [self.settings.root, *extra_roots],
                               verify_hashes=verify_hashes)

    def _make_room(self, wanted: int) -> int:
        with self._room_lock:
            return self.retention.free_space(wanted)

    def _raise_alarm(self, camera_id: int, kind: str, message: str,
                     data: dict[str, object]) -> None:
        self._events.add(kind, message, camera_id=camera_id, severity="critical",
                         data=dict(data))

    def _retention_loop(self) -> None:
        while not self._stop.wait(self.settings.retention_interval_s):
            try:
                self.enforce_retention()
            except Exception:  # retention must never take recording down
                log.exception("retention run failed")
