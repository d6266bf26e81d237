"""Starts the workstation: core services, sign-in, the Qt shell, the wall and (for the demo)
the simulated cameras. Called by main.py; everything here is composition."""
from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox

from app.bootstrap import CoreServices, models_dir, open_core, start_logging
from app.models.store import ModelStore
from app.security.audit import AuditTrail
from app.security.users import UserService
from app.storage.errors import StorageError
from ui.app import create_application, install_qt_excepthook, install_translator
from ui.main_window import MainWindow
from ui.security.session import sign_in
from ui.workstation import Workstation

log = logging.getLogger(__name__)

__all__ = ["Workstation", "analytics_notice", "launch_workstation"]


def analytics_notice(core: CoreServices) -> str | None:
    try:
        installed = ModelStore(models_dir(core)).find_by_task("detection.road_users")
    except Exception:  # a damaged model folder must not stop the wall
        log.exception("cannot read the model folder")
        installed = []
    if installed:
        return None
    return QCoreApplication.translate(
        "Launch",
        "Analytics is disabled: no road-user detection model is installed (install a model "
        "bundle: make demo MODELS=FOLDER).")


def _quit_on_signals(app: QCoreApplication) -> None:
    """Ctrl-C or SIGTERM closes the workstation cleanly (streams, simulator, database)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    # Python only runs signal handlers between bytecodes: wake the interpreter regularly.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def launch_workstation(version: str, *, language: str | None = None,
                       demo_cameras: int | None = None,
                       demo_videos: Sequence[str] = ()) -> int:
    paths = start_logging(version)
    app = create_application(sys.argv)
    reporter = install_qt_excepthook(app, paths.log_dir)
    try:
        core = open_core(paths, language=language)
    except StorageError as exc:
        install_translator(app, language or "vi")
        QMessageBox.critical(None, QCoreApplication.translate("Launch", "Database"), str(exc))
        return 2
    install_translator(app, core.settings.language)
    users = UserService(core.database, AuditTrail(core.database))
    principal = sign_in(users, demo=bool(demo_cameras))
    if principal is None:
        core.close()
        reporter.uninstall()
        return 0
    notices = list(core.notices)
    notice = analytics_notice(core)
    if notice:
        notices.append(notice)
    station = Workstation(core, principal, notices)
    window = MainWindow(station.context(), station.wall)
    station.attach(window)
    window.show()
    _quit_on_signals(app)
    if demo_cameras:
        station.start_demo(demo_cameras, [Path(v) for v in demo_videos])
    else:
        station.show_registered()
    try:
        return app.exec()
    finally:
        station.shutdown()
        reporter.uninstall()
