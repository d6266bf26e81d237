"""The workstation as `make demo` starts it: simulated cameras registered over ONVIF, listed in
the camera tree, and their sub-streams playing on the wall through the stream hub and libvlc."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.bootstrap import open_core
from app.paths import AppPaths
from app.security.audit import AuditTrail
from app.security.users import UserService
from ui.launch import Workstation, launch_workstation
from ui.main_window import MainWindow
from ui.security.session import sign_in


@pytest.fixture(scope="module")
def demo_options(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Free ports, and one video cache for the module (the clip is transcoded once)."""
    return {"fixed_ports": False, "cache_dir": tmp_path_factory.mktemp("sim-cache"),
            "max_video_seconds": 20}


@pytest.fixture
def station(qtbot):  # type: ignore[no-untyped-def]
    core = open_core(AppPaths.from_env().ensure())
    users = UserService(core.database, AuditTrail(core.database))
    principal = sign_in(users, demo=True)  # a fresh database: the training administrator
    assert principal is not None and principal.role_name == "administrator"
    workstation = Workstation(core, principal)
    window = MainWindow(workstation.context(), workstation.wall)
    qtbot.addWidget(window)
    workstation.attach(window)
    window.show()
    yield workstation, window
    workstation.shutdown()
    window.close()


def test_demo_registers_cameras_and_plays_sub_streams(station, qtbot, demo_options,
                                                     tmp_path: Path) -> None:
    workstation, window = station
    workstation.start_demo(2, [], **demo_options)
    cameras = workstation.core.cameras
    qtbot.waitUntil(lambda: len(cameras.list_cameras()) == 2, timeout=90_000)
    registered = cameras.list_cameras()
    assert all(c.has_credentials and c.main_profile and c.sub_profile for c in registered)
    assert {c.sub_profile.width for c in registered} == {640}  # type: ignore[union-attr]
    assert any(c.ptz for c in registered)  # camera 1 of the simulator has PTZ
    # The stored stream addresses carry no password.
    assert all("@" not in p.stream_uri for c in registered for p in c.profiles)

    qtbot.waitUntil(lambda: window.camera_tree.camera_count == 2, timeout=10_000)
    tiles = workstation.wall.tiles[:2]
    qtbot.waitUntil(lambda: all(t.status.state == "live" and t.status.frames > 5
                                for t in tiles), timeout=30_000)
    # Small tiles play the sub-stream, through the hub (Debian's libvlc cannot open rtsp://).
    keys = workstation.hub.keys()
    assert keys and all(k.endswith("-sub") for k in keys)
    window.grab().save(str(tmp_path / "demo.png"))
    # The demo records what it shows (the same hub pull), so playback has footage.
    qtbot.waitUntil(lambda: len([s for s in workstation.recording.statuses()
                                 if s.state == "recording" and s.bytes_written > 0]) == 2,
                    timeout=30_000)
    assert len(workstation.hub.keys()) == 2  # recording added no second pull


def test_camera_activation_plays_it(station, qtbot, demo_options) -> None:
    workstation, window = station
    workstation.start_demo(1, [], **demo_options)
    qtbot.waitUntil(lambda: len(workstation.core.cameras.list_cameras()) == 1, timeout=90_000)
    camera = workstation.core.cameras.list_cameras()[0]
    workstation.wall.clear()
    window.camera_activated.emit(camera.id)
    qtbot.waitUntil(lambda: any(t.status.state == "live" for t in workstation.wall.tiles),
                    timeout=30_000)


def test_broken_database_is_reported_not_crashed(monkeypatch, tmp_path: Path) -> None:
    paths = AppPaths.from_env().ensure()
    db_file = paths.data_dir / "trucban.db"
    db_file.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, _title, text: shown.append(text))
    assert launch_workstation("test") == 2
    assert shown and str(db_file) in shown[0]
    assert db_file.read_bytes() == b"this is not a database" * 100  # untouched


def test_the_workstation_menus_follow_the_signed_in_user(station, qtbot) -> None:
    workstation, window = station
    titles = [t.replace("&", "") for t in window.menu_titles()]
    assert len(titles) >= 6  # file, view, cameras, review, administration, help at least
    session = workstation.session
    assert session.users_action.isEnabled()  # the administrator manages users
    assert "huanluyen" in session.user_label.text() or "Quản trị" in session.user_label.text()
    trail = workstation.audit.query(session.current())
    assert any(record.action == "login.success" for record in trail.records)


def test_without_a_demo_a_fresh_workstation_asks_for_the_first_administrator(
        monkeypatch, qtbot) -> None:
    from PySide6.QtWidgets import QDialog

    shown: list[str] = []

    def refuse(dialog: QDialog) -> int:
        shown.append(type(dialog).__name__)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", refuse)
    assert launch_workstation("test") == 0  # the user gave up: nothing else starts
    assert shown == ["FirstAdminDialog"]


def test_a_recorded_camera_opens_in_playback_from_the_wall(station, qtbot, demo_options) -> None:
    from datetime import UTC, datetime, timedelta

    from app.recording.dto import SourceRef

    workstation, _ = station
    workstation.start_demo(1, [], **demo_options)
    qtbot.waitUntil(lambda: any(s.state == "recording" and s.bytes_written > 0
                                for s in workstation.recording.statuses()), timeout=60_000)
    camera = workstation.core.cameras.list_cameras()[0]
    qtbot.waitUntil(lambda: workstation.recording_available(
        camera.id, datetime.now(UTC) - timedelta(minutes=5), datetime.now(UTC)), timeout=30_000)
    when = datetime.now(UTC) - timedelta(seconds=2)
    workstation.playback_actions.open_at(camera.id, when)
    playback = workstation.playback_window
    assert playback is not None and playback.isVisible()
    assert SourceRef.camera(camera.id) in playback.chosen_sources()
