"""Application start-up for the Qt shell: QApplication, theme, translations, crash hook."""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTranslator, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.logs import write_crash_log
from ui import pyside_refcounts
from ui.context import ShellContext
from ui.widgets.crash_dialog import CrashDialog
from ui.widgets.resources import ICONS_DIR, THEME_FILE, TRANSLATIONS_DIR, icon

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.main_window import MainWindow

__all__ = [
    "CrashReporter",
    "ShellContext",
    "app_version",
    "apply_theme",
    "create_application",
    "install_qt_excepthook",
    "install_translator",
    "run_gui",
    "translation_file",
    "translation_missing",
]

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "vi"
SOURCE_LANGUAGE = "en"  # source strings are English; Vietnamese is the default translation
_TRANSLATOR_NAME = "trucbanTranslator"


def app_version() -> str:
    try:
        return metadata.version("trucban")
    except metadata.PackageNotFoundError:
        return "0.0.0+unknown"


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with names, style and the dark theme (reuses a running instance)."""
    # Video tiles get native windows for libvlc; without this every sibling widget would
    # become native too, which costs memory and makes repaints flicker.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    pyside_refcounts.install()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("trucban")
    app.setApplicationDisplayName("Trực Ban")
    app.setOrganizationName("trucban")
    app.setApplicationVersion(app_version())
    app.setDesktopFileName("trucban")
    app.setWindowIcon(icon("trucban"))
    apply_theme(app)
    return app


def apply_theme(app: QApplication) -> None:
    """Fusion with a dark palette (dialogs and native pieces) plus resources/theme.qss."""
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1c2128",
        QPalette.ColorRole.WindowText: "#d4dae2",
        QPalette.ColorRole.Base: "#15191e",
        QPalette.ColorRole.AlternateBase: "#1b2027",
        QPalette.ColorRole.ToolTipBase: "#2d333b",
        QPalette.ColorRole.ToolTipText: "#e6edf3",
        QPalette.ColorRole.PlaceholderText: "#7d8590",
        QPalette.ColorRole.Text: "#d4dae2",
        QPalette.ColorRole.Button: "#262c34",
        QPalette.ColorRole.ButtonText: "#d4dae2",
        QPalette.ColorRole.BrightText: "#ff7b72",
        QPalette.ColorRole.Highlight: "#2f6fb3",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#6cb6ff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6e7681"))
    app.setPalette(palette)
    try:
        sheet = THEME_FILE.read_text(encoding="utf-8")
        app.setStyleSheet(sheet.replace("@ICONS@", ICONS_DIR.as_posix()))
    except OSError as exc:
        log.warning("Theme %s could not be read (%s); using the plain dark palette",
                    THEME_FILE, exc)


def translation_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"trucban_{language}.qm"


def translation_missing(language: str) -> bool:
    """True when the language needs a compiled translation that is not installed."""
    return language != SOURCE_LANGUAGE and not translation_file(language).is_file()


def install_translator(app: QApplication, language: str) -> None:
    """Replace the shell's translator with resources/translations/trucban_<language>.qm.

    Installing sends QEvent.LanguageChange to every widget, so open windows retranslate
    live. A missing or unreadable file leaves the English source strings (logged; the main
    window shows a notice).
    """
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    path = translation_file(language)
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if translator.load(str(path)):
        app.installTranslator(translator)
        log.info("Interface language %s (%s)", language, path.name)
        return
    translator.deleteLater()
    if language == SOURCE_LANGUAGE:
        # Only plural forms live in the English file; without it the source strings are used.
        log.info("Interface language en (source strings)")
    else:
        log.warning("Translation %s is missing or unreadable; showing English", path)
    # removeTranslator() above already sent LanguageChange, so open windows show the source
    # strings again.


class CrashReporter(QObject):
    """sys.excepthook for the GUI: write a crash log, log it, tell the user without blocking,
    and keep running — a video wall must stay up after a bug in one panel."""

    _crash_recorded = Signal(str)

    def __init__(self, app: QApplication, log_dir: Path, version: str) -> None:
        super().__init__(app)
        self.setObjectName("crashReporter")
        self._log_dir = log_dir
        self._version = version
        self._previous_hook: Callable[..., object] | None = None
        self.dialog: CrashDialog | None = None
        self.last_crash_log: Path | None = None
        # Queued: the hook can run inside a paint or event handler (or a worker thread);
        # the dialog is shown later from the event loop.
        self._crash_recorded.connect(self._on_crash_recorded,
                                     Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.handle_exception

    def uninstall(self) -> None:
        if sys.excepthook == self.handle_exception and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        self._previous_hook = None

    def handle_exception(self, exc_type: type[BaseException], exc: BaseException,
                         tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path: Path | None
        try:
            path = write_crash_log(self._log_dir, exc_type, exc, tb, version=self._version)
        except OSError:
            log.exception("Could not write a crash log into %s", self._log_dir)
            path = None
        self.last_crash_log = path
        log.critical("Unexpected error; crash log %s", path, exc_info=(exc_type, exc, tb))
        self._crash_recorded.emit(str(path) if path else "")

    def _on_crash_recorded(self, crash_log: str) -> None:
        if self.dialog is None:
            # No parent: the dialog must outlive whichever window happened to be active.
            self.dialog = CrashDialog()
            self.dialog.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.dialog.report(crash_log)


def install_qt_excepthook(app: QApplication, log_dir: Path) -> CrashReporter:
    """Install the GUI crash hook; returns it (``uninstall()`` restores the previous hook)."""
    reporter = CrashReporter(app, log_dir, app_version())
    reporter.install()
    return reporter


def run_gui(context: ShellContext, wall: QWidget, *,
            connect: Callable[[MainWindow], None] | None = None) -> int:
    """Show the main window around ``wall`` and run the event loop until it closes.

    ``connect`` receives the window before it is shown, to wire its signals
    (``camera_activated``, ``settings_changed``) to the wall and the core.
    """
    from ui.main_window import MainWindow  # main_window imports this module

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else create_application(sys.argv)
    install_translator(app, context.settings.language)
    window = MainWindow(context, wall)
    if connect is not None:
        connect(window)
    window.show()
    return app.exec()
