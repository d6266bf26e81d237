"""The clock strip survives scaling and is refused when damaged."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from app.sim import clock_strip


def _painted(width: int, height: int, value: int, seed: int = 1) -> np.ndarray:
    """Luma plane of a noisy I420 frame with the strip painted on it."""
    rng = np.random.default_rng(seed)
    frame = bytearray(rng.integers(0, 256, width * height * 3 // 2, dtype=np.uint8).tobytes())
    clock_strip.paint_i420(frame, width, height, value)
    return np.frombuffer(bytes(frame[: width * height]), np.uint8).reshape(height, width)


@pytest.mark.parametrize("size", [(1280, 720), (640, 360)])
@pytest.mark.parametrize("scale", [1.0, 0.3, 1.5])
def test_strip_reads_back_at_any_scale(size: tuple[int, int], scale: float) -> None:
    value = 0xDEADBEEF
    luma = _painted(*size, value)
    shown = cv2.resize(luma, (int(size[0] * scale), int(size[1] * scale)),
                       interpolation=cv2.INTER_AREA)
    rgb = np.repeat(shown[:, :, None], 3, axis=2)
    assert clock_strip.read_strip(rgb) == value
    assert clock_strip.read_strip(shown) == value


def test_damaged_or_missing_strip_is_refused() -> None:
    luma = _painted(640, 360, 123456789).copy()
    cells = clock_strip.cell_bounds(640)
    start, end = cells[20]  # flip one data cell
    band = slice(0, clock_strip.strip_height(360))
    luma[band, start:end] = 255 - luma[band, start:end]
    assert clock_strip.read_strip(luma) is None
    assert clock_strip.read_strip(np.full((360, 640), 128, np.uint8)) is None
    assert clock_strip.read_strip(np.zeros((10, 640), np.uint8)) is None


def test_age_crosses_the_wrap() -> None:
    assert clock_strip.age_ms(clock_strip.WRAP - 10, 30) == 40
    assert clock_strip.age_ms(100, 60) == -40
    assert clock_strip.cell_bits(5)[:2] == [1, 0]
    assert len(clock_strip.cell_bits(5)) == clock_strip.CELLS
