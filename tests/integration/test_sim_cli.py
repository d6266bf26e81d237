"""`main.py sim` and `main.py sim-fault` as a trainer uses them."""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.sim.cli import run_sim_fault

ROOT = Path(__file__).resolve().parents[2]


def test_sim_runs_until_interrupted_and_switches_faults(
        trucban_home: Path, sim_cache_dir: Path, sim_farm: object,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Reuse the session's transcoded video (sim_farm made it) instead of transcoding again.
    shutil.copytree(sim_cache_dir, trucban_home / "cache" / "sim")
    process = subprocess.Popen(
        [sys.executable, "-c", ("import sys; from app.sim.cli import run_sim; "
                               "sys.exit(run_sim(sys.argv[1:]))"), "--cameras", "2", "--no-discovery",
         "--password", "Trainer-Pass-1", "--max-video-seconds", "20"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TRUCBAN_HOME": str(trucban_home)})
    try:
        lines = []
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "Ctrl-C" in line:
                break
        output = "".join(lines)
        assert "Camera 02" in output and "Trainer-Pass-1" in output
        assert "Trainer-Pass-1@" not in output  # URLs carry no credentials
        state_file = trucban_home / "data" / "sim.json"
        assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
        state = state_file.read_text()
        assert "Trainer-Pass-1" not in state
        assert [c["name"] for c in json.loads(state)["cameras"]] == ["Camera 01", "Camera 02"]

        assert run_sim_fault(["--camera", "2", "--fault", "malformed"]) == 0
        assert "malformed_soap" in capsys.readouterr().out
        assert run_sim_fault(["--camera", "2", "--fault", "malformed", "--off"]) == 0
        assert run_sim_fault(["--camera", "7", "--fault", "drop"]) == 1
        assert "No camera 7" in capsys.readouterr().err
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + 5
    while state_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not state_file.exists()
    assert run_sim_fault(["--camera", "1", "--fault", "stall"]) == 1
    assert "no camera simulator is running" in capsys.readouterr().err
