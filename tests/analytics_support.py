"""Synthetic road scenes for the analytics tests: objects moving along paths, turned into
detections frame by frame and run through the real tracker, rider association and rules."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from app.analytics.channel import ChannelAnalyser, ChannelUpdate
from app.analytics.scene import SceneConfig
from app.analytics.types import Box, FrameDetections, ObjectDetection, RoadClass

WIDTH, HEIGHT = 1000, 1000
Path = Callable[[float], Box | None]


@dataclass(frozen=True)
class Mover:
    road_class: RoadClass
    path: Path
    score: float = 0.9


def linear(start: tuple[float, float], end: tuple[float, float], t0: float, t1: float,
           size: tuple[float, float] = (60, 60)) -> Path:
    """A box whose bottom centre moves from start to end between t0 and t1 (absent outside)."""
    w, h = size

    def at(t: float) -> Box | None:
        if t < t0 or t > t1:
            return None
        f = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
        x = start[0] + (end[0] - start[0]) * f
        y = start[1] + (end[1] - start[1]) * f
        return (x - w / 2, y - h, x + w / 2, y)
    return at


def offset(path: Path, dx: float, dy: float, size: tuple[float, float] | None = None) -> Path:
    """A box riding along another path (a rider on a bike), shifted by dx, dy."""
    def at(t: float) -> Box | None:
        box = path(t)
        if box is None:
            return None
        x0, y0, x1, y1 = box
        if size is not None:
            cx = (x0 + x1) / 2
            return (cx - size[0] / 2 + dx, y1 - size[1] + dy, cx + size[0] / 2 + dx, y1 + dy)
        return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    return at


def run_scene(scene: SceneConfig, movers: Sequence[Mover], seconds: float, fps: float = 10.0,
              *, epoch_offset: float = 0.0, image: np.ndarray | None = None,
              image_at: Callable[[float], np.ndarray] | None = None) -> list[ChannelUpdate]:
    channel = ChannelAnalyser(1, scene, WIDTH, HEIGHT, None, fps=fps, epoch_offset=epoch_offset)
    blank = image if image is not None else np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    updates = []
    for i in range(int(seconds * fps) + 1):
        t = i / fps
        dets = tuple(ObjectDetection(box, m.score, m.road_class, m.road_class.value)
                     for m in movers if (box := m.path(t)) is not None)
        frame = image_at(t) if image_at is not None else blank
        updates.append(channel.process(FrameDetections("1", i, t, WIDTH, HEIGHT, dets), frame))
    return updates


def hits_of(updates: Sequence[ChannelUpdate], kind: str) -> list:
    return [hit for u in updates for hit in u.hits if hit.kind == kind]
