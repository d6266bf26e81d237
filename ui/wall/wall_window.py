"""Wall windows on other monitors, and the manager that remembers and restores them.

A `WallWindow` is a top-level window holding one `WallView`, opened on a chosen QScreen and
usually full screen. Its screen is fixed at creation: with separate X screens (each its own
QScreen in its own virtual desktop, as with `Xvfb -screen 0 … -screen 1 …`) moving a window
to another screen recreates its native window, which would cut libvlc off from the surfaces
it renders into. So "move to another screen" is "open a new window there".

`WallWindowManager` owns the wall windows: it remembers the layout of each screen (saved
through the repository off the GUI thread, a moment after the last change), captures every
wall as a preset and restores a preset onto every screen at once.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from app.wall.layouts import WallLayout
from app.wall.repository import WallLayoutRepository
from app.wall.screens import ScreenLayout, WallPreset, match_screens
from ui.bridge import FutureWatcher
from ui.wall.wall_view import CameraSource, WallView

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 1500


def screen_index(screen: QScreen | None) -> int:
    screens = QGuiApplication.screens()
    return screens.index(screen) if screen in screens else 0


def screen_label(index: int, screen: QScreen) -> str:
    size = screen.geometry().size()
    return QCoreApplication.translate("WallWindow", "Screen {number}: {name} ({width}×{height})").format(
        number=index + 1, name=screen.name(), width=size.width(), height=size.height())


class WallWindow(QWidget):
    """A top-level wall on one screen. F11 toggles full screen; Esc leaves a maximised tile."""

    closed = Signal(object)  # this window

    def __init__(self, engine: VlcEngine, hub: StreamHub, screen: QScreen, *,
                 layout: WallLayout | None = None, camera_source: CameraSource | None = None,
                 **wall_options: Any) -> None:
        super().__init__(None)
        # Before any native window exists (tiles create theirs when they first play).
        self.setScreen(screen)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("wallWindow")
        self._screen = screen
        self._first_index = screen_index(screen)
        self._screen_name = screen.name()
        self.wall = WallView(engine, hub, self, layout=layout or WallLayout.grid(2),
                             camera_source=camera_source, **wall_options)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.wall)
        self.full_screen_action = QAction(self)
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.full_screen_action.toggled.connect(self._on_full_screen_action_toggled)
        self.addAction(self.full_screen_action)
        self.retranslate_ui()
        self.setGeometry(screen.availableGeometry())

    @property
    def screen_index(self) -> int:
        """The screen's place in QGuiApplication.screens(); its first place once unplugged."""
        try:
            screens = QGuiApplication.screens()
            return screens.index(self._screen) if self._screen in screens else self._first_index
        except RuntimeError:  # the QScreen is gone
            return self._first_index

    @property
    def screen_name(self) -> str:
        return self._screen_name

    @property
    def target_screen(self) -> QScreen:
        return self._screen

    def open(self, full_screen: bool = True) -> None:
        if full_screen:
            self.full_screen_action.setChecked(True)  # shows full screen
        else:
            self.show()
        self.wall.setFocus()

    def is_full_screen(self) -> bool:
        return bool(self.windowState() & Qt.WindowState.WindowFullScreen)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Trực Ban — Wall on screen {number}").format(
            number=self.screen_index + 1))
        self.full_screen_action.setText(self.tr("&Full screen"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.WindowStateChange:
            self.full_screen_action.blockSignals(True)
            self.full_screen_action.setChecked(self.is_full_screen())
            self.full_screen_action.blockSignals(False)
        super().changeEvent(event)

    def _on_full_screen_action_toggled(self, checked: bool) -> None:
        if checked:
            self.setGeometry(self._screen.geometry())
            self.showFullScreen()
        else:
            self.showNormal()
            self.setGeometry(self._screen.availableGeometry())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit(self)
        self.wall.shutdown()
        super().closeEvent(event)


class WallWindowManager(QObject):
    """Opens wall windows per screen, remembers each screen's layout, saves/restores presets.

    `submit` runs repository work off the GUI thread (the composition root passes its database
    worker's `submit`); without one, the work runs inline (tests, no database).
    """

    windows_changed = Signal()
    failed = Signal(str)  # a user-facing message (database trouble)

    def __init__(self, engine: VlcEngine, hub: StreamHub, *, main_wall: WallView | None = None,
                 repository: WallLayoutRepository | None = None,
                 executor: Executor | None = None, user_id: int | None = None,
                 camera_source: CameraSource | None = None,
                 wall_options: dict[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._hub = hub
        self._main_wall = main_wall
        self._repository = repository
        self._executor = executor
        self._user_id = user_id
        self._camera_source = camera_source
        self._wall_options = dict(wall_options or {})
        self._windows: list[WallWindow] = []
        self._pending: dict[tuple[str, int], ScreenLayout] = {}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush_saves)
        if main_wall is not None:
            main_wall.layout_changed.connect(self._on_main_wall_layout_changed)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.screenRemoved.connect(self._on_application_screen_removed)

    # ----- reading ---------------------------------------------------------------------------
    @property
    def windows(self) -> tuple[WallWindow, ...]:
        return tuple(self._windows)

    @property
    def user_id(self) -> int | None:
        return self._user_id

    def set_user(self, user_id: int | None) -> None:
        self.flush_saves()
        self._user_id = user_id

    def window_on(self, index: int) -> WallWindow | None:
        return next((w for w in self._windows if w.screen_index == index), None)

    def active_wall(self) -> WallView | None:
        """The wall of the active wall window, else the main wall."""
        for window in self._windows:
            if window.isActiveWindow():
                return window.wall
        return self._main_wall

    def snapshot(self) -> tuple[ScreenLayout, ...]:
        """Every wall as it is now: the main wall first, then the wall windows."""
        screens: list[ScreenLayout] = []
        if self._main_wall is not None:
            main_screen = self._main_wall.screen()
            screens.append(ScreenLayout(screen_index(main_screen), main_screen.name(),
                                        self._main_wall.wall_layout, "main", False))
        for window in self._windows:
            screens.append(ScreenLayout(window.screen_index, window.screen_name,
                                        window.wall.wall_layout, "window",
                                        window.is_full_screen()))
        return tuple(screens)

    # ----- windows ---------------------------------------------------------------------------
    def open_on_screen(self, index: int, layout: WallLayout | None = None,
                       full_screen: bool = True) -> WallWindow:
        """A wall window on screen `index` (the existing one when there is one there).

        Without a layout, the one that screen showed last is restored when it is loaded."""
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            raise ValueError(QCoreApplication.translate(
                "WallWindow", "There is no screen {number}.").format(number=index + 1))
        window = self.window_on(index)
        if window is None:
            window = WallWindow(self._engine, self._hub, screens[index], layout=layout,
                                camera_source=self._camera_source, **self._wall_options)
            window.closed.connect(self._on_window_closed)
            window.wall.layout_changed.connect(
                lambda changed, w=window: self._remember(self._window_screen(w, changed)))
            self._windows.append(window)
            if layout is None:
                self._load_remembered(window)
            self.windows_changed.emit()
        elif layout is not None:
            window.wall.set_layout(layout)
        window.open(full_screen)
        return window

    def close_all(self) -> None:
        for window in list(self._windows):
            window.close()
        self.flush_saves()

    def apply_preset(self, preset: WallPreset) -> list[str]:
        """Show a preset on every screen; returns a message per screen that is not connected.

        Wall windows on screens the preset does not use are closed."""
        names = [screen.name() for screen in QGuiApplication.screens()]
        missing: list[str] = []
        used: set[int] = set()
        for entry, index in match_screens(preset.screens, names):
            if entry.role == "main":
                if self._main_wall is not None:
                    self._main_wall.set_layout(entry.layout)
                continue
            if index is None:
                missing.append(QCoreApplication.translate(
                    "WallWindow", "Screen {number} ({name}) is not connected.").format(
                    number=entry.screen_index + 1, name=entry.screen_name))
                continue
            used.add(index)
            self.open_on_screen(index, entry.layout, entry.full_screen)
        for window in list(self._windows):
            if window.screen_index not in used:
                window.close()
        return missing

    # ----- remembering -----------------------------------------------------------------------
    def restore_main_wall(self) -> None:
        """Show on the main wall what it showed when the workstation was last closed."""
        wall, repository, user_id = self._main_wall, self._repository, self._user_id
        if wall is None or repository is None:
            return
        index, name = screen_index(wall.screen()), wall.screen().name()

        def apply(layout: object) -> None:
            if isinstance(layout, WallLayout):
                wall.set_layout(layout)

        self.run_storage(lambda: repository.load_screen_layout(user_id, index, name, "main"),
                         apply)

    def flush_saves(self) -> None:
        """Write the remembered screen layouts now (also called on close and shutdown)."""
        self._save_timer.stop()
        pending, self._pending = list(self._pending.values()), {}
        repository, user_id = self._repository, self._user_id
        if repository is None or not pending:
            return

        def save() -> None:
            for screen in pending:
                repository.save_screen_layout(user_id, screen)

        self.run_storage(save, None)

    def _remember(self, screen: ScreenLayout) -> None:
        if self._repository is None:
            return
        self._pending[(screen.role, screen.screen_index)] = screen
        self._save_timer.start()

    def _window_screen(self, window: WallWindow, layout: WallLayout) -> ScreenLayout:
        return ScreenLayout(window.screen_index, window.screen_name, layout, "window",
                            window.is_full_screen())

    def _load_remembered(self, window: WallWindow) -> None:
        repository, user_id = self._repository, self._user_id
        if repository is None:
            return
        index, name = window.screen_index, window.screen_name

        def apply(layout: object) -> None:
            if isinstance(layout, WallLayout) and window in self._windows:
                window.wall.set_layout(layout)

        self.run_storage(lambda: repository.load_screen_layout(user_id, index, name), apply, window)

    def run_storage(self, work: Callable[[], object], done: Callable[[object], None] | None,
             owner: QObject | None = None) -> None:
        """Run repository work on the executor; `done(result)` is called on the GUI thread."""
        watcher = FutureWatcher(owner or self)
        if done is not None:
            watcher.finished.connect(done)
        watcher.finished.connect(watcher.deleteLater)
        watcher.failed.connect(self._on_work_failed)
        watcher.failed.connect(watcher.deleteLater)
        if self._executor is not None:
            watcher.watch(self._executor.submit(work))
            return
        future: Future[object] = Future()
        try:
            future.set_result(work())
        except Exception as exc:  # noqa: BLE001 - reported through `failed`
            future.set_exception(exc)
        watcher.watch(future)

    def _on_work_failed(self, exc: object) -> None:
        log.warning("wall layout storage failed: %s", exc)
        self.failed.emit(str(exc))

    def _on_main_wall_layout_changed(self, layout: WallLayout) -> None:
        wall = self._main_wall
        if wall is not None:
            self._remember(ScreenLayout(screen_index(wall.screen()), wall.screen().name(),
                                        layout, "main", False))

    def _on_application_screen_removed(self, screen: QScreen) -> None:
        # Unplugged monitor: its wall window closes (its layout is remembered for the next
        # time) rather than piling up on another screen over that screen's wall.
        for window in list(self._windows):
            if window.target_screen == screen:
                window.close()

    def _on_window_closed(self, window: WallWindow) -> None:
        if window in self._windows:
            self._remember(self._window_screen(window, window.wall.wall_layout))
            self._windows.remove(window)
            self.flush_saves()
            self.windows_changed.emit()
