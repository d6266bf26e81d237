"""Capture workers: one process per analysed channel decodes the stream and hands frames to
the analysis process through shared memory.

The worker writes each kept frame into the next slot of a small ring in shared memory and
posts (slot, sequence, time, size) on a queue. Slots carry their sequence number in a header;
the reader checks it again after copying, so a slot overwritten while being read is counted
as dropped instead of being analysed as a torn frame. Only the analysis rate is kept: the
decoder still sees every frame (H.264 needs them) but only kept frames are converted,
resized and copied.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import time
from dataclasses import dataclass
from multiprocessing.shared_memory import SharedMemory
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

HEADER = 16  # int64 sequence (kept 16 bytes so frame data stays aligned)
RING = 4


@dataclass(frozen=True)
class FrameRef:
    channel: str
    slot: int
    sequence: int
    timestamp: float
    width: int
    height: int


@dataclass(frozen=True)
class CaptureOpened:
    channel: str


@dataclass(frozen=True)
class CaptureFailed:
    channel: str
    reason: str


def slot_size(max_width: int, max_height: int) -> int:
    return HEADER + max_width * max_height * 3


def read_slot(shm: SharedMemory, ref: FrameRef, size: int) -> np.ndarray | None:
    """A copy of the frame in ``ref``'s slot, or None when the slot was overwritten."""
    base = ref.slot * size
    header = np.ndarray((1,), dtype=np.int64, buffer=shm.buf, offset=base)
    if int(header[0]) != ref.sequence:
        return None
    frame = np.ndarray((ref.height, ref.width, 3), dtype=np.uint8, buffer=shm.buf,
                       offset=base + HEADER)[:].copy()
    if int(header[0]) != ref.sequence:
        return None
    return frame


def capture_main(channel: str, url: str, shm_name: str, max_size: tuple[int, int],
                 analysis_fps: float, out: Any, stop: Any) -> None:
    """Entry point of a capture process (spawned: imports stay small and Qt-free)."""
    import cv2

    cv2.setNumThreads(1)
    shm = SharedMemory(name=shm_name)
    size = slot_size(*max_size)
    capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
    try:
        if not capture.isOpened():
            out.put(CaptureFailed(channel, f"the stream {url} cannot be opened"))
            return
        out.put(CaptureOpened(channel))
        sequence = 0
        interval = 1.0 / analysis_fps
        next_at = 0.0
        while not stop.is_set():
            if not capture.grab():
                out.put(CaptureFailed(channel, "the stream ended or stopped sending"))
                return
            now = time.time()
            if now < next_at:
                continue
            next_at = max(next_at + interval, now - interval)
            ok, frame = capture.retrieve()
            if not ok or frame is None:
                continue
            frame = _fit(frame, max_size)
            sequence += 1
            slot = sequence % RING
            base = slot * size
            height, width = frame.shape[:2]
            header = np.ndarray((1,), dtype=np.int64, buffer=shm.buf, offset=base)
            header[0] = -1  # being written
            target = np.ndarray(frame.shape, dtype=np.uint8, buffer=shm.buf,
                                offset=base + HEADER)
            target[:] = frame
            header[0] = sequence
            out.put(FrameRef(channel, slot, sequence, now, width, height))
    finally:
        capture.release()
        shm.close()


def _fit(frame: np.ndarray, max_size: tuple[int, int]) -> np.ndarray:
    import cv2

    height, width = frame.shape[:2]
    scale = min(max_size[0] / width, max_size[1] / height, 1.0)
    if scale >= 1.0:
        return frame
    return cv2.resize(frame, (int(width * scale) // 2 * 2, int(height * scale) // 2 * 2),
                      interpolation=cv2.INTER_AREA)


class CaptureProcess:
    """One channel's capture process with its shared-memory ring (owned by the parent)."""

    def __init__(self, ctx: Any, channel: str, url: str, analysis_fps: float,
                 max_size: tuple[int, int], out: Any) -> None:
        self.channel = channel
        self.url = url
        self.analysis_fps = analysis_fps
        self.max_size = max_size
        self.slot_bytes = slot_size(*max_size)
        self.shm = SharedMemory(create=True, size=self.slot_bytes * RING)
        self._ctx = ctx
        self._out = out
        self._stop = ctx.Event()
        self.process: mp.process.BaseProcess | None = None
        self.started_at = 0.0

    def start(self) -> None:
        self._stop.clear()
        self.process = self._ctx.Process(
            target=capture_main, name=f"capture-{self.channel}", daemon=True,
            args=(self.channel, self.url, self.shm.name, self.max_size, self.analysis_fps,
                  self._out, self._stop))
        self.process.start()
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self.process is not None:
            self.process.join(timeout)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(timeout)
            self.process = None

    def close(self) -> None:
        self.stop()
        self.shm.close()
        self.shm.unlink()
