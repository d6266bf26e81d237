"""Analytics with real models on OpenVINO: the plate reader on PP-OCR bundles from the
rapidocr package (always available), the detector and batch analysis on the road-user
detector (needs $MODELS, as CI passes it)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.analytics.batch import BatchError, analyse_file
from app.analytics.detector import Detector
from app.analytics.plates import PlateReader, correct, format_plate
from app.analytics.scene import CountingLine, SceneConfig
from app.analytics.types import RoadClass
from app.models.cache import CompiledModelCache
from app.models.store import ModelStore
from tests.models_support import ROAD_USERS, ROOT, models_folder, needs_road_users

VTEST = Path("/usr/share/doc/opencv-doc/examples/data/vtest.avi")


@pytest.fixture(scope="module")
def ocr_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModelStore, CompiledModelCache]:
    root = tmp_path_factory.mktemp("ocr")
    store = ModelStore(root / "models")
    assert store.install_from_registry_packages().ok
    return store, CompiledModelCache(root / "cache")


def _two_line_plate(top: str, bottom: str) -> np.ndarray:
    plate = np.full((220, 300, 3), 235, np.uint8)
    cv2.rectangle(plate, (4, 4), (295, 215), (20, 20, 20), 4)
    for text, y in ((top, 95), (bottom, 190)):
        size = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 2.2, 6)[0]
        cv2.putText(plate, text, ((300 - size[0]) // 2, y), cv2.FONT_HERSHEY_SIMPLEX, 2.2,
                    (15, 15, 15), 6, cv2.LINE_AA)
    # On a vehicle: a grey body around the plate.
    vehicle = np.full((420, 500, 3), 90, np.uint8)
    vehicle[150:370, 100:400] = plate
    return vehicle


def test_two_line_motorbike_plate_is_read_and_validated(
        ocr_store: tuple[ModelStore, CompiledModelCache]) -> None:
    reader = PlateReader(*ocr_store)
    reading = reader.read(_two_line_plate("29-M1", "123.45"))
    assert reading is not None
    assert reading.text == "29M112345" and reading.valid
    assert reading.display == "29-M1 123.45"
    assert len(reading.lines) == 2 and reading.confidence > 0.5
    x0, y0, x1, y1 = reading.box or (0, 0, 0, 0)
    assert 80 < x0 and x1 < 420 and 130 < y0 and y1 < 390


def test_blank_crop_has_no_plate(ocr_store: tuple[ModelStore, CompiledModelCache]) -> None:
    reader = PlateReader(*ocr_store)
    assert reader.read(np.full((200, 300, 3), 90, np.uint8)) is None
    assert reader.read(np.zeros((4, 4, 3), np.uint8)) is None


def test_position_corrections_and_formats() -> None:
    assert correct("29-MI 123.4S") == "29M112345"   # I→1 in the series digit, S→5
    assert correct("3OA-I23.45") == "30A12345"
    assert format_plate("30A12345") == "30A-123.45"
    assert format_plate("29M112345", two_line=True) == "29-M1 123.45"
    assert format_plate("51LD01234") == "51LD-012.34"


@pytest.fixture(scope="module")
def detector(tmp_path_factory: pytest.TempPathFactory) -> Detector:
    folder = models_folder()
    assert folder is not None
    root = tmp_path_factory.mktemp("detector")
    store = ModelStore(root / "models")
    assert store.install_from_folder(folder, names={ROAD_USERS}).ok
    return Detector(store.get(ROAD_USERS), CompiledModelCache(root / "cache"))


def _short_clip(tmp_path: Path, frames: int = 40) -> Path:
    """The first seconds of OpenCV's vtest.avi (pedestrians), re-encoded small and fast."""
    if not VTEST.is_file():
        pytest.skip(f"{VTEST} missing (Debian package opencv-doc)")
    target = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(VTEST), "-frames:v", str(frames),
                    "-c:v", "libx264", "-preset", "ultrafast", str(target)], check=True)
    return target


@needs_road_users
def test_async_queue_serves_several_channels(detector: Detector) -> None:
    capture = cv2.VideoCapture(str(VTEST))
    frames = [capture.read()[1] for _ in range(6)]
    capture.release()
    results: list = []
    for i, frame in enumerate(frames):
        detector.submit(f"ch{i % 3}", i, i / 25, frame, results.append)
    detector.wait_all()
    assert sorted(r.frame_id for r in results) == list(range(6))
    assert {r.channel for r in results} == {"ch0", "ch1", "ch2"}
    assert all(any(d.road_class is RoadClass.PERSON for d in r.detections) for r in results)


@needs_road_users
def test_batch_analysis_of_a_clip_counts_people(detector: Detector, tmp_path: Path) -> None:
    clip = _short_clip(tmp_path, frames=100)
    scene = SceneConfig(lines=(CountingLine("middle", (0.5, 0.0), (0.5, 1.0)),))
    progress: list = []
    summary = analyse_file(clip, scene, detector, None, 1, analysis_fps=10,
                           progress=progress.append)
    assert summary.analysed_frames >= 35 and not summary.cancelled
    assert progress and progress[-1].frames_done == summary.analysed_frames
    assert summary.counts.get("person", 0) >= 1  # people walk across the middle of vtest


@needs_road_users
def test_analyze_command_writes_the_database_and_summary(tmp_path: Path) -> None:
    clip = _short_clip(tmp_path, frames=50)
    config = tmp_path / "scene.json"
    config.write_text(json.dumps({"lines": [{"name": "giữa", "p1": [0.5, 0.0],
                                             "p2": [0.5, 1.0]}]}), encoding="utf-8")
    env = {**os.environ, "TRUCBAN_HOME": str(tmp_path / "home")}
    folder = models_folder()
    install = subprocess.run([sys.executable, "main.py", "models", "install", "--from",
                              str(folder), ROAD_USERS], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300, check=False)
    assert install.returncode == 0, install.stderr
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "main.py", "analyze", str(clip), "--config",
                          str(config), "--out", str(out), "--no-plates"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["analysed_frames"] >= 10 and "frames analysed" in run.stdout
    assert "[" in run.stderr and "100%" in run.stderr  # the progress bar


def test_a_file_that_is_not_video_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "camera.mp4"
    bogus.write_bytes(b"\x00\x01garbage" * 1000)
    with pytest.raises(BatchError, match="cannot be opened|no decodable"):
        analyse_file(bogus, SceneConfig(), None, None, 1)  # type: ignore[arg-type]
    env = {**os.environ, "TRUCBAN_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "main.py", "analyze", str(bogus), "--config",
                          str(tmp_path / "missing.json")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2 and "error:" in run.stderr and "Traceback" not in run.stderr
