"""Minimal PP-OCR text detection (DB) and recognition (CTC) on bundles compiled by OpenVINO.

Enough to check that the installed PP-OCR bundles read text; the plate reader in analytics adds
plate-specific cropping, two-line handling and syntax checks on top.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import openvino as ov

from app.models.inference import prepare_image
from app.models.manifest import InputSpec


@dataclass(frozen=True)
class TextBox:
    points: tuple[tuple[float, float], ...]  # four corners, clockwise, source-image pixels
    score: float

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return int(min(xs)), int(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


@dataclass(frozen=True)
class TextLine:
    text: str
    score: float


def charset_from_model(model: ov.Model) -> list[str]:
    """PP-OCR ONNX recognisers carry their dictionary in metadata: index 0 is the CTC blank and
    the last class is a space (PaddleOCR's ``use_space_char``)."""
    if not model.has_rt_info(["framework", "character"]):
        raise ValueError("the recognition model carries no character list in its metadata")
    characters = model.get_rt_info(["framework", "character"]).astype(str).split("\n")
    return ["<blank>", *characters, " "]


def _det_size(height: int, width: int, options: Mapping[str, Any]) -> tuple[int, int]:
    limit = int(options.get("limit_side_len", 736))
    stride = int(options.get("stride", 32))
    if options.get("limit_type", "min") == "min":
        ratio = limit / min(height, width) if min(height, width) < limit else 1.0
    else:
        ratio = limit / max(height, width) if max(height, width) > limit else 1.0
    return (max(stride, round(width * ratio / stride) * stride),
            max(stride, round(height * ratio / stride) * stride))


def detect_text(compiled: ov.CompiledModel, image_bgr: np.ndarray, spec: InputSpec,
                options: Mapping[str, Any]) -> list[TextBox]:
    height, width = image_bgr.shape[:2]
    size = _det_size(height, width, options)
    probability = compiled(prepare_image(image_bgr, spec, size))[0][0, 0]
    bitmap = (probability > float(options.get("thresh", 0.3))).astype(np.uint8)
    bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    scale_x, scale_y = width / size[0], height / size[1]
    boxes = []
    for contour in contours[: int(options.get("max_candidates", 1000))]:
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if min(w, h) < 3:
            continue
        mask = np.zeros_like(bitmap)
        cv2.fillPoly(mask, [contour.reshape(-1, 2)], 1)
        score = float(probability[mask.astype(bool)].mean())
        if score < float(options.get("box_thresh", 0.5)):
            continue
        # DB shrinks text regions while training; grow the box back by area * ratio / perimeter.
        grow = w * h * float(options.get("unclip_ratio", 1.6)) / (2 * (w + h))
        if min(w, h) + 2 * grow < 5:
            continue
        corners = cv2.boxPoints(((cx, cy), (w + 2 * grow, h + 2 * grow), angle))
        points = tuple((float(np.clip(x * scale_x, 0, width)), float(np.clip(y * scale_y, 0, height)))
                       for x, y in corners)
        boxes.append(TextBox(points, score))
    return sorted(boxes, key=lambda b: (b.bounds[1], b.bounds[0]))


def recognise_text(compiled: ov.CompiledModel, crop_bgr: np.ndarray, spec: InputSpec,
                   options: Mapping[str, Any], charset: Sequence[str]) -> TextLine:
    target_h = int(options.get("image_height", 48))
    min_w = int(options.get("image_width", 320))
    h, w = crop_bgr.shape[:2]
    resized_w = max(1, math.ceil(target_h * w / h))
    batch = np.zeros((1, 3, target_h, max(min_w, resized_w)), dtype=np.float32)
    batch[..., :resized_w] = prepare_image(crop_bgr, spec, (resized_w, target_h))
    scores = compiled(batch)[0][0]  # [T, classes]
    indices = scores.argmax(axis=1)
    best = scores.max(axis=1)
    blank = int(options.get("blank_index", 0))
    keep = np.ones(len(indices), dtype=bool)
    keep[1:] = indices[1:] != indices[:-1]  # CTC: collapse repeats, then drop blanks
    keep &= indices != blank
    text = "".join(charset[i] for i in indices[keep] if i < len(charset))
    return TextLine(text, float(best[keep].mean()) if keep.any() else 0.0)
