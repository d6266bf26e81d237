"""Test-session set-up shared by every suite.

Windows need a display: when there is none, the test run starts its own Xvfb (with -noreset,
without which Xvfb aborts intermittently) and points DISPLAY at it before Qt is imported.
Every test gets its own TRUCBAN_HOME so nothing touches the user's real data.
"""
from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
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


def _die_with_parent() -> None:
    """Runs in the Xvfb child: it gets SIGTERM when the test run dies, even by SIGKILL, so a
    killed run leaves no server holding a display number."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start_xvfb() -> None:
    global _xvfb
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return
    # -displayfd: Xvfb picks a free display number itself and writes it to the pipe.
    # Two screens so that multi-monitor behaviour can be exercised too.
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-noreset", "-nolisten", "tcp",
         "-screen", "0", "1920x1080x24", "-screen", "1", "1920x1080x24"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,),
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads yet at collection time
    )
    os.close(write_end)
    number = b""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not number.endswith(b"\n"):
        ready, _, _ = select.select([read_end], [], [], 0.2)
        if ready:
            chunk = os.read(read_end, 16)
            if not chunk:
                break
            number += chunk
    os.close(read_end)
    if proc.poll() is None and number.strip().isdigit():
        _xvfb = proc
        os.environ["DISPLAY"] = f":{number.decode().strip()}"
    elif proc.poll() is None:
        proc.kill()


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
