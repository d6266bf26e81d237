"""Helpers shared by the wall benchmarks: a private X display, screen grabs, process figures.

libvlc draws into native windows, so pictures are read from the X server itself
(`QScreen.grabWindow(0, ...)`), not from Qt's widget painting. An Xvfb display is started
when there is none (with -noreset: without it Xvfb aborts intermittently).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class XvfbDisplay:
    """Starts Xvfb on a free display number unless DISPLAY is already set."""

    def __init__(self, size: str = "1920x1080x24") -> None:
        self._size = size
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        if not os.environ.get("DISPLAY"):
            self._start()
        os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
        return self

    def _start(self) -> None:
        if not shutil.which("Xvfb"):
            raise SystemExit("Error: no DISPLAY and Xvfb is not installed (Debian: xvfb).")
        for number in range(150, 200):
            if Path(f"/tmp/.X{number}-lock").exists():
                continue
            proc = subprocess.Popen(
                ["Xvfb", f":{number}", "-noreset", "-nolisten", "tcp", "-screen", "0",
                 self._size], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and proc.poll() is None:
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self._proc = proc
                    os.environ["DISPLAY"] = f":{number}"
                    return
                time.sleep(0.05)
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        raise SystemExit("Error: could not start Xvfb.")

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None


class PlainWindows:
    """Bare X11 windows (libX11 through ctypes, no toolkit) for players without Qt."""

    def __init__(self) -> None:
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("X11")
        if name is None:
            raise SystemExit("Error: libX11 is needed for the bare-libvlc baseline.")
        self._x11 = ctypes.CDLL(name)
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x11.XCreateSimpleWindow.restype = ctypes.c_ulong
        self._x11.XCreateSimpleWindow.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]
        for function in ("XMapWindow", "XDestroyWindow"):
            getattr(self._x11, function).argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        for function in ("XFlush", "XCloseDisplay"):
            getattr(self._x11, function).argtypes = [ctypes.c_void_p]
        self._display = self._x11.XOpenDisplay(None)
        if not self._display:
            raise SystemExit("Error: cannot open the X display.")
        self._windows: list[int] = []

    def create(self, x: int, y: int, width: int, height: int) -> int:
        root = self._x11.XDefaultRootWindow(self._display)
        window = int(self._x11.XCreateSimpleWindow(self._display, root, x, y, width, height,
                                                   0, 0, 0))
        self._x11.XMapWindow(self._display, window)
        self._x11.XFlush(self._display)
        self._windows.append(window)
        return window

    def close(self) -> None:
        for window in self._windows:
            self._x11.XDestroyWindow(self._display, window)
        self._windows.clear()
        self._x11.XCloseDisplay(self._display)


# ----------------------------------------------------------------- camera stand-ins
@dataclass(frozen=True)
class Profile:
    stream_uri: str | None


@dataclass(frozen=True)
class CameraView:
    """What WallView.show_camera reads from a camera (id, name, main and sub profiles)."""

    id: int
    name: str
    main_profile: Profile | None
    sub_profile: Profile | None


# ----------------------------------------------------------------- Qt helpers
def pump(seconds: float) -> None:
    """Run the Qt event loop for `seconds` (timers, repaints, queued signals), idling as the
    application's own loop does rather than polling."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_until(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        pump(0.1)
    return bool(condition())


def grab_rgb(widget: Any) -> Any:
    """The screen pixels under `widget` as an H x W x 3 uint8 array (what the glass shows)."""
    import numpy as np
    from PySide6.QtGui import QImage

    origin = widget.mapToGlobal(widget.rect().topLeft())
    image = widget.screen().grabWindow(0, origin.x(), origin.y(), widget.width(),
                                       widget.height()).toImage()
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return pixels.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def video_rect(surface_w: int, surface_h: int, video_w: int, video_h: int
               ) -> tuple[int, int, int, int]:
    """(x, y, w, h) of a video that libvlc fits, centred and undistorted, into a surface."""
    scale = min(surface_w / video_w, surface_h / video_h)
    width, height = int(video_w * scale), int(video_h * scale)
    return (surface_w - width) // 2, (surface_h - height) // 2, width, height


# ----------------------------------------------------------------- process figures
def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def pss_bytes(pid: int) -> int:
    """Proportional set size: shared library pages split between the processes using them
    (a puller's RSS would count all of ffmpeg's libraries again for every camera)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss_bytes(pid)


def rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_SIZE
    except OSError:
        return 0
