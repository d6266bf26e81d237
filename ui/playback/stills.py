"""Exact still frames decoded with OpenCV, for pause, frame steps and scrubbing.

libvlc 3 does not draw a new picture after a seek while paused (its frame-next advances the
time but the picture stays; libvlc 4 fixes this), so a paused player shows a frame decoded
here instead: OpenCV seeks to the key frame before the wanted frame and decodes forward to
it, which is exact for constant-rate recordings. Requests are coalesced: while one frame is
being decoded only the newest further request is kept, so dragging on the timeline shows
frames as fast as they can be decoded and never queues up.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ui import pyside_refcounts

log = logging.getLogger(__name__)

DEFAULT_FPS = 25.0
NO_FRAME = "no-frame"  # sent instead of None (None through a queued PySide6 signal is risky)
OPEN_FILES = 4


@dataclass(frozen=True)
class StillFrame:
    path: str
    index: int  # frame number in the file
    fps: float
    image: QImage

    @property
    def offset_s(self) -> float:
        return self.index / self.fps


class StillFrameDecoder:
    """Thread-safe: decodes one frame at a time, keeping a few files open."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: OrderedDict[str, cv2.VideoCapture] = OrderedDict()

    def fps(self, path: str) -> float:
        with self._lock:
            return self._fps(self._capture(path))

    def frame_at(self, path: str, offset_s: float) -> StillFrame | None:
        """The frame showing at `offset_s` into `path` (the last one when past the end)."""
        with self._lock:
            capture = self._capture(path)
            fps = self._fps(capture)
            count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
            index = max(0, int(offset_s * fps + 1e-6))
            if count > 0:
                index = min(index, count - 1)
            capture.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, frame = capture.read()
            if not ok and index > 0:  # the count can overstate a file cut short
                capture.set(cv2.CAP_PROP_POS_FRAMES, index - 1)
                ok, frame = capture.read()
                index -= 1
            if not ok:
                return None
            return StillFrame(path, index, fps, _to_image(frame))

    def close(self) -> None:
        with self._lock:
            for capture in self._open.values():
                capture.release()
            self._open.clear()

    def _capture(self, path: str) -> cv2.VideoCapture:
        capture = self._open.get(path)
        if capture is not None:
            self._open.move_to_end(path)
            return capture
        capture = cv2.VideoCapture(path, cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
        self._open[path] = capture
        while len(self._open) > OPEN_FILES:
            _old, oldest = self._open.popitem(last=False)
            oldest.release()
        return capture

    @staticmethod
    def _fps(capture: cv2.VideoCapture) -> float:
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        return fps if 1.0 <= fps <= 240.0 else DEFAULT_FPS


def _to_image(frame: np.ndarray) -> QImage:
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, width * 3, QImage.Format.Format_RGB888).copy()


class StillFrameLoader(QObject):
    """Decodes requested frames on one worker thread; `ready(token, StillFrame | NO_FRAME)`
    comes back in the GUI thread. Only the newest pending request survives."""

    ready = Signal(int, object)

    def __init__(self, decoder: StillFrameDecoder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        pyside_refcounts.install()  # one emit per frame shown while scrubbing
        self._decoder = decoder
        self._pending: tuple[int, str, float] | None = None
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="still-frames", daemon=True)
        self._thread.start()

    def request(self, token: int, path: str, offset_s: float) -> None:
        with self._wake:
            self._pending = (token, path, offset_s)
            self._wake.notify()

    def shutdown(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                token, path, offset = self._pending  # type: ignore[misc]
                self._pending = None
            try:
                frame = self._decoder.frame_at(path, offset)
            except Exception:  # a damaged file must not end the worker
                log.exception("decoding a still of %s failed", path)
                frame = None
            try:
                self.ready.emit(token, frame if frame is not None else NO_FRAME)
            except RuntimeError:
                return  # the Qt side is gone
