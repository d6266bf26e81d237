"""Raw model outputs → ObjectDetection lists, one decoder per output family.

- ``ssd``: detection_out [1, 1, N, 7] (Open Model Zoo detectors), via app.models.inference.
- ``nanodet``: NanoDet-Plus heads, per stride a class-score map [1, HW, C] (sigmoid applied)
  and a distance distribution [1, HW, 4·(reg_max+1)] read as the softmax expectation.
- ``yolo``: one grid tensor [1, N, 4 + C] (or transposed [1, 4 + C, N]) of centre-x, centre-y,
  width, height in input pixels followed by class scores (YOLOv8 and later heads).
Grid decoders finish with a class-wise non-maximum suppression.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import cv2
import numpy as np

from app.analytics.types import ObjectDetection, RoadClass
from app.models.inference import decode_ssd

# Model label → road class. Labels not listed map to OTHER and are dropped by default.
LABEL_CLASSES: Mapping[str, RoadClass] = {
    "person": RoadClass.PERSON, "pedestrian": RoadClass.PERSON,
    "bike": RoadClass.TWO_WHEELER, "bicycle": RoadClass.TWO_WHEELER,
    "motorcycle": RoadClass.TWO_WHEELER, "motorbike": RoadClass.TWO_WHEELER,
    "car": RoadClass.CAR, "taxi": RoadClass.CAR, "van": RoadClass.CAR,
    "truck": RoadClass.TRUCK, "bus": RoadClass.BUS, "vehicle": RoadClass.VEHICLE,
}


def road_class(label: str) -> RoadClass:
    return LABEL_CLASSES.get(label.strip().lower(), RoadClass.OTHER)


def _detections(boxes: np.ndarray, scores: np.ndarray, class_ids: np.ndarray,
                labels: Sequence[str], keep_other: bool) -> list[ObjectDetection]:
    found = []
    for box, score, class_id in zip(boxes, scores, class_ids):
        label = labels[int(class_id)] if 0 <= int(class_id) < len(labels) else str(int(class_id))
        cls = road_class(label)
        if cls is RoadClass.OTHER and not keep_other:
            continue
        x0, y0, x1, y1 = (float(v) for v in box)
        found.append(ObjectDetection((x0, y0, x1, y1), float(score), cls, label))
    return found


def nms(boxes: np.ndarray, scores: np.ndarray, class_ids: np.ndarray,
        iou_threshold: float) -> np.ndarray:
    """Indices kept by class-wise NMS (boxes as x0, y0, x1, y1)."""
    if len(boxes) == 0:
        return np.zeros(0, dtype=int)
    # Offsetting each class far apart makes one NMS pass class-wise.
    offset = class_ids.astype(np.float32)[:, None] * (float(boxes.max()) + 1.0)
    shifted = boxes + offset
    xywh = np.column_stack([shifted[:, 0], shifted[:, 1], shifted[:, 2] - shifted[:, 0],
                            shifted[:, 3] - shifted[:, 1]])
    keep = cv2.dnn.NMSBoxes(xywh.tolist(), scores.tolist(), 0.0, iou_threshold)
    return np.asarray(keep, dtype=int).reshape(-1)


def decode_ssd_output(output: np.ndarray, labels: Sequence[str], threshold: float,
                      image_size: tuple[int, int], keep_other: bool = False
                      ) -> list[ObjectDetection]:
    found = []
    for det in decode_ssd(output, labels, threshold, image_size):
        cls = road_class(det.label)
        if cls is RoadClass.OTHER and not keep_other:
            continue
        found.append(ObjectDetection(det.box, det.score, cls, det.label))
    return found


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def decode_nanodet(outputs: Sequence[np.ndarray], labels: Sequence[str], threshold: float,
                   input_size: tuple[int, int], image_size: tuple[int, int], *,
                   strides: Sequence[int] = (8, 16, 32), reg_max: int = 7,
                   iou_threshold: float = 0.6, keep_other: bool = False
                   ) -> list[ObjectDetection]:
    """``outputs``: class and regression maps in any order; they are paired by their cell
    count (input area / stride²) and told apart by their last dimension (C vs 4·(reg_max+1))."""
    in_w, in_h = input_size
    bins = 4 * (reg_max + 1)
    by_cells: dict[int, dict[str, np.ndarray]] = {}
    for out in outputs:
        arr = np.asarray(out, dtype=np.float32).reshape(-1, out.shape[-1])
        kind = "reg" if arr.shape[1] == bins and len(labels) != bins else "cls"
        by_cells.setdefault(arr.shape[0], {})[kind] = arr
    all_boxes, all_scores, all_ids = [], [], []
    for stride in strides:
        cols, rows = (in_w + stride - 1) // stride, (in_h + stride - 1) // stride
        pair = by_cells.get(cols * rows)
        if not pair or "cls" not in pair or "reg" not in pair:
            raise ValueError(f"NanoDet output for stride {stride} ({cols}×{rows} cells) missing")
        cls, reg = pair["cls"], pair["reg"]
        class_ids = cls.argmax(axis=1)
        scores = cls[np.arange(len(cls)), class_ids]
        chosen = scores >= threshold
        if not chosen.any():
            continue
        cells = np.nonzero(chosen)[0]
        cx = (cells % cols) * stride
        cy = (cells // cols) * stride
        dist = _softmax(reg[cells].reshape(-1, 4, reg_max + 1), axis=2) @ np.arange(reg_max + 1)
        dist *= stride
        boxes = np.column_stack([cx - dist[:, 0], cy - dist[:, 1], cx + dist[:, 2],
                                 cy + dist[:, 3]])
        all_boxes.append(boxes)
        all_scores.append(scores[cells])
        all_ids.append(class_ids[cells])
    return _finish(all_boxes, all_scores, all_ids, labels, input_size, image_size,
                   iou_threshold, keep_other)


def decode_yolo(output: np.ndarray, labels: Sequence[str], threshold: float,
                input_size: tuple[int, int], image_size: tuple[int, int], *,
                iou_threshold: float = 0.5, keep_other: bool = False) -> list[ObjectDetection]:
    arr = np.asarray(output, dtype=np.float32)
    arr = arr.reshape(arr.shape[-2], arr.shape[-1])
    if arr.shape[0] == 4 + len(labels) and arr.shape[1] != 4 + len(labels):
        arr = arr.T  # [4 + C, N] heads
    scores_all = arr[:, 4:]
    class_ids = scores_all.argmax(axis=1)
    scores = scores_all[np.arange(len(arr)), class_ids]
    chosen = scores >= threshold
    cx, cy, w, h = (arr[chosen, i] for i in range(4))
    boxes = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
    return _finish([boxes], [scores[chosen]], [class_ids[chosen]], labels, input_size,
                   image_size, iou_threshold, keep_other)


def _finish(all_boxes: list[np.ndarray], all_scores: list[np.ndarray], all_ids: list[np.ndarray],
            labels: Sequence[str], input_size: tuple[int, int], image_size: tuple[int, int],
            iou_threshold: float, keep_other: bool) -> list[ObjectDetection]:
    if not all_boxes or sum(len(b) for b in all_boxes) == 0:
        return []
    boxes = np.concatenate(all_boxes).astype(np.float32)
    scores = np.concatenate(all_scores).astype(np.float32)
    class_ids = np.concatenate(all_ids)
    keep = nms(boxes, scores, class_ids, iou_threshold)
    sx, sy = image_size[0] / input_size[0], image_size[1] / input_size[1]
    scaled = boxes[keep] * np.array([sx, sy, sx, sy], dtype=np.float32)
    scaled[:, [0, 2]] = scaled[:, [0, 2]].clip(0, image_size[0])
    scaled[:, [1, 3]] = scaled[:, [1, 3]].clip(0, image_size[1])
    return _detections(scaled, scores[keep], class_ids[keep], labels, keep_other)
