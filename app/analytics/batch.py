"""Batch analysis of a video file (a recording, or footage from citizens' or businesses'
cameras): the same detector, tracker, rules and database writes as live analysis, at a
chosen analysis rate, with progress and cancel, and without a screen."""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2

from app.analytics.channel import ChannelAnalyser, PlateFn
from app.analytics.detector import Detector
from app.analytics.scene import SceneConfig
from app.analytics.sink import AnalyticsSink
from app.analytics.types import FrameDetections

log = logging.getLogger(__name__)


class BatchError(Exception):
    """The file or configuration cannot be analysed; the message says why."""


@dataclass(frozen=True)
class BatchProgress:
    frames_done: int
    frames_total: int  # estimate of analysed frames (0 when the file does not tell)
    seconds_done: float
    violations: int


@dataclass(frozen=True)
class BatchSummary:
    file: str
    camera_id: int
    analysed_frames: int
    duration_s: float
    counts: dict[str, int]
    violations: int
    events: int
    violation_ids: tuple[int, ...]
    wall_time_s: float
    cancelled: bool


def analyse_file(path: Path, scene: SceneConfig, detector: Detector, sink: AnalyticsSink | None,
                 camera_id: int, *, analysis_fps: float = 5.0, start_epoch: float = 0.0,
                 plate_reader: PlateFn | None = None,
                 progress: Callable[[BatchProgress], None] | None = None,
                 cancelled: Callable[[], bool] = lambda: False) -> BatchSummary:
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise BatchError(f"{path} cannot be opened as a video (unknown format or damaged)")
    started = time.perf_counter()
    try:
        native_fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        if not 0 < native_fps < 1000:
            native_fps = 25.0
        total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        step = max(1, round(native_fps / analysis_fps))
        ok, frame = capture.read()
        if not ok or frame is None:
            raise BatchError(f"{path} has no decodable video frames")
        height, width = frame.shape[:2]
        channel = ChannelAnalyser(camera_id, scene, width, height, sink,
                                  fps=native_fps / step, plate_reader=plate_reader,
                                  epoch_offset=start_epoch)
        index = analysed = 0
        stopped = False
        while ok and frame is not None:
            if index % step == 0:
                if cancelled():
                    stopped = True
                    break
                t = index / native_fps
                dets = FrameDetections(str(camera_id), index, t, width, height,
                                       tuple(detector.detect(frame)))
                channel.process(dets, frame)
                analysed += 1
                if progress is not None and analysed % 5 == 0:
                    progress(BatchProgress(analysed, total // step, t, len(channel.violations)))
            ok, frame = capture.read()
            index += 1
        channel.finish()
        if progress is not None:
            progress(BatchProgress(analysed, max(analysed, total // step), index / native_fps,
                                   len(channel.violations)))
        return BatchSummary(str(path), camera_id, analysed, index / native_fps,
                            dict(channel.counts), len(channel.violations), channel.events,
                            tuple(v.violation_id for v in channel.violations),
                            time.perf_counter() - started, stopped)
    finally:
        capture.release()


def write_summary(summary: BatchSummary, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "summary.json"
    target.write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=2),
                      encoding="utf-8")
    return target
