"""The PTZ pad drives a simulated PTZ camera over ONVIF: hold to move, release to stop, presets.

The camera's position is read back through a second, independent ONVIF connection
(GetStatus), so the test checks what the camera did, not what the pad believes.
"""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.cameras.onvif_client import OnvifClient
from app.security.permissions import BUILTIN_ROLES, Permission, Principal
from app.sim.farm import SimulatorFarm
from app.wall.ptz import PtzControl
from ui.wall.ptz_pad import PtzPad

pytestmark = pytest.mark.gui
TOKEN = "profile_main"
OFFICER = Principal(7, "truc_ban_1", "Nguyễn Văn An", "duty_officer",
                    BUILTIN_ROLES["duty_officer"].permissions)


def _client(farm: SimulatorFarm, password: str | None = None) -> OnvifClient:
    camera = farm.cameras[0]
    return OnvifClient("127.0.0.1", camera.onvif_port, farm.username,
                       farm.password if password is None else password, timeout=5.0)


@pytest.fixture
def observer(sim_farm: SimulatorFarm) -> Iterator[OnvifClient]:
    assert sim_farm.cameras[0].ptz
    client = _client(sim_farm)
    client.ptz_goto_preset(TOKEN, "1")  # start from the home position
    yield client
    client.ptz_stop(TOKEN)
    client.ptz_goto_preset(TOKEN, "1")


def _pad(qtbot, control: PtzControl) -> PtzPad:
    pad = PtzPad(control, "Cổng UBND phường")
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def _settled(observer: OnvifClient) -> tuple[float, float, float]:
    """The position once the camera has stopped moving."""
    before = observer.ptz_position(TOKEN)
    while True:
        time.sleep(0.2)
        after = observer.ptz_position(TOKEN)
        if after == before:
            return after
        before = after


def test_holding_an_arrow_pans_the_camera_and_releasing_stops_it(
        qtbot, sim_farm: SimulatorFarm, observer: OnvifClient) -> None:
    control = PtzControl(_client(sim_farm), TOKEN, 1, lambda: OFFICER)
    pad = _pad(qtbot, control)
    try:
        qtbot.waitUntil(lambda: pad.presets.count() >= 1, timeout=10_000)  # "Home"
        assert observer.ptz_position(TOKEN) == (0.0, 0.0, 0.0)
        pad.speed.setValue(100)
        qtbot.mousePress(pad.buttons["right"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: observer.ptz_position(TOKEN)[0] > 0.1, timeout=10_000)
        qtbot.mouseRelease(pad.buttons["right"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not control.moving and pad.position_label.text() != "",
                        timeout=10_000)
        pan, tilt, zoom = _settled(observer)
        assert pan > 0.1 and tilt == 0.0 and zoom == 0.0
        assert "Pan +" in pad.position_label.text()

        qtbot.mousePress(pad.buttons["zoom_in"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: observer.ptz_position(TOKEN)[2] > 0.05, timeout=10_000)
        qtbot.mouseRelease(pad.buttons["zoom_in"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not control.moving, timeout=5_000)
        moved = _settled(observer)
        assert moved[0] == pytest.approx(pan) and moved[2] > 0.05

        # Save this position as a preset, go home, then come back to it.
        pad.preset_name.setText("Cổng sau")
        pad.save_preset()
        qtbot.waitUntil(lambda: "Cổng sau" in [pad.presets.item(i).text()
                                                for i in range(pad.presets.count())],
                        timeout=10_000)
        pad.presets.setCurrentRow(0)  # Home
        pad.goto_selected_preset()
        qtbot.waitUntil(lambda: observer.ptz_position(TOKEN) == (0.0, 0.0, 0.0), timeout=10_000)
        names = [pad.presets.item(i).text() for i in range(pad.presets.count())]
        pad.presets.setCurrentRow(names.index("Cổng sau"))
        pad.goto_selected_preset()
        qtbot.waitUntil(lambda: observer.ptz_position(TOKEN) == moved, timeout=10_000)
        assert pad.last_error == ""
        pad.preset_name.setText("   ")
        pad.save_preset()
        assert pad.status.text() == "Type a name for the preset."
        pad.grab().save("/tmp/ptz_pad.png")
    finally:
        pad.shutdown()
        control.join()


def test_pad_shows_camera_and_permission_errors(qtbot, sim_farm: SimulatorFarm,
                                                observer: OnvifClient) -> None:
    wrong = PtzControl(_client(sim_farm, password="sai-mat-khau"), TOKEN, 1, lambda: OFFICER)
    pad = _pad(qtbot, wrong)
    viewer = Principal(8, "xem", "Người xem", "viewer", frozenset({Permission.VIEW_LIVE}))
    denied = PtzControl(_client(sim_farm), TOKEN, 1, lambda: viewer)
    second = _pad(qtbot, denied)
    try:
        qtbot.waitUntil(lambda: "password" in pad.status.text(), timeout=10_000)
        qtbot.mousePress(second.buttons["up"], Qt.MouseButton.LeftButton)
        qtbot.mouseRelease(second.buttons["up"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "does not allow" in second.status.text(), timeout=10_000)
        assert observer.ptz_position(TOKEN) == (0.0, 0.0, 0.0)  # nothing moved
    finally:
        pad.shutdown()
        second.shutdown()
        wrong.join()
        denied.join()
