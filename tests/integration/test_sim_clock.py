"""A burn_clock camera's pictures carry a readable wall-clock strip; other cameras' do not."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest

from app.sim import clock_strip
from app.sim.errors import SimulatorError
from app.sim.farm import SimulatorFarm


@pytest.fixture(scope="module")
def clock_farm(sim_cache_dir: Path) -> Iterator[SimulatorFarm]:
    with SimulatorFarm(cameras=2, discovery=False, ptz_cameras=set(), burn_clock={1},
                       cache_dir=sim_cache_dir, max_video_seconds=20) as farm:
        yield farm


def _stamps(url: str, frames: int) -> list[int | None]:
    capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG, [
        cv2.CAP_PROP_N_THREADS, 1, cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, 10000,
        cv2.CAP_PROP_READ_TIMEOUT_MSEC, 10000])
    try:
        assert capture.isOpened()
        stamps = []
        for _ in range(frames):
            ok, frame = capture.read()
            assert ok
            stamps.append(clock_strip.read_strip(frame))
        return stamps
    finally:
        capture.release()


def test_clock_camera_stamps_every_frame_with_the_current_time(clock_farm: SimulatorFarm) -> None:
    for url in (clock_farm.cameras[0].rtsp_sub, clock_farm.cameras[0].rtsp_main):
        stamps = _stamps(url, 30)
        assert all(stamp is not None for stamp in stamps), stamps
        values = [stamp for stamp in stamps if stamp is not None]
        # Written at the camera from the wall clock (not a fixed value), frame after frame.
        assert all(abs(clock_strip.age_ms(value)) < 60_000 for value in values)
        assert values == sorted(values) and values[-1] > values[0]


def test_other_cameras_carry_no_strip(clock_farm: SimulatorFarm) -> None:
    assert _stamps(clock_farm.cameras[1].rtsp_sub, 5) == [None] * 5


def test_burn_clock_must_name_existing_cameras(tmp_path: Path) -> None:
    with pytest.raises(SimulatorError):
        SimulatorFarm(cameras=2, burn_clock={3}, discovery=False, cache_dir=tmp_path)
