"""Multi-object tracking in the manner of ByteTrack (Zhang et al., 2022).

Each track carries a constant-velocity Kalman filter over (centre x, centre y, width, height).
Every frame: predict all tracks to the frame's time; match confident detections to the tracks
by IoU of the predicted boxes; then match the remaining low-score detections to the remaining
tracks (this is ByteTrack's idea: a half-hidden object scores low but is still the same
object); then, because analysis runs at a few frames per second and a motorbike moves more
than its own width between frames, match leftovers by centre distance relative to the box
size; unmatched confident detections start tentative tracks, confirmed after ``min_hits``;
a track unmatched for longer than ``max_lost_s`` ends. Lost tracks keep their id and can be
matched again, so ids survive short occlusions.

Matching is greedy by IoU (highest first), which on road scenes gives the same pairs as the
Hungarian method except in rare ties, and needs no extra dependency.
"""
from __future__ import annotations

import itertools
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.analytics.types import (
    Box,
    FrameDetections,
    ObjectDetection,
    RoadClass,
    TrackedFrame,
    TrackSnapshot,
)


@dataclass(frozen=True)
class TrackerSettings:
    high_score: float = 0.5
    low_score: float = 0.2
    match_iou: float = 0.25
    match_distance: float = 0.2  # centre within 0.8 of a box diagonal of its prediction
    min_hits: int = 2
    max_lost_s: float = 1.5
    history_s: float = 6.0


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    x0 = np.maximum(a[:, None, 0], b[None, :, 0])
    y0 = np.maximum(a[:, None, 1], b[None, :, 1])
    x1 = np.minimum(a[:, None, 2], b[None, :, 2])
    y1 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-9)


def greedy_match(iou: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    if iou.size == 0:
        return pairs
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    order = np.dstack(np.unravel_index(np.argsort(-iou, axis=None), iou.shape))[0]
    for row, col in order:
        if iou[row, col] < threshold:
            break
        if row in used_rows or col in used_cols:
            continue
        pairs.append((int(row), int(col)))
        used_rows.add(int(row))
        used_cols.add(int(col))
    return pairs


class _Kalman:
    """State (cx, cy, w, h, vx, vy, vw, vh); noise scaled by the box height as in SORT."""

    def __init__(self, box: Box, t: float) -> None:
        cx, cy, w, h = _xywh(box)
        self.x = np.array([cx, cy, w, h, 0, 0, 0, 0], dtype=np.float64)
        self.p = np.diag([h, h, h, h, 10 * h, 10 * h, h, h]).astype(np.float64) ** 2 * 0.01
        self.t = t

    def predict(self, t: float) -> None:
        dt = max(0.0, t - self.t)
        if dt == 0:
            return
        f = np.eye(8)
        f[:4, 4:] = np.eye(4) * dt
        h = max(self.x[3], 1.0)
        q = np.diag([0.05 * h] * 4 + [0.5 * h] * 2 + [0.05 * h] * 2) ** 2 * dt
        self.x = f @ self.x
        self.p = f @ self.p @ f.T + q
        self.t = t

    def update(self, box: Box) -> None:
        z = np.array(_xywh(box))
        hmat = np.zeros((4, 8))
        hmat[:, :4] = np.eye(4)
        h = max(self.x[3], 1.0)
        r = np.diag([0.05 * h] * 4) ** 2
        s = hmat @ self.p @ hmat.T + r
        k = self.p @ hmat.T @ np.linalg.inv(s)
        self.x = self.x + k @ (z - hmat @ self.x)
        self.p = (np.eye(8) - k @ hmat) @ self.p

    @property
    def box(self) -> Box:
        cx, cy, w, h = self.x[:4]
        w, h = max(w, 1.0), max(h, 1.0)
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    @property
    def velocity(self) -> tuple[float, float]:
        return (float(self.x[4]), float(self.x[5]))


def _xywh(box: Box) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return ((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0)


class _Track:
    def __init__(self, track_id: int, det: ObjectDetection, t: float) -> None:
        self.id = track_id
        self.filter = _Kalman(det.box, t)
        self.born = t
        self.last_seen = t
        self.hits = 1
        self.score = det.score
        self.classes: Counter[RoadClass] = Counter({det.road_class: 1})
        self.history: deque[tuple[float, float, float]] = deque()
        self.confirmed = False
        self._remember(t)

    def _remember(self, t: float) -> None:
        x0, y0, x1, y1 = self.filter.box
        self.history.append((t, (x0 + x1) / 2, (y0 + y1) / 2))

    def update(self, det: ObjectDetection, t: float, min_hits: int) -> None:
        self.filter.update(det.box)
        self.last_seen = t
        self.hits += 1
        self.score = det.score
        self.classes[det.road_class] += 1
        self.confirmed = self.confirmed or self.hits >= min_hits
        self._remember(t)

    def trim(self, t: float, keep_s: float) -> None:
        while self.history and self.history[0][0] < t - keep_s:
            self.history.popleft()

    @property
    def road_class(self) -> RoadClass:
        return self.classes.most_common(1)[0][0]

    def snapshot(self, t: float) -> TrackSnapshot:
        return TrackSnapshot(self.id, self.filter.box, self.road_class, self.score,
                             self.filter.velocity, t - self.born, self.hits,
                             lost=self.last_seen < t, history=tuple(self.history))


class Tracker:
    """Tracks of one channel. Not thread-safe: one channel, one caller."""

    def __init__(self, settings: TrackerSettings | None = None) -> None:
        self.settings = settings or TrackerSettings()
        self._tracks: list[_Track] = []
        self._ids = itertools.count(1)

    def update(self, frame: FrameDetections) -> TrackedFrame:
        s = self.settings
        t = frame.timestamp
        # Frames may be missing: a long-gone track must not be matched.
        self._tracks = [tr for tr in self._tracks if t - tr.last_seen <= self.settings.max_lost_s]
        for track in self._tracks:
            track.filter.predict(t)
        high = [d for d in frame.detections if d.score >= s.high_score]
        low = [d for d in frame.detections if s.low_score <= d.score < s.high_score]

        # 1. confident detections against every live track (lost ones included)
        unmatched = self._associate(self._tracks, high, t)
        # 2. low-score detections against confirmed tracks still unmatched this frame
        remaining = [tr for tr in self._tracks if tr.last_seen < t and tr.confirmed]
        self._associate(remaining, low, t)
        # 3. small, fast objects at a low analysis rate may not overlap their prediction at
        #    all: match confident leftovers to unmatched tracks by centre distance
        remaining = [tr for tr in self._tracks if tr.last_seen < t]
        unmatched = self._associate_by_distance(remaining, unmatched, t)
        # 4. new tracks from confident leftovers
        for det in unmatched:
            self._tracks.append(_Track(next(self._ids), det, t))
        self._prune(t)
        for track in self._tracks:
            track.trim(t, s.history_s)
        snapshots = tuple(tr.snapshot(t) for tr in self._tracks if tr.confirmed)
        return TrackedFrame(frame.channel, frame.frame_id, t, frame.width, frame.height,
                            snapshots)

    def _prune(self, t: float) -> None:
        keep_s = self.settings.max_lost_s
        self._tracks = [tr for tr in self._tracks
                        if t - tr.last_seen <= (keep_s if tr.confirmed else 0.0)]

    def _associate(self, tracks: Sequence[_Track], dets: Sequence[ObjectDetection],
                   t: float) -> list[ObjectDetection]:
        if not tracks or not dets:
            return list(dets)
        iou = iou_matrix(np.array([tr.filter.box for tr in tracks]),
                         np.array([d.box for d in dets]))
        matched: set[int] = set()
        for row, col in greedy_match(iou, self.settings.match_iou):
            tracks[row].update(dets[col], t, self.settings.min_hits)
            matched.add(col)
        return [d for i, d in enumerate(dets) if i not in matched]

    def _associate_by_distance(self, tracks: Sequence[_Track], dets: Sequence[ObjectDetection],
                               t: float) -> list[ObjectDetection]:
        if not tracks or not dets:
            return list(dets)
        boxes = np.array([tr.filter.box for tr in tracks])
        found = np.array([d.box for d in dets])
        centres_t = (boxes[:, :2] + boxes[:, 2:]) / 2
        centres_d = (found[:, :2] + found[:, 2:]) / 2
        diag = np.hypot(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
        distance = np.linalg.norm(centres_t[:, None, :] - centres_d[None, :, :], axis=2)
        # Similarity 1 at the same centre, 0 at a box diagonal away; sizes must roughly agree.
        similarity = 1.0 - distance / np.maximum(diag[:, None], 1.0)
        area_t = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
        area_d = (found[:, 2] - found[:, 0]) * (found[:, 3] - found[:, 1])
        ratio = np.minimum(area_t[:, None], area_d[None, :]) / np.maximum(
            np.maximum(area_t[:, None], area_d[None, :]), 1e-9)
        similarity[ratio < 0.5] = 0.0
        matched: set[int] = set()
        for row, col in greedy_match(similarity, self.settings.match_distance):
            tracks[row].update(dets[col], t, self.settings.min_hits)
            matched.add(col)
        return [d for i, d in enumerate(dets) if i not in matched]

    @property
    def active_count(self) -> int:
        return sum(1 for tr in self._tracks if tr.confirmed)
