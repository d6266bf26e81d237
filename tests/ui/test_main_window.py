"""The main window: composition, camera tree, banner, languages, crash hook, settings."""
from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.config.settings import Settings, SettingsStore
from tests.ui.conftest import CAMERAS, EVENTS, SITES, FakeCamera, FakeEvent
from ui.app import install_qt_excepthook, install_translator, run_gui
from ui.cameras.camera_mime import CAMERA_IDS_MIME, decode_camera_ids
from ui.context import ShellContext
from ui.main_window import MainWindow
from ui.settings.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_level_fail("WARNING")

VI_MENUS = ["&Tệp", "&Xem", "Trợ &giúp"]
EN_MENUS = ["&File", "&View", "&Help"]
VI_BANNER = "Chế độ quản trị cục bộ — chưa bật đăng nhập và phân quyền"


def make_context(tmp_path: Path, *, cameras: list[FakeCamera] | None = None,
                 events: list[FakeEvent] | None = None,
                 notices: list[str] | None = None) -> ShellContext:
    store = SettingsStore(tmp_path / "config" / "settings.json")
    camera_list = CAMERAS if cameras is None else cameras
    event_list = EVENTS if events is None else events
    return ShellContext(
        settings=Settings(), settings_store=store,
        list_sites=lambda: SITES, list_cameras=lambda: camera_list,
        recent_events=lambda: event_list, database_label="SQLite (trucban.db)",
        notices=notices or [], local_admin_mode=True,
        window_state_file=tmp_path / "config" / "window.ini")


@pytest.fixture
def open_window(qtbot: QtBot, shell_app: QApplication,
                tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    def opener(**kwargs: object) -> MainWindow:
        wall = QWidget()
        wall.setObjectName("testWall")
        window = MainWindow(make_context(tmp_path, **kwargs), wall)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield opener


def camera_rect_in_viewport(window: MainWindow, camera_id: int) -> tuple[QModelIndex, QRect]:
    index = window.camera_tree.index_of_camera(camera_id)
    assert index.isValid(), camera_id
    return index, window.camera_tree.tree.visualRect(index)


def test_window_shows_every_camera_banner_and_status(open_window: Callable[..., MainWindow],
                                                     tmp_path: Path) -> None:
    window = open_window(notices=["Settings file was broken; the defaults are used."])
    QApplication.processEvents()
    shot = window.grab()
    png = tmp_path / "main_window.png"
    assert shot.save(str(png))
    shutil.copy(png, "/tmp/main_window.png")
    image = QImage(str(png))
    tree = window.camera_tree.tree
    viewport = tree.viewport()
    for camera in CAMERAS:
        index, rect = camera_rect_in_viewport(window, camera.id)
        assert index.data() == camera.name
        assert not rect.isEmpty() and viewport.rect().contains(rect), camera.name
        top_left = viewport.mapTo(window, rect.topLeft())
        colours = {image.pixel(top_left.x() + x, top_left.y() + y)
                   for x in range(rect.width()) for y in range(rect.height())}
        assert len(colours) > 4, f"nothing painted for {camera.name}"
    assert window.banner.isVisible() and window.banner.text() == VI_BANNER
    assert window.notice_bar.isVisible()
    assert "Settings file was broken" in window.notice_bar.label.text()
    assert window.status.camera_count_label.text() == "3 camera"
    assert "SQLite (trucban.db)" in window.status.database_label.text()
    assert window.centralWidget().isAncestorOf(window.wall)


def test_menus_are_vietnamese_by_default_and_switch_to_english(
        open_window: Callable[..., MainWindow], shell_app: QApplication, qtbot: QtBot) -> None:
    window = open_window()
    assert window.menu_titles() == VI_MENUS
    assert window.camera_tree.windowTitle() == "Camera"
    assert window.event_list.windowTitle() == "Sự kiện"
    assert window.settings_action.text() == "&Cài đặt…"
    install_translator(shell_app, "en")
    # Qt delivers QEvent.LanguageChange to the widgets from the event loop.
    qtbot.waitUntil(lambda: window.menu_titles() == EN_MENUS)
    assert window.settings_action.text() == "&Settings…"
    assert window.camera_tree.windowTitle() == "Cameras"
    assert window.banner.text() == ("Local administrator mode — sign-in and roles are not "
                                    "enabled yet")
    assert window.status.camera_count_label.text() == "3 cameras"
    install_translator(shell_app, "vi")
    qtbot.waitUntil(lambda: window.menu_titles() == VI_MENUS)


def test_saving_the_language_in_settings_switches_live(open_window: Callable[..., MainWindow],
                                                       qtbot: QtBot) -> None:
    window = open_window()
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(window.settings_changed) as saved:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
    assert saved.args[0].language == "en"
    qtbot.waitUntil(lambda: window.menu_titles() == EN_MENUS)
    assert not dialog.isVisible()
    stored = json.loads(window._context.settings_store.path.read_text(encoding="utf-8"))
    assert stored["language"] == "en"


def test_missing_translation_falls_back_to_english_with_a_notice(
        qtbot: QtBot, shell_app: QApplication, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-translations"
    empty.mkdir()
    monkeypatch.setattr("ui.app.TRANSLATIONS_DIR", empty)
    install_translator(shell_app, "vi")
    window = MainWindow(make_context(tmp_path), QWidget())
    qtbot.addWidget(window)
    assert window.menu_titles() == EN_MENUS
    assert any("trucban_vi.qm" in notice and "English" in notice
               for notice in window.notice_bar.notices)


def test_excepthook_writes_crash_log_and_keeps_the_app_running(
        open_window: Callable[..., MainWindow], shell_app: QApplication, qtbot: QtBot,
        tmp_path: Path) -> None:
    window = open_window()
    log_dir = tmp_path / "logs"
    reporter = install_qt_excepthook(shell_app, log_dir)
    try:
        try:
            raise RuntimeError("panel exploded, password=hunter2")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
        crash_logs = list(log_dir.glob("crash-*.log"))
        assert len(crash_logs) == 1
        text = crash_logs[0].read_text(encoding="utf-8")
        assert "RuntimeError: panel exploded" in text and "Traceback" in text
        assert "hunter2" not in text
        assert reporter.dialog is not None
        assert not reporter.dialog.isModal()
        assert reporter.dialog.windowModality() == Qt.WindowModality.NonModal
        assert str(crash_logs[0]) in reporter.dialog.text()

        # A real exception raised inside a Qt callback reaches the same hook.
        def broken_slot() -> None:
            raise ValueError("bad frame")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(list(log_dir.glob("crash-*.log"))) == 2)
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.error_count == 2)
        # Still running: the event loop answers and the window is still up.
        QApplication.processEvents()
        assert QApplication.instance() is shell_app
        assert window.isVisible()
    finally:
        reporter.uninstall()
        if reporter.dialog is not None:
            reporter.dialog.close()
            reporter.dialog.deleteLater()
        reporter.deleteLater()


def test_double_click_on_a_camera_emits_its_id(open_window: Callable[..., MainWindow],
                                               qtbot: QtBot) -> None:
    window = open_window()
    _, rect = camera_rect_in_viewport(window, 12)
    viewport = window.camera_tree.tree.viewport()
    with qtbot.waitSignal(window.camera_tree.camera_activated) as activated, \
            qtbot.waitSignal(window.camera_activated) as forwarded:
        # A real double-click starts with a press; QTest's mouseDClick sends only the
        # double-click event, which item views ignore unless the item was pressed first.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert activated.args == [12]
    assert forwarded.args == [12]


def test_camera_tree_filters_without_diacritics_and_drags_camera_ids(
        open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    dock = window.camera_tree
    dock.filter_edit.setText("cong ubnd")
    visible = [camera.id for camera in CAMERAS if dock.index_of_camera(camera.id).isValid()]
    assert visible == [12]
    dock.filter_edit.clear()

    camera_index = dock.index_of_camera(11)
    mime = dock.proxy.mimeData([camera_index])
    assert mime is not None and mime.hasFormat(CAMERA_IDS_MIME)
    assert decode_camera_ids(mime) == [11]
    province = dock.proxy.index(0, 0, QModelIndex())
    assert province.data() == "Thành phố Hà Nội"
    assert sorted(decode_camera_ids(dock.proxy.mimeData([province]))) == [11, 12, 13]
    assert CAMERA_IDS_MIME in dock.proxy.mimeTypes()


def test_event_list_shows_recent_events_with_camera_names(
        open_window: Callable[..., MainWindow]) -> None:
    events = list(EVENTS)
    window = open_window(events=events)
    model = window.event_list.model
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "Ngã tư Hàng Bài"
    assert model.index(1, 3).data() == "Cảnh báo"
    assert 1 <= window.event_list.timer.interval() / 1000 <= 5  # polled, at most 1 Hz
    events.insert(0, FakeEvent(3, 12, EVENTS[1].time, "motion", "info", "Motion"))
    window.event_list.refresh()
    assert model.rowCount() == 3 and model.index(0, 1).data() == "Cổng UBND phường"


def test_window_geometry_is_kept_between_runs(open_window: Callable[..., MainWindow],
                                              tmp_path: Path) -> None:
    window = open_window()
    window.camera_tree.hide()
    window.close()
    assert (tmp_path / "config" / "window.ini").is_file()
    again = open_window()
    assert again.camera_tree.isHidden()


def test_settings_dialog_shows_field_errors_and_does_not_save(
        qtbot: QtBot, shell_app: QApplication, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    dialog = SettingsDialog(Settings(), store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wall_grid.setValue(20)
    dialog.database_url.setText("postgresql+psycopg://duty:secret@127.0.0.1/trucban")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.field_error("wall_grid") == "Phải nằm trong khoảng từ 1 đến 8."
    assert "mật khẩu" in dialog.field_error("database_url")
    assert dialog.field_error("network_caching_ms") == ""
    assert dialog.isVisible() and dialog.saved_settings is None
    assert not store.path.exists()

    dialog.wall_grid.setValue(3)
    dialog.database_url.setText("postgresql+psycopg://duty@127.0.0.1/trucban")
    assert dialog.save()
    assert dialog.field_error("wall_grid") == ""
    assert store.load().settings.wall_grid == 3
    assert store.load().settings.database_url == "postgresql+psycopg://duty@127.0.0.1/trucban"


def test_settings_dialog_never_shows_a_stored_password(qtbot: QtBot, shell_app: QApplication,
                                                       tmp_path: Path) -> None:
    url = "postgresql+psycopg://duty:secret@127.0.0.1/trucban"
    store = SettingsStore(tmp_path / "settings.json")
    dialog = SettingsDialog(Settings(database_url=url), store)
    qtbot.addWidget(dialog)
    assert "secret" not in dialog.database_url.text()
    dialog.agency_name.setText("CÔNG AN PHƯỜNG HOÀN KIẾM")
    assert dialog.save()
    saved = store.load().settings
    assert saved.database_url == url  # untouched field keeps the stored value
    assert saved.agency_name == "CÔNG AN PHƯỜNG HOÀN KIẾM"



def test_run_gui_shows_the_main_window_and_returns_the_exit_code(
        shell_app: QApplication, tmp_path: Path) -> None:
    shown: list[MainWindow] = []

    def leave_event_loop() -> None:
        shown.extend(widget for widget in QApplication.topLevelWidgets()
                     if isinstance(widget, MainWindow) and widget.isVisible())
        QApplication.exit(7)

    connected: list[MainWindow] = []
    QTimer.singleShot(0, leave_event_loop)
    try:
        assert run_gui(make_context(tmp_path), QWidget(), connect=connected.append) == 7
        assert len(shown) == 1 and shown[0].menu_titles() == VI_MENUS
        assert connected == shown
    finally:
        # Closed only after exec() returned: closing the last window inside the loop would
        # post a Quit event that ends the event loops of later tests.
        for window in shown:
            window.close()
            window.deleteLater()
