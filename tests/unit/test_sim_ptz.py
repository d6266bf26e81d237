from __future__ import annotations

import pytest

from app.sim.ptz import PtzMechanics
from app.sim.rtsp_server import ptz_crop


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_velocity_integrates_into_position_and_clamps() -> None:
    clock = FakeClock()
    ptz = PtzMechanics(clock)
    ptz.continuous_move(1.0, -0.5, 1.0)
    clock.now += 1.0
    pose = ptz.pose()
    assert (pose.pan, pose.tilt, pose.zoom) == pytest.approx((0.5, -0.25, 0.5))
    clock.now += 10.0
    pose = ptz.pose()
    assert (pose.pan, pose.tilt, pose.zoom) == pytest.approx((1.0, -1.0, 1.0))
    ptz.stop()
    assert not ptz.is_moving()


def test_timeout_stops_the_move_and_presets_restore_poses() -> None:
    clock = FakeClock()
    ptz = PtzMechanics(clock)
    ptz.continuous_move(0.4, 0.0, 0.0, timeout=1.0)
    clock.now += 5.0
    assert ptz.pose().pan == pytest.approx(0.2)
    assert not ptz.is_moving()
    token = ptz.set_preset("Gate", None)
    assert ptz.goto_preset("1")
    assert ptz.pose().pan == 0.0
    assert ptz.goto_preset(token)
    assert ptz.pose().pan == pytest.approx(0.2)
    assert not ptz.goto_preset("99")
    assert [p.name for p in ptz.presets()] == ["Home", "Gate"]


def test_crop_window_follows_pan_and_zoom() -> None:
    width, height = 1280, 720
    left, right, top, bottom = ptz_crop(width, height, 0.0, 0.0, 0.0)
    assert left == pytest.approx(right, abs=2) and top == pytest.approx(bottom, abs=2)
    assert width - left - right == pytest.approx(width * 0.6, abs=2)
    left_pan, right_pan, *_ = ptz_crop(width, height, 1.0, 0.0, 0.0)
    assert right_pan == 0 and left_pan > left
    zoomed = ptz_crop(width, height, 0.0, 0.0, 1.0)
    assert width - zoomed[0] - zoomed[1] == pytest.approx(width * 0.15, abs=4)
    assert all(value % 2 == 0 and value >= 0 for value in zoomed)
