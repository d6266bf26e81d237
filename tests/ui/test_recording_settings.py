"""Recording settings: per-camera channels saved through the core and applied to a running
RecordingService, the storage policy, rights, and the new fields of the settings dialog."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.config.settings import Settings, SettingsStore
from app.recording.admin import CHANNEL_CHANGED, apply_storage_settings, channel_applier
from app.recording.dto import ChannelConfig
from app.security.audit import AuditQuery
from app.security.permissions import PermissionDenied
from tests.ui.recording_ui_support import RecordingWorld, clip_bytes, recording_world
from ui.recording.actions import RecordingActions
from ui.recording.channel_table import MODE, ChannelTableModel
from ui.recording.recording_dialog import RecordingSettingsDialog
from ui.recording.storage_status import StorageStatusDialog
from ui.settings.settings_dialog import SettingsDialog

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


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


class Applied:
    """apply_channel / apply_storage as the workstation wires them, remembering each call."""

    def __init__(self, world: RecordingWorld) -> None:
        self.channels: list[ChannelConfig] = []
        self.settings: list[Settings] = []
        self._channel = channel_applier(world.service, world.resolve)
        self._world = world

    def channel(self, config: ChannelConfig) -> None:
        self.channels.append(config)
        self._channel(config)

    def storage(self, settings: Settings) -> None:
        self.settings.append(settings)
        apply_storage_settings(self._world.service, settings)


def open_dialog(qtbot: QtBot, opened: list[QDialog], world: RecordingWorld, role: str,
                applied: Applied, store: SettingsStore, settings: Settings | None = None
                ) -> RecordingSettingsDialog:
    dialog = RecordingSettingsDialog(world.admin, settings or Settings(), store,
                                     apply_channel=applied.channel,
                                     apply_storage=applied.storage,
                                     actor=world.principal(role))
    qtbot.addWidget(dialog)
    opened.append(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)  # the cameras are loaded
    return dialog


def click_save(qtbot: QtBot, dialog: RecordingSettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_switching_a_camera_to_continuous_applies_and_persists_it(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog], tmp_path: Path) -> None:
    applied = Applied(world)
    dialog = open_dialog(qtbot, opened, world, "administrator", applied,
                         SettingsStore(tmp_path / "settings.json"))
    camera = world.cameras["Ngã tư Hàng Bài"]
    model = dialog.model
    assert model.rowCount() == 5  # three cameras here, two from the user fixtures
    row = model.row_of(camera)
    assert model.data(model.index(row, 1)) == "Phường Hoàn Kiếm"
    assert model.draft(row).enabled is False  # never recorded yet: "off"

    # Edit in place: the combo box the delegate opens in the Recording column.
    proxy_index = dialog.table.model().index(row, MODE)
    dialog.table.setCurrentIndex(proxy_index)
    dialog.table.edit(proxy_index)
    editor = dialog.table.indexWidget(proxy_index) or next(
        w for w in dialog.table.viewport().findChildren(QComboBox) if w.isVisible())
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData("continuous"))
    dialog.table.itemDelegate().commitData.emit(editor)
    dialog.table.itemDelegate().closeEditor.emit(editor)
    assert model.data(model.index(row, MODE), Qt.ItemDataRole.EditRole) == "continuous"

    with qtbot.waitSignal(dialog.channels_saved, timeout=15_000) as saved:
        click_save(qtbot, dialog)
    expected = ChannelConfig(camera, enabled=True, mode="continuous", stream="main",
                             segment_s=60, pre_event_s=10, post_event_s=30)
    assert saved.args[0] == (expected,)
    assert applied.channels == [expected]
    assert world.service.index.channel(camera) == expected  # persisted
    assert world.service.recording_cameras() == [camera]  # and the recorder runs
    assert world.hub.registered == {f"cam{camera}-main":
                                    f"rtsp://127.0.0.1:8554/cam{camera}/main"}
    assert model.changed_configs() == []  # reloaded from the store
    page = world.security.audit.query(world.principal("administrator"),
                                      AuditQuery(action=CHANNEL_CHANGED))
    assert [entry.details["new"]["mode"] for entry in page.records] == ["continuous"]

    # Turning it off again stops the recorder.
    model.setData(model.index(row, MODE), "off")
    with qtbot.waitSignal(dialog.channels_saved, timeout=15_000):
        assert dialog.save()
    assert world.service.recording_cameras() == []
    stored = world.service.index.channel(camera)
    assert stored is not None and stored.enabled is False


def test_bulk_set_changes_only_the_selected_rows(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog], tmp_path: Path) -> None:
    applied = Applied(world)
    dialog = open_dialog(qtbot, opened, world, "administrator", applied,
                         SettingsStore(tmp_path / "settings.json"))
    chosen = [world.cameras["Cổng UBND phường"], world.cameras["Đinh Tiên Hoàng - Lê Thái Tổ"]]
    dialog.select_cameras(chosen)
    dialog.bulk_mode.setCurrentIndex(dialog.bulk_mode.findData("event"))
    dialog.bulk_stream.setCurrentIndex(dialog.bulk_stream.findData("sub"))
    dialog.bulk_pre.setValue(5)  # post-event stays "(unchanged)"
    qtbot.mouseClick(dialog.bulk_apply, Qt.MouseButton.LeftButton)
    changed = sorted(dialog.model.changed_configs(), key=lambda c: c.camera_id)
    assert changed == [ChannelConfig(camera, enabled=True, mode="event", stream="sub",
                                     pre_event_s=5, post_event_s=30) for camera in sorted(chosen)]
    assert world.service.index.channels(enabled_only=False) == []  # nothing saved yet


def test_storage_policy_is_validated_saved_and_applied(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog], tmp_path: Path) -> None:
    applied = Applied(world)
    store = SettingsStore(tmp_path / "settings.json")
    dialog = open_dialog(qtbot, opened, world, "administrator", applied, store)
    dialog.max_age_days.setValue(7)
    dialog.quota_gb.setValue(200)
    dialog.overwrite.setChecked(False)
    dialog.min_free_gb.setValue(0)  # below the 0.1 GB floor
    click_save(qtbot, dialog)
    assert "0.1" in dialog.message.text()
    assert not store.path.exists() and applied.settings == []

    dialog.min_free_gb.setValue(2)
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000) as saved:
        click_save(qtbot, dialog)
    settings = saved.args[0]
    assert (settings.recording_max_age_days, settings.recording_quota_gb,
            settings.recording_min_free_gb, settings.recording_overwrite_when_full) == \
        (7, 200.0, 2.0, False)
    assert store.load().settings == settings
    assert applied.settings == [settings] and applied.channels == []
    policy = world.service.retention.policy
    assert policy.max_age_days == 7 and policy.quota_bytes == 200 << 30
    assert policy.overwrite_when_full is False
    assert world.service.settings.min_free_bytes == 2 << 30


def test_a_user_without_the_right_is_refused_by_the_core(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld,
        opened: list[QDialog], tmp_path: Path) -> None:
    camera = world.cameras["Ngã tư Hàng Bài"]
    officer = world.principal("duty_officer")
    with pytest.raises(PermissionDenied):
        world.admin.save_channels(officer, [ChannelConfig(camera)])
    store = SettingsStore(tmp_path / "settings.json")
    with pytest.raises(PermissionDenied):
        world.admin.save_storage_settings(officer, store, Settings(), recording_max_age_days=1)
    assert world.service.index.channel(camera) is None and not store.path.exists()

    applied = Applied(world)
    dialog = open_dialog(qtbot, opened, world, "duty_officer", applied, store)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert dialog.rights_note.isVisibleTo(dialog)
    model: ChannelTableModel = dialog.model
    model.setData(model.index(model.row_of(camera), MODE), "continuous")
    assert dialog.save()  # the button is off; the core still refuses a direct call
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
    assert officer.role_label in dialog.message.text()
    assert applied.channels == [] and world.service.index.channel(camera) is None
    assert world.service.recording_cameras() == []


def test_settings_dialog_round_trips_the_new_fields(
        qtbot: QtBot, shell_app: QApplication, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    requested: list[bool] = []
    dialog = SettingsDialog(Settings(), store, open_recording=lambda: requested.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.main_stream_min_tile_height.setValue(720)
    dialog.idle_lock_minutes.setValue(15)
    dialog.instant_replay_s.setValue(45)
    dialog.agency_name.setText("Công an phường Hoàn Kiếm")
    dialog.parent_agency.setText("CÔNG AN THÀNH PHỐ HÀ NỘI")
    dialog.agency_address.setText("2 Hàng Bài, phường Hoàn Kiếm, Hà Nội")
    dialog.issuing_place.setText("Hà Nội")
    dialog.recording_max_age_days.setValue(60)
    dialog.recording_quota_gb.setValue(500)
    dialog.recording_min_free_gb.setValue(5)
    dialog.recording_overwrite_when_full.setChecked(False)
    assert dialog.save()
    saved = store.load().settings
    assert saved == Settings(
        main_stream_min_tile_height=720, idle_lock_minutes=15, instant_replay_s=45,
        agency_name="Công an phường Hoàn Kiếm", parent_agency="CÔNG AN THÀNH PHỐ HÀ NỘI",
        agency_address="2 Hàng Bài, phường Hoàn Kiếm, Hà Nội", issuing_place="Hà Nội",
        recording_max_age_days=60, recording_quota_gb=500.0, recording_min_free_gb=5.0,
        recording_overwrite_when_full=False)

    again = SettingsDialog(saved, store)
    qtbot.addWidget(again)
    assert again.instant_replay_s.value() == 45
    assert again.agency_address.text() == "2 Hàng Bài, phường Hoàn Kiếm, Hà Nội"
    assert not again.recording_overwrite_when_full.isChecked()
    assert again.recording_button.isHidden()  # no recording service to open here

    qtbot.mouseClick(dialog.recording_button, Qt.MouseButton.LeftButton)
    assert requested == [True]


def test_settings_dialog_refuses_invalid_new_values_with_a_message(
        qtbot: QtBot, shell_app: QApplication, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    dialog = SettingsDialog(Settings(), store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.instant_replay_s.setValue(2)
    dialog.recording_min_free_gb.setValue(0)
    dialog.main_stream_min_tile_height.setValue(50)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    between = QCoreApplication.translate("SettingsDialog", "Must be between {low} and {high}.")
    assert dialog.field_error("instant_replay_s") == between.format(low=5, high=300)
    assert dialog.field_error("recording_min_free_gb") == between.format(low="0.1", high=10000)
    assert dialog.field_error("main_stream_min_tile_height") == between.format(low=120,
                                                                               high=8000)
    assert dialog.field_error("agency_name") == ""
    # The first tab with an error is shown, so the message is seen.
    assert dialog.tabs.currentWidget().objectName() == "settingsTab_wall"
    assert dialog.isVisible() and not store.path.exists()


def test_recordings_menu_actions_open_both_dialogs(
        qtbot: QtBot, shell_app: QApplication, world: RecordingWorld, tmp_path: Path) -> None:
    applied = Applied(world)
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = RecordingActions(world.admin, SettingsStore(tmp_path / "settings.json"),
                               settings=Settings, apply_channel=applied.channel,
                               apply_storage=applied.storage,
                               principal=lambda: world.principal("administrator"),
                               parent=parent)
    menu = QMenu(parent)
    actions.attach(menu)
    actions.retranslate()
    assert [a.text() for a in menu.actions()] == [
        QCoreApplication.translate("RecordingActions", "Recording &settings…"),
        QCoreApplication.translate("RecordingActions", "Storage and &integrity…")]
    menu.actions()[0].trigger()
    settings_dialog = parent.findChild(RecordingSettingsDialog)
    assert settings_dialog is not None and settings_dialog.isVisible()
    qtbot.waitUntil(lambda: not settings_dialog.is_busy())
    settings_dialog.close()
    menu.actions()[1].trigger()
    status = parent.findChild(StorageStatusDialog)
    assert status is not None and status.isVisible()
    qtbot.waitUntil(lambda: status.snapshot is not None)
    status.close()
