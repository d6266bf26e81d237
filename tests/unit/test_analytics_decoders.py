"""Decoders on a recorded detector output and on grid outputs built from known boxes."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.analytics.decoders import decode_nanodet, decode_ssd_output, decode_yolo, road_class
from app.analytics.types import RoadClass

DATA = Path(__file__).resolve().parents[1] / "data"
CROSSROAD_LABELS = ("bike", "vehicle", "person", "bike")


def test_ssd_output_recorded_from_the_road_user_detector() -> None:
    # person-vehicle-bike-detection-crossroad-1016 on the first frame of OpenCV's vtest.avi
    # (768×576 pedestrians); rows below 0.05 were dropped when it was recorded.
    output = np.load(DATA / "ssd_crossroad1016_vtest_frame0.npy")
    found = decode_ssd_output(output, CROSSROAD_LABELS, 0.5, (768, 576))
    classes = sorted(d.road_class for d in found)
    assert classes == [RoadClass.PERSON] * 3 + [RoadClass.VEHICLE]
    person = max((d for d in found if d.road_class is RoadClass.PERSON), key=lambda d: d.score)
    x0, y0, x1, y1 = person.box
    assert 600 < x0 < x1 < 700 and 200 < y0 < y1 < 340  # pixels of the source frame
    assert len(decode_ssd_output(output, CROSSROAD_LABELS, 0.99, (768, 576))) == 1
    assert decode_ssd_output(output, CROSSROAD_LABELS, 1.01, (768, 576)) == []


def _nanodet_outputs(boxes: list[tuple[int, float, float, float, float, float]],
                     size: int = 64, classes: int = 4, reg_max: int = 7,
                     strides: tuple[int, ...] = (8, 16, 32)) -> list[np.ndarray]:
    """Heads for ``boxes`` (class, score, x0, y0, x1, y1 in input pixels), each placed at the
    stride-8 cell nearest its centre with one-hot distance distributions."""
    outputs = []
    for stride in strides:
        cells = (size // stride) ** 2
        cls = np.zeros((1, cells, classes), np.float32)
        reg = np.full((1, cells, 4 * (reg_max + 1)), -20.0, np.float32)
        reg[..., ::reg_max + 1] = 20.0  # distance 0 everywhere
        if stride == strides[0]:
            cols = size // stride
            for class_id, score, x0, y0, x1, y1 in boxes:
                col, row = round((x0 + x1) / 2 / stride), round((y0 + y1) / 2 / stride)
                cell = row * cols + col
                cx, cy = col * stride, row * stride
                cls[0, cell, class_id] = score
                reg[0, cell] = -20.0
                for side, distance in enumerate((cx - x0, cy - y0, x1 - cx, y1 - cy)):
                    reg[0, cell, side * (reg_max + 1) + int(distance / stride)] = 20.0
        outputs += [cls, reg]
    return outputs[::-1]  # any order: the decoder pairs them by size


def test_nanodet_grid_decodes_known_boxes_and_scales_to_the_frame() -> None:
    labels = ("person", "bicycle", "car", "motorcycle")
    outputs = _nanodet_outputs([(0, 0.9, 16, 8, 32, 40), (3, 0.8, 40, 40, 56, 56)])
    found = decode_nanodet(outputs, labels, 0.5, (64, 64), (640, 320))
    by_class = {d.road_class: d for d in found}
    assert set(by_class) == {RoadClass.PERSON, RoadClass.TWO_WHEELER}
    assert by_class[RoadClass.PERSON].box == pytest.approx((160, 40, 320, 200), abs=1)
    assert by_class[RoadClass.TWO_WHEELER].box == pytest.approx((400, 200, 560, 280), abs=1)
    assert decode_nanodet(outputs, labels, 0.95, (64, 64), (640, 320)) == []


def test_nanodet_missing_head_is_reported() -> None:
    outputs = _nanodet_outputs([(0, 0.9, 16, 8, 32, 40)])[:-1]
    with pytest.raises(ValueError, match="missing"):
        decode_nanodet(outputs, ("a", "b", "c", "d"), 0.5, (64, 64), (64, 64))


def test_yolo_grid_with_nms_in_both_layouts() -> None:
    labels = ("person", "car", "bus")
    rows = np.array([
        [100, 100, 40, 80, 0.9, 0.0, 0.0],   # person
        [102, 101, 40, 80, 0.7, 0.0, 0.0],   # the same person again: suppressed
        [300, 200, 120, 60, 0.0, 0.85, 0.1],  # car
        [500, 500, 10, 10, 0.1, 0.1, 0.1],   # below threshold
    ], np.float32)[None]
    for output in (rows, rows.transpose(0, 2, 1)):
        found = decode_yolo(output, labels, 0.5, (640, 640), (1280, 640))
        assert sorted(d.road_class.value for d in found) == ["car", "person"]
        car = next(d for d in found if d.road_class is RoadClass.CAR)
        assert car.box == pytest.approx((480, 170, 720, 230))


def test_labels_map_to_road_classes() -> None:
    assert road_class("Motorcycle") is RoadClass.TWO_WHEELER
    assert road_class("bike") is RoadClass.TWO_WHEELER
    assert road_class("truck") is RoadClass.TRUCK
    assert road_class("giraffe") is RoadClass.OTHER
