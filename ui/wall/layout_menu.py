"""The wall's layout menu (and a toolbar with the same actions).

Presets and the custom editor change the geometry of the wall being used (the active wall
window, else the main wall) and keep its cameras. Named layouts and wall presets are saved and
loaded through the manager's storage runner, so the database never blocks the window.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QToolBar, QWidget

from app.wall.layouts import PRESETS, WallLayout
from app.wall.repository import WallLayoutRepository
from app.wall.screens import WallPreset
from ui.wall.layout_editor import LayoutEditorDialog
from ui.wall.wall_view import WallView
from ui.wall.wall_window import WallWindowManager, screen_label

log = logging.getLogger(__name__)


def preset_title(key: str) -> str:
    titles = {
        "1+5": QCoreApplication.translate("LayoutMenu", "1 large + 5 small"),
        "1+7": QCoreApplication.translate("LayoutMenu", "1 large + 7 small"),
        "1+12": QCoreApplication.translate("LayoutMenu", "1 large + 12 small"),
    }
    if key in titles:
        return titles[key]
    layout = PRESETS[key]
    return QCoreApplication.translate("LayoutMenu", "{columns}×{rows} grid").format(
        columns=layout.columns, rows=layout.rows)


def layout_icon(layout: WallLayout, size: int = 32) -> QIcon:
    """A small drawing of the layout's cells."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    unit_w, unit_h = (size - 2) / layout.columns, (size - 2) / layout.rows
    painter.setPen(QPen(QColor("#3d9bff"), 1))
    for cell in layout.cells:
        big = cell.rowspan > 1 or cell.colspan > 1
        rect = QRectF(1 + cell.col * unit_w, 1 + cell.row * unit_h,
                      cell.colspan * unit_w - 1, cell.rowspan * unit_h - 1)
        painter.fillRect(rect, QColor("#5d7fa6" if big else "#2a2f35"))
        painter.drawRect(rect)
    painter.end()
    return QIcon(pixmap)


class LayoutMenu(QMenu):
    def __init__(self, manager: WallWindowManager, repository: WallLayoutRepository | None,
                 parent: QWidget | None = None,
                 target: Callable[[], WallView | None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallLayoutMenu")
        self._manager = manager
        self._repository = repository
        self._target = target or manager.active_wall
        self._layout_names: list[str] = []
        self._preset_names: list[str] = []
        self.editor: LayoutEditorDialog | None = None

        self.preset_actions: dict[str, QAction] = {}
        for key, layout in PRESETS.items():
            action = QAction(layout_icon(layout), "", self)
            action.triggered.connect(lambda _=False, k=key: self.apply_layout(PRESETS[k]))
            self.preset_actions[key] = action
            self.addAction(action)
        self.custom_action = QAction(self)
        self.custom_action.triggered.connect(self.open_editor)
        self.addAction(self.custom_action)
        self.addSeparator()
        self.save_layout_action = QAction(self)
        self.save_layout_action.triggered.connect(self._on_save_layout_action_triggered)
        self.addAction(self.save_layout_action)
        self.saved_menu = self.addMenu("")
        self.delete_menu = self.addMenu("")
        self.addSeparator()
        self.screens_menu = self.addMenu("")
        self.close_windows_action = QAction(self)
        self.close_windows_action.triggered.connect(manager.close_all)
        self.addAction(self.close_windows_action)
        self.addSeparator()
        self.presets_menu = self.addMenu("")
        self.save_preset_action = QAction(self)
        self.save_preset_action.triggered.connect(self._on_save_preset_action_triggered)

        self.aboutToShow.connect(self._rebuild)
        manager.failed.connect(self._on_manager_failed)
        has_storage = repository is not None
        for item in (self.save_layout_action, self.save_preset_action):
            item.setEnabled(has_storage)
        self.retranslate_ui()
        self._rebuild()
        self.refresh_names()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Wall &layout"))
        for key, action in self.preset_actions.items():
            action.setText(preset_title(key))
        self.custom_action.setText(self.tr("&Custom layout…"))
        self.save_layout_action.setText(self.tr("&Save layout as…"))
        self.saved_menu.setTitle(self.tr("Saved l&ayouts"))
        self.delete_menu.setTitle(self.tr("&Delete saved layout"))
        self.screens_menu.setTitle(self.tr("&New wall window on screen"))
        self.close_windows_action.setText(self.tr("Close &wall windows"))
        self.presets_menu.setTitle(self.tr("Wall &presets"))
        self.save_preset_action.setText(self.tr("Save every screen as a &preset…"))

    def create_toolbar(self, parent: QWidget | None = None) -> QToolBar:
        """A toolbar with the preset buttons and the custom layout editor."""
        bar = QToolBar(parent)
        bar.setObjectName("wallLayoutToolBar")
        bar.setIconSize(QSize(24, 24))
        bar.setWindowTitle(self.tr("Wall layout"))
        for action in self.preset_actions.values():
            bar.addAction(action)
        bar.addAction(self.custom_action)
        return bar

    # ----- actions ---------------------------------------------------------------------------
    def apply_layout(self, layout: WallLayout, keep_cameras: bool = True) -> None:
        wall = self._target()
        if wall is not None:
            wall.set_layout(layout, keep_cameras=keep_cameras)

    def open_editor(self) -> LayoutEditorDialog:
        """Window-modal, so the wall keeps playing while the dialog is open."""
        wall = self._target()
        initial = wall.wall_layout if wall is not None else None
        self.editor = LayoutEditorDialog(initial, self.parentWidget())
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor = self.editor
        editor.accepted.connect(lambda: self.apply_layout(editor.result_layout()))
        editor.open()
        return editor

    def save_layout(self, name: str) -> None:
        wall, repository = self._target(), self._repository
        if wall is None or repository is None:
            return
        layout, user_id = wall.wall_layout, self._manager.user_id
        self._manager.run_storage(lambda: repository.save_layout(user_id, name, layout),
                                  lambda _saved: self.refresh_names())

    def load_layout(self, name: str) -> None:
        repository, user_id = self._repository, self._manager.user_id
        if repository is None:
            return

        def show(layout: object) -> None:
            if isinstance(layout, WallLayout):
                self.apply_layout(layout, keep_cameras=False)

        self._manager.run_storage(lambda: repository.load_layout(user_id, name), show)

    def delete_layout(self, name: str) -> None:
        repository, user_id = self._repository, self._manager.user_id
        if repository is not None:
            self._manager.run_storage(lambda: repository.delete_layout(user_id, name),
                                      lambda _gone: self.refresh_names())

    def save_preset(self, name: str) -> None:
        repository, user_id = self._repository, self._manager.user_id
        if repository is None:
            return
        screens = self._manager.snapshot()
        self._manager.run_storage(lambda: repository.save_preset(user_id, name, screens),
                                  lambda _saved: self.refresh_names())

    def load_preset(self, name: str) -> None:
        repository, user_id = self._repository, self._manager.user_id
        if repository is None:
            return

        def show(preset: object) -> None:
            if isinstance(preset, WallPreset):
                missing = self._manager.apply_preset(preset)
                if missing:
                    QMessageBox.information(self.parentWidget(), self.tr("Wall preset"),
                                            "\n".join(missing))

        self._manager.run_storage(lambda: repository.load_preset(user_id, name), show)

    def delete_preset(self, name: str) -> None:
        repository, user_id = self._repository, self._manager.user_id
        if repository is not None:
            self._manager.run_storage(lambda: repository.delete_preset(user_id, name),
                                      lambda _gone: self.refresh_names())

    def refresh_names(self) -> None:
        repository, user_id = self._repository, self._manager.user_id
        if repository is None:
            return

        def store(names: object) -> None:
            assert isinstance(names, tuple)
            layouts, presets = names
            self._layout_names = [str(name) for name in layouts]
            self._preset_names = [str(name) for name in presets]
            self._rebuild()

        self._manager.run_storage(
            lambda: ([saved.name for saved in repository.list_layouts(user_id)],
                     repository.list_presets(user_id)), store)

    @property
    def layout_names(self) -> list[str]:
        return list(self._layout_names)

    @property
    def preset_names(self) -> list[str]:
        return list(self._preset_names)

    # ----- internals -------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self.saved_menu.clear()
        self.delete_menu.clear()
        for name in self._layout_names:
            self.saved_menu.addAction(name).triggered.connect(
                lambda _=False, n=name: self.load_layout(n))
            self.delete_menu.addAction(name).triggered.connect(
                lambda _=False, n=name: self._confirm_delete(n, self.delete_layout))
        self.saved_menu.setEnabled(bool(self._layout_names))
        self.delete_menu.setEnabled(bool(self._layout_names))
        self.screens_menu.clear()
        for index, screen in enumerate(QGuiApplication.screens()):
            self.screens_menu.addAction(screen_label(index, screen)).triggered.connect(
                lambda _=False, i=index: self._manager.open_on_screen(i))
        self.close_windows_action.setEnabled(bool(self._manager.windows))
        self.presets_menu.clear()
        self.presets_menu.addAction(self.save_preset_action)
        if self._preset_names:
            self.presets_menu.addSeparator()
        for name in self._preset_names:
            self.presets_menu.addAction(name).triggered.connect(
                lambda _=False, n=name: self.load_preset(n))
        if self._preset_names:
            delete = self.presets_menu.addMenu(self.tr("Delete preset"))
            for name in self._preset_names:
                delete.addAction(name).triggered.connect(
                    lambda _=False, n=name: self._confirm_delete(n, self.delete_preset))

    def _ask_name(self, title: str) -> str | None:
        name, ok = QInputDialog.getText(self.parentWidget(), title, self.tr("Name:"))
        name = " ".join(name.split())
        return name if ok and name else None

    def _on_save_layout_action_triggered(self) -> None:
        name = self._ask_name(self.tr("Save layout"))
        if name and (name not in self._layout_names or self._confirm_replace(name)):
            self.save_layout(name)

    def _on_save_preset_action_triggered(self) -> None:
        name = self._ask_name(self.tr("Save wall preset"))
        if name and (name not in self._preset_names or self._confirm_replace(name)):
            self.save_preset(name)

    def _confirm_replace(self, name: str) -> bool:
        answer = QMessageBox.question(self.parentWidget(), self.tr("Replace"),
                                      self.tr("“{name}” exists. Replace it?").format(name=name))
        return answer == QMessageBox.StandardButton.Yes

    def _confirm_delete(self, name: str, delete: Callable[[str], None]) -> None:
        answer = QMessageBox.question(self.parentWidget(), self.tr("Delete"),
                                      self.tr("Delete “{name}”?").format(name=name))
        if answer == QMessageBox.StandardButton.Yes:
            delete(name)

    def _on_manager_failed(self, message: str) -> None:
        QMessageBox.warning(self.parentWidget(), self.tr("Wall layouts"),
                            self.tr("The wall layouts could not be read or saved:") + "\n" + message)
