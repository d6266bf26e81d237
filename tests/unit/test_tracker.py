"""The tracker on ground-truth boxes in MOT form (frame, id, x, y, w, h): identities survive
crossings, short occlusions and low-score frames."""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from app.analytics.tracker import Tracker, greedy_match, iou_matrix
from app.analytics.types import FrameDetections, ObjectDetection, RoadClass


def _mot_rows() -> list[tuple[int, int, float, float, float, float]]:
    """Two pedestrians walking towards each other (crossing at frame 25) and a third one that
    is hidden behind a pillar for frames 30–36 (0.6 s at 10 fps)."""
    rows = []
    for frame in range(60):
        rows.append((frame, 1, 100 + 8 * frame, 300, 40, 100))
        rows.append((frame, 2, 560 - 8 * frame, 310, 40, 100))
        if not 30 <= frame <= 36:
            rows.append((frame, 3, 200 + 6 * frame, 600, 50, 120))
    return rows


def _run(rows: list[tuple[int, int, float, float, float, float]], fps: float = 10.0,
         score_for: dict[tuple[int, int], float] | None = None) -> dict[int, set[int]]:
    """Ground-truth id → the track ids assigned to it over the sequence."""
    by_frame: dict[int, list[tuple[int, tuple[float, float, float, float]]]] = defaultdict(list)
    for frame, gt_id, x, y, w, h in rows:
        by_frame[frame].append((gt_id, (x, y, x + w, y + h)))
    tracker = Tracker()
    assigned: dict[int, set[int]] = defaultdict(set)
    for frame in sorted(by_frame):
        items = by_frame[frame]
        dets = tuple(ObjectDetection(box, (score_for or {}).get((frame, gt), 0.9),
                                     RoadClass.PERSON, "person") for gt, box in items)
        tracked = tracker.update(FrameDetections("c", frame, frame / fps, 1000, 1000, dets))
        boxes = np.array([t.box for t in tracked.tracks if not t.lost])
        ids = [t.track_id for t in tracked.tracks if not t.lost]
        gts = np.array([box for _, box in items])
        for row, col in greedy_match(iou_matrix(gts, boxes) if len(boxes) else
                                     np.zeros((len(gts), 0)), 0.5):
            assigned[items[row][0]].add(ids[col])
    return assigned


def test_identities_survive_a_crossing_and_a_short_occlusion() -> None:
    assigned = _run(_mot_rows())
    assert all(len(ids) == 1 for ids in assigned.values()), dict(assigned)  # no id switch
    assert len({next(iter(ids)) for ids in assigned.values()}) == 3


def test_low_score_frames_keep_the_track_alive() -> None:
    rows = [(f, 1, 100 + 10 * f, 300, 40, 100) for f in range(40)]
    weak = {(f, 1): 0.3 for f in range(10, 25)}  # half hidden: the detector is unsure
    assigned = _run(rows, score_for=weak)
    assert assigned[1] and len(assigned[1]) == 1


def test_a_long_absence_ends_the_track() -> None:
    rows = [(f, 1, 100 + 5 * f, 300, 40, 100) for f in range(60) if not 10 <= f < 40]
    assigned = _run(rows)
    assert len(assigned[1]) == 2  # 3 s away: a new identity, not a wrong reunion


def test_greedy_match_prefers_the_best_overlap() -> None:
    a = np.array([[0, 0, 10, 10], [20, 0, 30, 10]], dtype=float)
    b = np.array([[21, 0, 31, 10], [1, 0, 11, 10]], dtype=float)
    assert sorted(greedy_match(iou_matrix(a, b), 0.3)) == [(0, 1), (1, 0)]
    assert greedy_match(iou_matrix(a, b + 100), 0.3) == []
