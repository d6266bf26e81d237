"""Storage and integrity: a live recording channel, the disk, retention now and the integrity
check on a real RecordingService."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.recording.dto import ChannelConfig
from app.recording.recorder import RecorderState
from tests.recording_support import fake_segment
from tests.ui.recording_ui_support import RecordingWorld, clip_bytes, recording_world
from ui.recording.storage_status import StorageStatusDialog

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


def tr(text: str) -> str:
    return QCoreApplication.translate("StorageStatusDialog", text)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return clip_bytes(tmp_path_factory.mktemp("clip"))


@pytest.fixture
def world(tmp_path: Path, clip: bytes) -> Iterator[RecordingWorld]:
    yield from recording_world(tmp_path, clip)


@pytest.fixture
def opened(world: RecordingWorld) -> Iterator[list[QDialog]]:
    """Dialogs a test opened, closed (their worker stopped) before the world goes."""
    dialogs: list[QDialog] = []
    yield dialogs
    for dialog in dialogs:
        dialog.close()


def open_status(qtbot: QtBot, opened: list[QDialog], world: RecordingWorld,
                role: str) -> StorageStatusDialog:
    dialog = StorageStatusDialog(world.admin, actor=world.principal(role))
    qtbot.addWidget(dialog)
    opened.append(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=10_000)
    return dialog


def test_a_recording_channel_and_the_disk_are_shown(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog]) -> None:
    camera = world.cameras["Ngã tư Hàng Bài"]
    config = world.service.index.save_channel(ChannelConfig(camera, segment_s=60))
    world.service.start_channel(config, *world.resolve(config))
    dialog = open_status(qtbot, opened, world, "administrator")

    def recording_shown() -> bool:
        dialog.refresh()
        snapshot = dialog.snapshot
        return (snapshot is not None and len(snapshot.channels) == 1
                and snapshot.channels[0].status is not None
                and snapshot.channels[0].status.state is RecorderState.RECORDING
                and dialog.channels.item(0, 1) is not None
                and dialog.channels.item(0, 1).text() == tr("Recording"))
    qtbot.waitUntil(recording_shown, timeout=15_000)
    assert dialog.channels.rowCount() == 1
    assert dialog.channels.item(0, 0).text() == "Ngã tư Hàng Bài"
    assert dialog.channels.item(0, 2).text().startswith(f"cam{camera}_")
    assert dialog.channels.item(0, 2).text().endswith(".ts")
    assert dialog.folder.text() == str(world.root)
    assert dialog.snapshot is not None and dialog.snapshot.disk_total
    assert 0 < dialog.disk_bar.value() <= 1000
    assert dialog.timer.isActive()
    dialog.close()
    assert not dialog.timer.isActive()


def test_integrity_check_lists_a_deleted_segment_as_missing(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog]) -> None:
    camera = world.cameras["Cổng UBND phường"]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    segments = [fake_segment(world.service.index, world.root, camera,
                             start + timedelta(minutes=n)) for n in (0, 1, 5)]
    gone = world.service.index.get(segments[1])
    assert gone is not None
    Path(gone.path).unlink()
    dialog = open_status(qtbot, opened, world, "administrator")
    assert dialog.snapshot is not None and dialog.snapshot.segment_count == 3

    with qtbot.waitSignal(dialog.integrity_done, timeout=15_000) as done:
        qtbot.mouseClick(dialog.integrity_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert [s.id for s in report.missing] == [segments[1]]
    lines = dialog.problem_lines()
    assert len(lines) == 2  # the missing file, and the camera's 3-minute gap
    assert gone.path in lines[0] and "Cổng UBND phường" in lines[0]
    assert [round(g.seconds) for g in report.gaps] == [180]
    assert "Cổng UBND phường" in lines[1] and "180" in lines[1]
    assert dialog.problems.isVisibleTo(dialog)
    assert dialog.integrity_button.isEnabled() and dialog.progress.isHidden()


def test_retention_now_keeps_held_footage_and_needs_the_right(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog]) -> None:
    camera = world.cameras["Đinh Tiên Hoàng - Lê Thái Tổ"]
    old = datetime.now(UTC) - timedelta(days=90)
    expired = fake_segment(world.service.index, world.root, camera, old)
    held = fake_segment(world.service.index, world.root, camera, old + timedelta(hours=2))
    world.service.index.add_hold(camera, old + timedelta(hours=2),
                                 old + timedelta(hours=2, minutes=1), reason="vụ việc 12/2026")

    officer = open_status(qtbot, opened, world, "duty_officer")
    assert not officer.retention_button.isEnabled()
    officer.run_retention()  # past the disabled button: the core refuses
    qtbot.waitUntil(lambda: not officer.progress.isVisible())
    qtbot.waitUntil(lambda: world.principal("duty_officer").role_label in officer.outcome.text())
    assert world.service.index.get(expired) is not None

    dialog = open_status(qtbot, opened, world, "administrator")
    assert dialog.snapshot is not None and dialog.snapshot.holds == 1
    with qtbot.waitSignal(dialog.retention_done, timeout=15_000) as done:
        qtbot.mouseClick(dialog.retention_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert [s.id for s in result.deleted] == [expired] and result.kept_by_hold == 1
    assert world.service.index.get(expired) is None
    assert world.service.index.get(held) is not None
