"""The main window: composes the wall, docks, banner, notices, menus and status bar."""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QVBoxLayout, QWidget

from app.config.settings import Settings
from app.paths import AppPaths
from ui.app import install_translator, translation_file, translation_missing
from ui.cameras.camera_tree import CameraTreeDock
from ui.context import ShellContext
from ui.settings.settings_dialog import SettingsDialog
from ui.widgets.about_dialog import AboutDialog
from ui.widgets.admin_banner import LocalAdminBanner
from ui.widgets.event_list import EventListDock
from ui.widgets.notice_bar import NoticeBar
from ui.widgets.status_bar import ShellStatusBar

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Only composes: each part is its own class and the data comes from ``ShellContext``."""

    settings_changed = Signal(object)  # Settings, after the user saved the settings dialog
    camera_activated = Signal(int)

    def __init__(self, context: ShellContext, wall: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._context = context
        self._settings: Settings = context.settings
        self._parts: list[object] = []
        # Set by the workstation when recording is available: the settings dialog's button.
        self.open_recording_settings: Callable[[], object] | None = None
        self.wall = wall
        self.settings_dialog: SettingsDialog | None = None
        self.about_dialog: AboutDialog | None = None

        self.banner = LocalAdminBanner(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.banner.setVisible(context.local_admin_mode)
        self.notice_bar = NoticeBar()
        self.notice_bar.set_notices([*context.notices, *self._translation_notices()])
        central = QWidget()
        central.setObjectName("centralArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice_bar)
        column.addWidget(wall, 1)
        self.setCentralWidget(central)

        self.camera_tree = CameraTreeDock(context.list_sites, context.list_cameras, self)
        self.camera_tree.camera_activated.connect(self.camera_activated)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.camera_tree)
        self.event_list = EventListDock(context.recent_events, self._camera_name, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.event_list)
        self.status = ShellStatusBar(context.database_label)
        self.status.set_camera_count(self.camera_tree.camera_count)
        self.setStatusBar(self.status)

        self._create_menus()
        self.update_menus()
        self.retranslate_ui()
        self.resize(1400, 860)
        self.resizeDocks([self.camera_tree], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.event_list], [190], Qt.Orientation.Vertical)
        self._restore_window_state()

    # Menus -----------------------------------------------------------------------------------
    def _create_menus(self) -> None:
        self.file_menu = QMenu(self)
        self.settings_action = QAction(self)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = QMenu(self)
        self.view_menu.addAction(self.camera_tree.toggleViewAction())
        self.view_menu.addAction(self.event_list.toggleViewAction())
        self.view_menu.addSeparator()
        self.full_screen_action = QAction(self)
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.toggled.connect(self._on_full_screen_action_toggled)
        self.view_menu.addAction(self.full_screen_action)
        self.addAction(self.full_screen_action)  # F11 works even when the menu bar is hidden

        # Filled by the parts of the workstation (ui/*/actions.py) through ``menu()``.
        self.cameras_menu = QMenu(self)
        self.review_menu = QMenu(self)
        self.recordings_menu = QMenu(self)
        self.analytics_menu = QMenu(self)
        self.reports_menu = QMenu(self)
        self.admin_menu = QMenu(self)

        self.help_menu = QMenu(self)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

        for menu in (self.file_menu, self.view_menu, self.cameras_menu, self.review_menu,
                     self.recordings_menu, self.analytics_menu, self.reports_menu,
                     self.admin_menu, self.help_menu):
            self.menuBar().addMenu(menu)

    def menu(self, key: str) -> QMenu:
        """The menu a part adds its actions to: file, view, cameras, review, recordings,
        analytics, reports, admin or help."""
        return {"file": self.file_menu, "view": self.view_menu, "cameras": self.cameras_menu,
                "review": self.review_menu, "recordings": self.recordings_menu,
                "analytics": self.analytics_menu, "reports": self.reports_menu,
                "admin": self.admin_menu, "help": self.help_menu}[key]

    def add_part(self, part: object) -> None:
        """A part whose texts follow the language: its ``retranslate()`` runs on a change."""
        self._parts.append(part)
        retranslate = getattr(part, "retranslate", None)
        if callable(retranslate):
            retranslate()
        self.update_menus()

    def menu_titles(self) -> list[str]:
        return [action.text() for action in self.menuBar().actions() if action.isVisible()]

    def update_menus(self) -> None:
        """Menus with nothing in them (a part not available here) are not shown."""
        for action in self.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu):
                action.setVisible(not menu.isEmpty())

    @property
    def settings(self) -> Settings:
        return self._settings

    # Translation -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Trực Ban — Video wall"))
        self.file_menu.setTitle(self.tr("&File"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.full_screen_action.setText(self.tr("&Full screen"))
        self.cameras_menu.setTitle(self.tr("&Cameras"))
        self.review_menu.setTitle(self.tr("&Review"))
        self.recordings_menu.setTitle(self.tr("Re&cordings"))
        self.analytics_menu.setTitle(self.tr("&Analytics"))
        self.reports_menu.setTitle(self.tr("Re&ports"))
        self.admin_menu.setTitle(self.tr("Ad&ministration"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Trực Ban"))
        self.wall.setAccessibleName(self.tr("Video wall"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            for part in self._parts:
                retranslate = getattr(part, "retranslate", None)
                if callable(retranslate):
                    retranslate()
        super().changeEvent(event)

    def _translation_notices(self) -> list[str]:
        language = self._settings.language
        if not translation_missing(language):
            return []
        return [self.tr("The translation file {path} is missing; the interface is shown in "
                        "English.").format(path=translation_file(language))]

    # Actions ---------------------------------------------------------------------------------
    def open_settings(self) -> SettingsDialog:
        """Open (window-modal, not blocking the event loop: the wall keeps playing)."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
            self.settings_dialog.deleteLater()
        self.settings_dialog = SettingsDialog(self._settings, self._context.settings_store, self,
                                              open_recording=self.open_recording_settings)
        self.settings_dialog.settings_saved.connect(self._on_settings_dialog_saved)
        self.settings_dialog.open()
        return self.settings_dialog

    def show_about(self) -> AboutDialog:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self)
        self.about_dialog.show()
        self.about_dialog.raise_()
        return self.about_dialog

    def refresh_cameras(self) -> None:
        self.camera_tree.refresh()
        self.status.set_camera_count(self.camera_tree.camera_count)

    def apply_saved_settings(self, settings: Settings) -> None:
        """Settings saved elsewhere (the recording dialog): the same as the settings dialog."""
        self._on_settings_dialog_saved(settings)

    def _on_settings_dialog_saved(self, settings: Settings) -> None:
        language_changed = settings.language != self._settings.language
        self._settings = settings
        if language_changed:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                install_translator(app, settings.language)
            if translation_missing(settings.language):
                self.notice_bar.set_notices(self._translation_notices())
        self.settings_changed.emit(settings)

    def _on_full_screen_action_toggled(self, full_screen: bool) -> None:
        if full_screen:
            self.showFullScreen()
        else:
            self.showNormal()

    def _camera_name(self, camera_id: int | None) -> str:
        if camera_id is None:
            return "—"
        return self.camera_tree.model.camera_names.get(camera_id, f"#{camera_id}")

    # Geometry (the only thing kept in QSettings) ---------------------------------------------
    def _window_state(self) -> QSettings:
        path = self._context.window_state_file or AppPaths.from_env().config_dir / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _restore_window_state(self) -> None:
        store = self._window_state()
        geometry = store.value("main_window/geometry")
        state = store.value("main_window/state")
        if isinstance(geometry, QByteArray) and not self.restoreGeometry(geometry):
            log.info("Saved window geometry ignored (unusable on this screen setup)")
        if isinstance(state, QByteArray) and not self.restoreState(state):
            log.info("Saved dock layout ignored")

    def save_window_state(self) -> None:
        store = self._window_state()
        store.setValue("main_window/geometry", self.saveGeometry())
        store.setValue("main_window/state", self.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        super().closeEvent(event)
