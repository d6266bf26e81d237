"""Real models through OpenVINO: PP-OCR bundles built from the installed rapidocr package, and
(when $MODELS names a folder of Open Model Zoo bundles) the default road-user detector."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.models.cache import CompiledModelCache, loaded_from_cache
from app.models.inference import decode_ssd, prepare_image
from app.models.ppocr import charset_from_model, detect_text, recognise_text
from app.models.store import ModelStore
from tests.models_support import ROAD_USERS, models_folder

VTEST = Path("/usr/share/doc/opencv-doc/examples/data/vtest.avi")


def _plate_image() -> np.ndarray:
    image = np.full((200, 640, 3), 255, np.uint8)
    cv2.putText(image, "29A-123.45", (30, 130), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (0, 0, 0), 6,
                cv2.LINE_AA)
    return image


def test_ppocr_bundles_from_rapidocr_read_rendered_text(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    report = store.install_from_registry_packages()
    assert report.ok, report.refused
    assert set(report.installed) == {"pp-ocrv6-det-small", "pp-ocrv6-rec-small"}
    det, rec = store.get("pp-ocrv6-det-small"), store.get("pp-ocrv6-rec-small")
    store.verify(det.name)
    store.verify(rec.name)

    cache_dir = tmp_path / "ov-cache"
    first = CompiledModelCache(cache_dir)
    compiled_det = first.compile_model(det)
    assert first.compile_model(det) is compiled_det  # once per (bundle, device)
    assert not loaded_from_cache(compiled_det)
    assert any(cache_dir.iterdir())

    # A new process-like start (fresh OpenVINO core) loads from the disk cache.
    second = CompiledModelCache(cache_dir)
    compiled_det = second.compile_model(det)
    assert loaded_from_cache(compiled_det)
    compiled_rec = second.compile_model(rec)

    image = _plate_image()
    boxes = detect_text(compiled_det, image, det.manifest.input, det.manifest.output.options)
    assert len(boxes) >= 1
    x0, y0, x1, y1 = boxes[0].bounds
    assert x0 < 60 and x1 > 420 and y0 < 90 and y1 > 120  # around the drawn text

    charset = charset_from_model(second.read_model(rec))
    line = recognise_text(compiled_rec, image[y0:y1, x0:x1], rec.manifest.input,
                          rec.manifest.output.options, charset)
    assert "2912345" in "".join(ch for ch in line.text if ch.isdigit()), line
    assert "A" in line.text


@pytest.mark.skipif(models_folder(bundle=None) is None,
                    reason="set MODELS to a folder of Open Model Zoo bundles (CI: ../shared/models)")
def test_road_user_detector_finds_people_in_vtest(tmp_path: Path) -> None:
    folder = models_folder(bundle=None)
    assert folder is not None
    if not (folder / ROAD_USERS).is_dir():
        pytest.skip(f"{folder} holds no {ROAD_USERS} bundle")
    if not VTEST.is_file():
        pytest.skip(f"{VTEST} missing (Debian package opencv-doc)")
    store = ModelStore(tmp_path / "models")
    report = store.install_from_folder(folder, names={ROAD_USERS})
    assert report.installed == (ROAD_USERS,), report
    bundle = store.get(ROAD_USERS)

    capture = cv2.VideoCapture(str(VTEST))
    try:
        ok, frame = capture.read()
    finally:
        capture.release()
    assert ok
    compiled = CompiledModelCache(tmp_path / "ov-cache").compile_model(bundle, "CPU")
    output = compiled(prepare_image(frame, bundle.manifest.input))[compiled.output(0)]
    assert output.shape[-1] == 7
    threshold = bundle.manifest.default_threshold or 0.4
    detections = decode_ssd(output, bundle.manifest.labels, threshold,
                            (frame.shape[1], frame.shape[0]))
    people = [d for d in detections if d.label == "person"]
    assert len(people) >= 1
    for person in people:
        x0, y0, x1, y1 = person.box
        assert 0 <= x0 < x1 <= frame.shape[1] and 0 <= y0 < y1 <= frame.shape[0]
        assert y1 - y0 > x1 - x0  # walking people are taller than wide
