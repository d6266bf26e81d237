"""Benchmark: frames per second of the whole live analysis pipeline against the ceiling.

    .venv/bin/python bench/detect.py [--models DIR] [--model NAME] [--seconds 20]
                                     [--channels 1,2,4,8] [--clip FILE]

Ceiling (measured in the same run): a bare OpenVINO AsyncInferQueue loop on the same compiled
model and input size, with the same number of infer requests, on one prepared tensor (no
decoding, no resizing, no tracking) — the most inferences per second this CPU gives.

Pipeline: K channels, each a looping H.264 640×360 clip served by the stream hub over loopback
(as a camera's sub-stream would be), decoded by its own capture process, frames through
shared memory, drop-oldest queues, the shared detector, tracker and rules (a counting line;
no database). Each channel offers frames faster than the detector can take them, so the
pipeline runs at its capacity; dropped frames are the ones it could not take.

Prints per K: analysed frames/s, ratio to the ceiling (target ≥ 0.90), median inference
latency, and the per-channel drop rates. The clip defaults to ../shared/footage when present,
else Debian's opencv-doc vtest.avi.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analytics.detector import Detector
from app.analytics.pipeline import AnalysisPipeline
from app.analytics.scene import CountingLine, SceneConfig
from app.models.cache import CompiledModelCache
from app.models.inference import prepare_image
from app.models.store import ModelStore
from app.video.hub import StreamHub

DEFAULT_MODEL = "person-vehicle-bike-detection-crossroad-1016"
CLIPS = [ROOT.parent / "shared/footage/traffic/jakarta_sudirman_raasta.mp4",
         Path("/usr/share/doc/opencv-doc/examples/data/vtest.avi")]


def ceiling(detector: Detector, clip: Path, seconds: float) -> float:
    import cv2
    import openvino as ov

    # A real frame of the same clip: an empty picture is cheaper to decode (no candidates).
    capture = cv2.VideoCapture(str(clip))
    for _ in range(50):
        ok, frame = capture.read()
    capture.release()
    if not ok:
        frame = np.zeros((360, 640, 3), np.uint8)
    tensor = prepare_image(frame, detector.bundle.manifest.input)
    queue = ov.AsyncInferQueue(detector.compiled, detector.jobs)
    done = [0]

    def count(_request: object, _data: object) -> None:
        done[0] += 1

    queue.set_callback(count)
    for _ in range(detector.jobs * 2):  # warm-up
        queue.start_async({0: tensor})
    queue.wait_all()
    done[0] = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        queue.start_async({0: tensor})
    queue.wait_all()
    return done[0] / (time.perf_counter() - started)


def prepare_clip(source: Path, folder: Path) -> Path:
    target = folder / "sub.ts"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-t", "20", "-vf",
                    "scale=640:360", "-r", "25", "-c:v", "libx264", "-preset", "veryfast",
                    "-bf", "0", "-g", "50", "-an", str(target)], check=True)
    return target


def run_pipeline(detector: Detector, clip: Path, channels: int, seconds: float
                 ) -> tuple[float, list[float], float | None]:
    scene = SceneConfig(lines=(CountingLine("mid", (0.0, 0.5), (1.0, 0.5)),))
    pipeline = AnalysisPipeline(detector, None, max_size=(640, 360))
    pipeline.start()
    with StreamHub() as hub:
        for k in range(channels):
            url = hub.register(f"bench{k}", str(clip), input_args=["-re", "-stream_loop", "-1"])
            pipeline.add_channel(k + 1, url, scene, analysis_fps=25)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
                s.frames_analysed < 5 for s in pipeline.status()):
            time.sleep(0.2)  # warm-up: every channel delivering
        start = {s.camera_id: s for s in pipeline.status()}
        started = time.perf_counter()
        time.sleep(seconds)
        elapsed = time.perf_counter() - started
        end = {s.camera_id: s for s in pipeline.status()}
        pipeline.stop()
    analysed = sum(end[c].frames_analysed - start[c].frames_analysed for c in end)
    drops = []
    for camera_id, last in end.items():
        offered = last.frames_in - start[camera_id].frames_in
        dropped = last.dropped - start[camera_id].dropped
        drops.append(dropped / offered if offered else 0.0)
    return analysed / elapsed, drops, detector.median_latency_ms()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--models", type=Path, default=ROOT.parent / "shared" / "models")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--channels", default="1,2,4,8")
    parser.add_argument("--clip", type=Path)
    args = parser.parse_args()
    clip_source = args.clip or next((c for c in CLIPS if c.is_file()), None)
    if clip_source is None:
        print("no clip found: pass --clip FILE", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        store = ModelStore(Path(folder) / "models")
        report = store.install_from_folder(args.models, names={args.model})
        if not report.ok or args.model not in report.installed:
            print(f"cannot install {args.model} from {args.models}: {report}", file=sys.stderr)
            return 2
        detector = Detector(store.get(args.model), CompiledModelCache(Path(folder) / "cache"))
        clip = prepare_clip(clip_source, Path(folder))
        top = ceiling(detector, clip, args.seconds / 2)
        print(f"model {args.model} ({detector.input_size[0]}×{detector.input_size[1]}), "
              f"{detector.jobs} infer requests, clip {clip_source.name} at 640×360")
        print(f"ceiling (bare AsyncInferQueue, same model and input): {top:.1f} inferences/s")
        print("each channel offers 25 frames/s; the ratio is meaningful once the offer exceeds "
              "the ceiling (drops > 0)")
        print(f"{'channels':>8} {'offered':>8} {'pipeline fps':>13} {'ratio':>7} "
              f"{'latency ms':>11} {'drop rate per channel':>24}")
        for k in (int(v) for v in args.channels.split(",")):
            fps, drops, latency = run_pipeline(detector, clip, k, args.seconds)
            drop_text = " ".join(f"{d:.2f}" for d in drops)
            print(f"{k:>8} {25 * k:>8} {fps:>13.1f} {fps / top:>7.2f} {latency or 0:>11.1f} "
                  f"{drop_text:>24}  (mean {statistics.mean(drops):.2f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
