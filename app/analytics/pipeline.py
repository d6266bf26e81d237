"""The live analysis pipeline (DESIGN.md §2).

    capture process per channel ──shared memory──▶ reader thread ──▶ per-channel queue
    (decode at the analysis rate)                   (drop-oldest, counted)
        ──▶ dispatcher thread ──▶ Detector (one AsyncInferQueue for all channels)
        ──▶ analysis thread (in frame order per channel: tracker, rules, database)
        ──▶ subscribers (the analysis tiles, through ui/bridge.py)

A supervisor thread restarts a capture process that died or stopped delivering, with
back-off, and reports it in the channel status. Subscribers are called on the analysis
thread and must only hand the update over (the UI posts it to the GUI thread).
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from app.analytics.capture import (
    CaptureFailed,
    CaptureOpened,
    CaptureProcess,
    FrameRef,
    read_slot,
)
from app.analytics.channel import ChannelAnalyser, ChannelUpdate, PlateFn
from app.analytics.detector import Detector
from app.analytics.scene import SceneConfig
from app.analytics.sink import AnalyticsSink
from app.analytics.types import FrameDetections

log = logging.getLogger(__name__)

Subscriber = Callable[[int, ChannelUpdate, np.ndarray], None]


@dataclass(frozen=True)
class ChannelStatus:
    camera_id: int
    state: str  # starting, running, restarting, stopped
    frames_in: int
    frames_analysed: int
    dropped: int
    restarts: int
    reason: str = ""

    @property
    def drop_rate(self) -> float:
        return self.dropped / self.frames_in if self.frames_in else 0.0


class _Channel:
    def __init__(self, camera_id: int, capture: CaptureProcess, scene: SceneConfig,
                 queue_size: int) -> None:
        self.camera_id = camera_id
        self.capture = capture
        self.scene = scene
        self.frames: deque[tuple[FrameRef, np.ndarray]] = deque(maxlen=queue_size)
        self.analyser: ChannelAnalyser | None = None
        self.status = ChannelStatus(camera_id, "starting", 0, 0, 0, 0)
        self.last_frame_at = time.monotonic()
        self.opened = False  # the capture process reported its stream open since (re)start
        self.next_restart_at = 0.0
        self.backoff = 1.0
        self.submitted = 0
        self.in_flight = 0
        self.next_to_analyse = 0
        self.waiting: dict[int, np.ndarray] = {}  # frames being inferred, by index
        self.results: dict[int, tuple[FrameDetections, np.ndarray]] = {}


class AnalysisPipeline:
    def __init__(self, detector: Detector, sink: AnalyticsSink | None, *,
                 plate_reader: PlateFn | None = None, max_size: tuple[int, int] = (1280, 720),
                 queue_size: int = 2, max_in_flight: int = 2, stall_s: float = 10.0,
                 startup_s: float = 30.0) -> None:
        self.detector = detector
        self.sink = sink
        self.plate_reader = plate_reader
        self.max_size = max_size
        self.queue_size = queue_size
        self.max_in_flight = max_in_flight
        self.stall_s = stall_s
        self.startup_s = startup_s  # a new process imports OpenCV and connects: allow longer
        self._ctx = mp.get_context("spawn")
        self._frames_out = self._ctx.Queue()
        self._results: queue.Queue[tuple[int, int, FrameDetections]] = queue.Queue()
        self._channels: dict[int, _Channel] = {}
        self._lock = threading.Condition()
        self._subscribers: list[Subscriber] = []
        self._running = False
        self._threads: list[threading.Thread] = []

    # Control -----------------------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        for name, target in (("reader", self._read_frames), ("dispatch", self._dispatch),
                             ("analyse", self._analyse), ("supervise", self._supervise)):
            thread = threading.Thread(target=target, name=f"analytics-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        with self._lock:
            self._running = False
            self._lock.notify_all()
        for camera_id in list(self._channels):
            self.remove_channel(camera_id)
        for thread in self._threads:
            thread.join(5)
        self._threads.clear()
        self.detector.wait_all()
        self._frames_out.close()
        self._frames_out.join_thread()

    def add_channel(self, camera_id: int, url: str, scene: SceneConfig,
                    analysis_fps: float = 5.0) -> None:
        if camera_id in self._channels:
            self.remove_channel(camera_id)
        capture = CaptureProcess(self._ctx, str(camera_id), url, analysis_fps, self.max_size,
                                 self._frames_out)
        channel = _Channel(camera_id, capture, scene, self.queue_size)
        with self._lock:
            self._channels[camera_id] = channel
        capture.start()
        log.info("analysis started on camera %s at %.1f fps", camera_id, analysis_fps)

    def remove_channel(self, camera_id: int) -> None:
        with self._lock:
            channel = self._channels.pop(camera_id, None)
        if channel is None:
            return
        channel.capture.close()
        if channel.analyser is not None:
            channel.analyser.finish()
        log.info("analysis stopped on camera %s", camera_id)

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    def status(self) -> list[ChannelStatus]:
        with self._lock:
            return [c.status for c in self._channels.values()]

    def channels(self) -> list[int]:
        with self._lock:
            return list(self._channels)

    # Threads -----------------------------------------------------------------------------------
    def _read_frames(self) -> None:
        while self._running:
            try:
                message = self._frames_out.get(timeout=0.2)
            except (queue.Empty, OSError, ValueError):
                continue
            with self._lock:
                channel = self._channels.get(int(message.channel))
                if channel is None:
                    continue
                if isinstance(message, CaptureOpened):
                    channel.opened = True
                    channel.last_frame_at = time.monotonic()
                    continue
                if isinstance(message, CaptureFailed):
                    channel.status = replace(channel.status, state="restarting",
                                             reason=message.reason)
                    continue
                frame = read_slot(channel.capture.shm, message, channel.capture.slot_bytes)
                stat = channel.status
                dropped = stat.dropped + (frame is None)
                if frame is not None:
                    if len(channel.frames) == channel.frames.maxlen:
                        dropped += 1  # the oldest waiting frame gives way to the newest
                    channel.frames.append((message, frame))
                channel.last_frame_at = time.monotonic()
                channel.backoff = 1.0
                channel.status = replace(stat, state="running", frames_in=stat.frames_in + 1,
                                         dropped=dropped, reason="")
                self._lock.notify_all()

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                job = None
                while self._running and job is None:
                    job = self._next_job()
                    if job is None:
                        self._lock.wait(0.2)
                if not self._running:
                    return
            assert job is not None
            channel, ref, frame, index = job
            try:
                self.detector.submit(str(channel.camera_id), index, ref.timestamp, frame,
                                     self._on_detections)
            except Exception:  # one bad frame must not stop every channel
                log.exception("inference could not start on camera %s", channel.camera_id)
                with self._lock:
                    channel.in_flight -= 1
                    channel.waiting.pop(index, None)
                    channel.next_to_analyse = max(channel.next_to_analyse, index + 1)

    def _next_job(self) -> tuple[_Channel, FrameRef, np.ndarray, int] | None:
        # Round robin: the channel that submitted least goes first.
        ready = [c for c in self._channels.values()
                 if c.frames and c.in_flight < self.max_in_flight]
        if not ready:
            return None
        channel = min(ready, key=lambda c: c.submitted)
        ref, frame = channel.frames.popleft()
        index = channel.submitted
        channel.submitted += 1
        channel.in_flight += 1
        channel.waiting[index] = frame
        return channel, ref, frame, index

    def _on_detections(self, result: FrameDetections) -> None:
        self._results.put((int(result.channel), result.frame_id, result))

    def _analyse(self) -> None:
        while self._running or not self._results.empty():
            try:
                camera_id, index, result = self._results.get(timeout=0.2)
            except queue.Empty:
                continue
            with self._lock:
                channel = self._channels.get(camera_id)
                if channel is None:
                    continue
                channel.results[index] = (result, channel.waiting.pop(index))
                channel.in_flight -= 1
                ready = []
                while channel.next_to_analyse in channel.results:
                    ready.append(channel.results.pop(channel.next_to_analyse))
                    channel.next_to_analyse += 1
                self._lock.notify_all()
            for detections, image in ready:
                self._process(channel, detections, image)

    def _process(self, channel: _Channel, detections: FrameDetections, frame: np.ndarray) -> None:
        if channel.analyser is None:
            channel.analyser = ChannelAnalyser(
                channel.camera_id, channel.scene, detections.width, detections.height, self.sink,
                fps=channel.capture.analysis_fps, plate_reader=self.plate_reader)
        try:
            update = channel.analyser.process(detections, frame)
        except Exception:  # a rule or database error must not stop the channel
            log.exception("analysis failed on camera %s", channel.camera_id)
            return
        with self._lock:
            channel.status = replace(channel.status,
                                     frames_analysed=channel.status.frames_analysed + 1)
        for subscriber in list(self._subscribers):
            try:
                subscriber(channel.camera_id, update, frame)
            except Exception:  # a broken view must not stop analysis
                log.exception("analysis subscriber failed")
        if self.sink is not None and channel.status.frames_analysed % 50 == 0:
            self.sink.flush_counts()

    def _supervise(self) -> None:
        while self._running:
            time.sleep(0.5)
            now = time.monotonic()
            with self._lock:
                channels = list(self._channels.values())
            for channel in channels:
                capture = channel.capture
                limit = self.stall_s if channel.opened else self.startup_s
                stalled = now - channel.last_frame_at > limit
                if capture.alive() and not stalled and channel.status.state != "restarting":
                    continue
                if now < channel.next_restart_at:
                    continue
                reason = channel.status.reason or (
                    f"no frames for {limit:.0f} s" if stalled else "the capture stopped")
                log.warning("camera %s: %s; restarting capture (back-off %.0f s)",
                            channel.camera_id, reason, channel.backoff)
                capture.stop()
                capture.start()
                with self._lock:
                    channel.opened = False
                    channel.last_frame_at = now
                    channel.next_restart_at = now + channel.backoff
                    channel.backoff = min(channel.backoff * 2, 30.0)
                    channel.status = replace(channel.status, state="restarting",
                                             restarts=channel.status.restarts + 1, reason=reason)
