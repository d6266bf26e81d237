"""Recordings whose frames carry a visible counter, for the playback tests and bench.

Frame n shows n in binary as 12 big cells (6 × 2): a lit cell is 1. Cells survive scaling
and H.264, so the frame on screen is read back exactly, without OCR.
"""
from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from app.hashing import sha256_file
from app.recording.index import SegmentIndex
from app.storage.database import Database

BITS, COLUMNS, ROWS = 12, 6, 2
FPS = 25


def counter_frame(number: int, size: tuple[int, int] = (320, 240),
                  tint: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    width, height = size
    frame = np.full((height, width, 3), 30, np.uint8)
    for bit in range(BITS):
        row, column = divmod(bit, COLUMNS)
        if number >> bit & 1:
            frame[row * height // ROWS + 3:(row + 1) * height // ROWS - 3,
                  column * width // COLUMNS + 3:(column + 1) * width // COLUMNS - 3] = tint
    return frame


def counter_clip(path: Path, frames: int, *, size: tuple[int, int] = (320, 240),
                 tint: tuple[int, int, int] = (255, 255, 255), fmt: str = "mpegts",
                 first: int = 0) -> Path:
    """An H.264 clip (key frame every second) whose frame k shows `first + k`."""
    width, height = size
    proc = subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt",
         "rgb24", "-s", f"{width}x{height}", "-r", str(FPS), "-i", "-", "-c:v", "libx264",
         "-preset", "ultrafast", "-g", str(FPS), "-pix_fmt", "yuv420p", "-f", fmt, str(path)],
        stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for number in range(first, first + frames):
        proc.stdin.write(counter_frame(number, size, tint).tobytes())
    proc.stdin.close()
    assert proc.wait(60) == 0
    return path


def read_counter(pixels: np.ndarray) -> int:
    """The number shown in an RGB picture of a counter frame (any size)."""
    height, width = pixels.shape[:2]
    number = 0
    for bit in range(BITS):
        row, column = divmod(bit, COLUMNS)
        cell = pixels[int((row + 0.3) * height / ROWS):int((row + 0.7) * height / ROWS),
                      int((column + 0.3) * width / COLUMNS):int((column + 0.7) * width / COLUMNS)]
        if cell.max(axis=2).mean() > 128:
            number |= 1 << bit
    return number


def record_clip(db: Database, clip: Path, folder: Path, camera_id: int, start: datetime,
                segment_s: int = 2) -> list[int]:
    """Cut `clip` into segments at key frames (timestamps kept, as the recorder writes them)
    and index them from `start` on; returns the segment ids."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(clip),
                    "-c", "copy", "-map", "0:v:0", "-f", "segment", "-segment_time",
                    str(segment_s), "-segment_format", "mpegts",
                    str(folder / f"cam{camera_id}_%04d.ts")], check=True, timeout=60)
    index = SegmentIndex(db)
    ids, at = [], start
    for path in sorted(folder.glob(f"cam{camera_id}_*.ts")):
        duration = float(subprocess.run(
            ["ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0",
             "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", str(path)],
            check=True, capture_output=True, text=True, timeout=30).stdout.split()[0]) / FPS
        segment = index.open_segment(camera_id, at, str(path))
        end = at + timedelta(seconds=duration)
        index.close_segment(segment, end, path.stat().st_size, sha256_file(path))
        ids.append(segment)
        at = end
    return ids


def grab_region(widget: QWidget) -> np.ndarray:
    """What the screen shows where `widget` is (libvlc's native window included)."""
    origin = widget.mapToGlobal(widget.rect().topLeft())
    image = widget.screen().grabWindow(0, origin.x(), origin.y(), widget.width(),
                                       widget.height()).toImage()
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    stride = rgb.bytesPerLine()
    pixels = np.frombuffer(rgb.constBits(), np.uint8, count=stride * rgb.height())
    return pixels.reshape(rgb.height(), stride)[:, :rgb.width() * 3].reshape(
        rgb.height(), rgb.width(), 3).copy()


def shown_frame(widget: QWidget) -> int:
    """The counter on screen inside `widget`, letterbox bars cut off."""
    pixels = grab_region(widget)
    lit = np.where(pixels.max(axis=2) > 20)
    if lit[0].size == 0:
        return -1
    top, bottom, left, right = lit[0].min(), lit[0].max() + 1, lit[1].min(), lit[1].max() + 1
    return read_counter(pixels[top:bottom, left:right])
