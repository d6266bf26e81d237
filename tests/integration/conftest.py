"""Shared fixtures for integration tests: a running farm of simulated cameras.

`sim_farm` is session-scoped (transcoding and starting take a few seconds): two cameras,
camera 1 with PTZ, WS-Discovery off (multicast must not leave the machine; discovery tests
run their own responder inside a private network namespace). Tests that switch faults use
`sim_faults`, which switches every fault off again afterwards.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sim.camera import FAULTS
from app.sim.farm import SimulatorFarm

# OpenCV's FFmpeg back end reads RTSP over TCP like the application does.
os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_transport;tcp")


@pytest.fixture(scope="session")
def sim_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sim-cache")


@pytest.fixture(scope="session")
def sim_farm(sim_cache_dir: Path) -> Iterator[SimulatorFarm]:
    farm = SimulatorFarm(cameras=2, discovery=False, ptz_cameras={1}, cache_dir=sim_cache_dir,
                         max_video_seconds=20)
    with farm:
        yield farm


@pytest.fixture
def sim_faults(sim_farm: SimulatorFarm) -> Iterator[SimulatorFarm]:
    """The shared farm, with every fault switched off again when the test ends."""
    yield sim_farm
    for camera in sim_farm.cameras:
        for fault in FAULTS:
            if fault in sim_farm.active_faults(camera.index):
                sim_farm.set_fault(camera.index, fault, on=False)
