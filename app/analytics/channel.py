"""One analysed channel: detections → tracks → riders → rules → database.

Keeps the last few frames so that a violation's evidence has frames from before the moment,
and holds each violation until a few frames after it have arrived. The plate is read on the
vehicle's crop at the moment, and again on later frames of the same track while unread.
Live and batch analysis both run this; it is not thread-safe (one channel, one caller).
"""
from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from app.analytics.plates import PlateReading
from app.analytics.rules import RuleEngine, RuleHit
from app.analytics.scene import SceneConfig
from app.analytics.signal import LightState
from app.analytics.sink import AnalyticsSink, StoredViolation, crop_box
from app.analytics.tracker import Tracker, TrackerSettings
from app.analytics.twowheel import associate_riders
from app.analytics.types import FrameDetections, TrackedFrame

log = logging.getLogger(__name__)

PlateFn = Callable[[np.ndarray], PlateReading | None]


@dataclass(frozen=True)
class ChannelUpdate:
    """What an analysis tile paints and the counters it shows."""

    frame: TrackedFrame
    hits: tuple[RuleHit, ...]
    light: LightState
    counts: dict[str, int]  # class → crossings since the channel started
    stored: tuple[StoredViolation, ...] = ()


@dataclass
class _Pending:
    hit: RuleHit
    frame: np.ndarray
    before: list[np.ndarray]
    after: list[np.ndarray] = field(default_factory=list)
    plate: PlateReading | None = None


class ChannelAnalyser:
    def __init__(self, camera_id: int, scene: SceneConfig, width: int, height: int,
                 sink: AnalyticsSink | None, *, fps: float, plate_reader: PlateFn | None = None,
                 epoch_offset: float = 0.0, frames_around: int = 4,
                 tracker_settings: TrackerSettings | None = None) -> None:
        self.camera_id = camera_id
        self.fps = fps
        self.rules = RuleEngine(scene, width, height)
        self.tracker = Tracker(tracker_settings)
        self.sink = sink
        self.read_plate = plate_reader
        self.epoch_offset = epoch_offset
        self._around = frames_around
        self._recent: deque[np.ndarray] = deque(maxlen=frames_around)
        self._pending: list[_Pending] = []
        self.counts: Counter[str] = Counter()
        self.violations: list[StoredViolation] = []
        self.events = 0

    def process(self, detections: FrameDetections, frame_bgr: np.ndarray) -> ChannelUpdate:
        tracked = associate_riders(self.tracker.update(detections))
        hits = self.rules.process(tracked, frame_bgr, self.epoch_offset)
        for hit in hits:
            if hit.kind == "line_cross" and hit.road_class is not None:
                self.counts[hit.road_class.value] += 1
        if self.sink is not None:
            self.sink.add_counts(self.camera_id, hits)
        for hit in hits:
            if hit.is_violation:
                pending = _Pending(hit, frame_bgr, list(self._recent))
                pending.plate = self._plate(frame_bgr, hit.box)
                self._pending.append(pending)
            elif hit.kind != "line_cross" and self.sink is not None:
                self.sink.add_event(self.camera_id, hit)
                self.events += 1
        stored = self._advance_pending(tracked, frame_bgr)
        self._recent.append(frame_bgr)
        return ChannelUpdate(tracked, tuple(hits), self.rules.light, dict(self.counts), stored)

    def finish(self) -> tuple[StoredViolation, ...]:
        """Write what is still waiting for frames after it (end of a file, channel stopped)."""
        stored = tuple(filter(None, (self._store(p) for p in self._pending)))
        self._pending.clear()
        if self.sink is not None:
            self.sink.flush_counts()
        return stored

    def _advance_pending(self, tracked: TrackedFrame, frame: np.ndarray
                         ) -> tuple[StoredViolation, ...]:
        done: list[StoredViolation] = []
        keep = []
        for pending in self._pending:
            if pending.frame is not frame:
                pending.after.append(frame)
                if pending.plate is None or not pending.plate.valid:
                    box = next((t.box for t in tracked.tracks
                                if t.track_id == pending.hit.track_id), None)
                    better = self._plate(frame, box)
                    if better is not None and (pending.plate is None or better.valid):
                        pending.plate = better
            if len(pending.after) >= self._around:
                stored = self._store(pending)
                if stored is not None:
                    done.append(stored)
            else:
                keep.append(pending)
        self._pending = keep
        return tuple(done)

    def _plate(self, frame: np.ndarray, box: tuple[float, float, float, float] | None
               ) -> PlateReading | None:
        if self.read_plate is None or box is None:
            return None
        crop = crop_box(frame, box, margin=0.05)
        if crop is None:
            return None
        try:
            return self.read_plate(crop)
        except Exception:  # a plate the reader chokes on must not stop the channel
            log.exception("plate reading failed on camera %s", self.camera_id)
            return None

    def _store(self, pending: _Pending) -> StoredViolation | None:
        if self.sink is None:
            return None
        sequence = [*pending.before, pending.frame, *pending.after]
        stored = self.sink.add_violation(self.camera_id, pending.hit, pending.frame, sequence,
                                         self.fps, pending.plate)
        if stored is not None:
            self.violations.append(stored)
        return stored
