"""The detector back end: one compiled model per (bundle, device), one AsyncInferQueue that
every analysed channel feeds, so that the CPU stays busy however many channels there are.

Results come back through a per-frame callback on an OpenVINO worker thread; it must be quick
(the pipeline only puts the result on a queue).
"""
from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import openvino as ov

from app.analytics.decoders import decode_nanodet, decode_ssd_output, decode_yolo
from app.analytics.types import FrameDetections, ObjectDetection
from app.models.cache import CompiledModelCache
from app.models.errors import ModelStoreError
from app.models.inference import prepare_image
from app.models.store import InstalledBundle

log = logging.getLogger(__name__)

ResultCallback = Callable[[FrameDetections], None]
SUPPORTED_DECODERS = ("ssd", "nanodet", "yolo")


@dataclass(frozen=True)
class FrameJob:
    channel: str
    frame_id: int
    timestamp: float
    width: int
    height: int
    submitted: float
    on_result: ResultCallback


class Detector:
    def __init__(self, bundle: InstalledBundle, cache: CompiledModelCache, *,
                 device: str = "CPU", threshold: float | None = None, jobs: int | None = None,
                 keep_other: bool = False) -> None:
        manifest = bundle.manifest
        if manifest.output.decoder not in SUPPORTED_DECODERS:
            raise ModelStoreError(
                f"model bundle {bundle.name!r} has decoder {manifest.output.decoder!r}; the "
                f"detector reads {', '.join(SUPPORTED_DECODERS)}")
        self.bundle = bundle
        self.name = bundle.name
        self.labels = manifest.labels
        self.threshold = threshold if threshold is not None else (
            manifest.default_threshold or 0.4)
        self.keep_other = keep_other
        self._spec = manifest.input
        self._decoder = manifest.output.decoder
        self._options = dict(manifest.output.options)
        axes = dict(zip(self._spec.layout, self._spec.shape))
        self.input_size = (int(axes.get("W", 0)), int(axes.get("H", 0)))
        self.compiled = cache.compile_model(bundle, device, hint="THROUGHPUT")
        optimal = int(self.compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS"))
        self.jobs = max(1, jobs or optimal)
        self._queue = ov.AsyncInferQueue(self.compiled, self.jobs)
        self._queue.set_callback(self._on_request_done)
        self._sync_request = self.compiled.create_infer_request()
        self._sync_lock = threading.Lock()
        self._latencies: deque[float] = deque(maxlen=500)
        self._errors = 0
        self._completed = 0

    # Asynchronous path (live channels) ---------------------------------------------------------
    def submit(self, channel: str, frame_id: int, timestamp: float, image_bgr: np.ndarray,
               on_result: ResultCallback) -> None:
        """Start inference on a frame; blocks only while every request of the queue is busy."""
        tensor = prepare_image(image_bgr, self._spec)
        height, width = image_bgr.shape[:2]
        job = FrameJob(channel, frame_id, timestamp, width, height, time.perf_counter(),
                       on_result)
        self._queue.start_async({0: tensor}, job)

    def wait_all(self) -> None:
        self._queue.wait_all()

    def idle(self) -> bool:
        return self._queue.is_ready()

    def _on_request_done(self, request: ov.InferRequest, job: FrameJob) -> None:
        latency = (time.perf_counter() - job.submitted) * 1000
        try:
            outputs = [np.array(request.get_output_tensor(i).data)
                       for i in range(len(self.compiled.outputs))]
            detections = self.decode(outputs, (job.width, job.height))
        except Exception:  # a decoding bug must not kill OpenVINO's worker thread
            self._errors += 1
            log.exception("decoding %s output failed (frame %s of %s)", self.name,
                          job.frame_id, job.channel)
            detections = []
        self._latencies.append(latency)
        self._completed += 1
        job.on_result(FrameDetections(job.channel, job.frame_id, job.timestamp, job.width,
                                      job.height, tuple(detections), latency))

    # Synchronous path (batch analysis, tests) --------------------------------------------------
    def detect(self, image_bgr: np.ndarray) -> list[ObjectDetection]:
        tensor = prepare_image(image_bgr, self._spec)
        height, width = image_bgr.shape[:2]
        with self._sync_lock:
            started = time.perf_counter()
            self._sync_request.infer({0: tensor})
            outputs = [np.array(self._sync_request.get_output_tensor(i).data)
                       for i in range(len(self.compiled.outputs))]
            self._latencies.append((time.perf_counter() - started) * 1000)
        return self.decode(outputs, (width, height))

    def decode(self, outputs: Sequence[np.ndarray], image_size: tuple[int, int]
               ) -> list[ObjectDetection]:
        if self._decoder == "ssd":
            return decode_ssd_output(outputs[0], self.labels, self.threshold, image_size,
                                     self.keep_other)
        if self._decoder == "nanodet":
            return decode_nanodet(outputs, self.labels, self.threshold, self.input_size,
                                  image_size, keep_other=self.keep_other,
                                  reg_max=int(self._options.get("reg_max", 7)),
                                  strides=tuple(self._options.get("strides", (8, 16, 32))))
        return decode_yolo(outputs[0], self.labels, self.threshold, self.input_size, image_size,
                           keep_other=self.keep_other)

    # Figures for the Models page and the benchmark ---------------------------------------------
    @property
    def completed(self) -> int:
        return self._completed

    @property
    def errors(self) -> int:
        return self._errors

    def median_latency_ms(self) -> float | None:
        return statistics.median(self._latencies) if self._latencies else None
