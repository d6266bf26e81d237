"""Test-session set-up shared by every suite.

Windows need a display: when there is none, the test run starts its own Xvfb (with -noreset,
without which Xvfb aborts intermittently) and points DISPLAY at it before Qt is imported.
Every test gets its own TRUCBAN_HOME so nothing touches the user's real data.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest_plugins = ["tests.fixtures_db"]

_xvfb: subprocess.Popen[bytes] | None = None


def _start_xvfb() -> None:
    global _xvfb
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return
    # Two screens so that multi-monitor behaviour can be exercised too.
    for number in range(90, 140):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        proc = subprocess.Popen(
            ["Xvfb", f":{number}", "-noreset", "-nolisten", "tcp",
             "-screen", "0", "1920x1080x24", "-screen", "1", "1920x1080x24"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            _xvfb = proc
            os.environ["DISPLAY"] = f":{number}"
            return


_start_xvfb()
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _xvfb is not None:
        _xvfb.terminate()
        try:
            _xvfb.wait(5)
        except subprocess.TimeoutExpired:
            _xvfb.kill()


@pytest.fixture(autouse=True)
def trucban_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "trucban-home"
    home.mkdir()
    monkeypatch.setenv("TRUCBAN_HOME", str(home))
    return home
