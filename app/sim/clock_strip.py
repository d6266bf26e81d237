"""A machine-readable wall-clock strip burnt into simulated camera pictures.

Latency from camera to screen is measured by comparing the time written into a frame with the
time a screenshot shows that frame. Text would need OCR, which misreads digits after H.264
compression and scaling; this strip is a row of black and white cells that survives both:

    cell 0 white, cell 1 black      reference levels (the threshold is their midpoint)
    cells 2..33                     milliseconds since the epoch modulo 2**32, MSB first
    cells 34..41                    check byte: sum of the four value bytes XOR 0xA5

The strip spans the full frame width at the top (`strip_height` rows, a multiple of 16 so
that H.264 macroblocks do not mix it with the picture below). The painter needs only the
standard library: it runs inside the RTSP server under the system Python. Reading a strip
back from a screenshot uses numpy (application side only).
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any

DATA_BITS = 32
CHECK_BITS = 8
CELLS = 2 + DATA_BITS + CHECK_BITS
WRAP = 1 << DATA_BITS
_CHECK_MASK = 0xA5
_WHITE_LUMA = 235
_BLACK_LUMA = 16
_NEUTRAL_CHROMA = 128
# Smallest contrast between the reference cells that still counts as a strip.
_MIN_CONTRAST = 60.0


def now_ms() -> int:
    """The value a frame made now carries: wall-clock milliseconds modulo 2**32."""
    return int(time.time() * 1000) % WRAP


def strip_height(frame_height: int) -> int:
    """Rows the strip covers: about a tenth of the picture, a multiple of 16, at least 16."""
    return max(16, (frame_height // 10) // 16 * 16)


def _check_byte(value: int) -> int:
    return (sum(value.to_bytes(4, "big")) & 0xFF) ^ _CHECK_MASK


def cell_bits(value: int) -> list[int]:
    """The CELLS cell values (1 white, 0 black) that encode `value` (taken modulo 2**32)."""
    value %= WRAP
    bits = [1, 0]
    bits += [(value >> shift) & 1 for shift in range(DATA_BITS - 1, -1, -1)]
    check = _check_byte(value)
    bits += [(check >> shift) & 1 for shift in range(CHECK_BITS - 1, -1, -1)]
    return bits


def cell_bounds(width: int) -> list[tuple[int, int]]:
    """(start, end) columns of every cell across `width` pixels."""
    edges = [round(i * width / CELLS) for i in range(CELLS + 1)]
    return list(itertools.pairwise(edges))


def paint_i420(frame: bytearray, width: int, height: int, value: int) -> None:
    """Overwrite the top rows of a packed I420 frame (default strides) with the strip."""
    rows = min(strip_height(height), height)
    luma_row = bytearray(width)
    for bit, (start, end) in zip(cell_bits(value), cell_bounds(width)):
        luma_row[start:end] = bytes([_WHITE_LUMA if bit else _BLACK_LUMA]) * (end - start)
    # Y rows are contiguous (stride == width), so the whole band is one slice assignment.
    frame[0:width * rows] = bytes(luma_row) * rows
    chroma_width = (width + 1) // 2
    chroma_band = chroma_width * ((rows + 1) // 2)
    u_plane = width * height
    v_plane = u_plane + chroma_width * ((height + 1) // 2)
    neutral = bytes([_NEUTRAL_CHROMA]) * chroma_band
    frame[u_plane:u_plane + chroma_band] = neutral
    frame[v_plane:v_plane + chroma_band] = neutral


def decode_levels(levels: Sequence[float]) -> int | None:
    """The value encoded by CELLS brightness levels, or None when they are not a valid strip."""
    if len(levels) != CELLS:
        return None
    white, black = float(levels[0]), float(levels[1])
    if white - black < _MIN_CONTRAST:
        return None
    threshold = (white + black) / 2
    bits = [1 if level > threshold else 0 for level in levels[2:]]
    value = 0
    for bit in bits[:DATA_BITS]:
        value = (value << 1) | bit
    check = 0
    for bit in bits[DATA_BITS:]:
        check = (check << 1) | bit
    return value if check == _check_byte(value) else None


def read_strip(picture: Any) -> int | None:
    """Decode the strip at the top of `picture` (an H x W or H x W x C numpy array holding
    exactly the video frame, at any scale), or None when no valid strip is there."""
    import numpy as np

    frame = np.asarray(picture)
    height, width = frame.shape[:2]
    if width < CELLS * 3 or height < 20:
        return None
    # The strip covers 6.6-10 % of the picture height whatever the source size; reading
    # rows between 2 % and 6 % stays inside it and away from its blurred lower edge.
    top = int(height * 0.02)
    bottom = max(top + 1, int(height * 0.06))
    pixels = frame[top:bottom].astype(np.float32)  # only the band: frames are large
    if pixels.ndim == 3:
        pixels = pixels[..., :3].mean(axis=2)
    levels = []
    for start, end in cell_bounds(width):
        margin = max(1, (end - start) // 4)
        levels.append(float(pixels[:, start + margin:end - margin].mean()))
    return decode_levels(levels)


def age_ms(stamp: int, at_ms: int | None = None) -> int:
    """Milliseconds from `stamp` (a strip value) to `at_ms` (default: now), across the wrap."""
    now = now_ms() if at_ms is None else at_ms % WRAP
    delta = (now - stamp) % WRAP
    return delta - WRAP if delta >= WRAP // 2 else delta
