"""Turning images into the tensors a bundle expects, and SSD outputs into boxes.

This is the reference reading of a manifest's ``input`` and of the ``ssd`` decoder; the analytics
pipeline builds its batched, asynchronous path on the same rules.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from app.models.manifest import InputSpec


@dataclass(frozen=True)
class Detection:
    label_id: int
    label: str
    score: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the source image


def prepare_image(image_bgr: np.ndarray, spec: InputSpec,
                  size: tuple[int, int] | None = None) -> np.ndarray:
    """Resize a BGR image to the input (``size`` = (width, height) for dynamic inputs), reorder
    colours, apply mean/scale and lay it out as the manifest says (NCHW or NHWC)."""
    axes = dict(zip(spec.layout, spec.shape))
    width = axes.get("W", -1) if size is None else size[0]
    height = axes.get("H", -1) if size is None else size[1]
    if width <= 0 or height <= 0:
        raise ValueError(f"input {spec.name!r} has a dynamic size; pass size=(width, height)")
    image = cv2.resize(image_bgr, (width, height), interpolation=cv2.INTER_LINEAR)
    if spec.color_order == "RGB":
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    elif spec.color_order == "GRAY":
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)[:, :, None]
    data = image.astype(np.float32)
    if spec.mean is not None:
        data -= np.asarray(spec.mean, dtype=np.float32)
    if spec.scale is not None:
        data /= np.asarray(spec.scale, dtype=np.float32)
    if spec.layout.endswith("CHW"):
        data = data.transpose(2, 0, 1)
    return data[None, ...]


def decode_ssd(output: np.ndarray, labels: Sequence[str], threshold: float,
               image_size: tuple[int, int]) -> list[Detection]:
    """Rows of [image_id, label, conf, x0, y0, x1, y1] (normalised); a negative id ends them."""
    width, height = image_size
    detections = []
    for row in output.reshape(-1, 7):
        if row[0] < 0:
            break
        score = float(row[2])
        if score < threshold:
            continue
        label_id = int(row[1])
        label = labels[label_id] if 0 <= label_id < len(labels) else str(label_id)
        x0, y0, x1, y1 = (float(np.clip(v, 0.0, 1.0)) for v in row[3:7])
        detections.append(Detection(label_id, label, score,
                                    (x0 * width, y0 * height, x1 * width, y1 * height)))
    return detections
