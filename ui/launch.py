"""Starts the workstation: core services, the Qt shell, the wall and (for the demo) the
simulated cameras. Called by main.py; everything here is composition."""
from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from app.bootstrap import CoreServices, models_dir, open_core, start_logging
from app.cameras.registration import CameraRegistrar
from app.models.store import ModelStore
from app.security.secrets import CredentialError
from app.storage.dto import CameraDTO
from app.storage.errors import StorageError
from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from ui.app import create_application, install_qt_excepthook, install_translator
from ui.bridge import FutureWatcher
from ui.context import ShellContext
from ui.main_window import MainWindow
from ui.wall.wall_view import WallView

log = logging.getLogger(__name__)



def analytics_notice(core: CoreServices) -> str | None:
    try:
        installed = ModelStore(models_dir(core)).find_by_task("detection.road_users")
    except Exception:  # noqa: BLE001 - a damaged model folder must not stop the wall
        log.exception("cannot read the model folder")
        installed = []
    if installed:
        return None
    return QCoreApplication.translate(
        "Launch",
        "Analytics is disabled: no road-user detection model is installed (install a model "
        "bundle: make demo MODELS=FOLDER).")


class Workstation:
    """Owns the running services and wires the window's signals to them."""

    def __init__(self, core: CoreServices) -> None:
        self.core = core
        self.registrar = CameraRegistrar(core.sites, core.cameras, core.vault)
        self.hub = StreamHub()
        self.hub.start()
        self.engine = VlcEngine(network_caching_ms=core.settings.network_caching_ms)
        self.wall = WallView(self.engine, self.hub, grid=core.settings.wall_grid)
        self.window: MainWindow | None = None
        self.demo = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="startup")

    def context(self) -> ShellContext:
        notices = list(self.core.notices)
        notice = analytics_notice(self.core)
        if notice:
            notices.append(notice)
        return ShellContext(
            settings=self.core.settings, settings_store=self.core.settings_store,
            list_sites=self.core.sites.list_sites, list_cameras=self.core.cameras.list_cameras,
            recent_events=lambda: self.core.events.recent(200),
            database_label=self.core.database.url_for_display, notices=notices,
            local_admin_mode=True)

    def show_camera(self, camera_id: int, tile_index: int | None = None) -> None:
        camera = self.core.cameras.get(camera_id)
        if camera is None:
            return
        credentials = None
        try:
            found = self.registrar.credentials_for(camera_id)
            credentials = (found.username, found.password) if found else None
        except CredentialError as exc:
            log.warning("camera %s: %s", camera.name, exc)
        self.wall.show_camera(camera, tile_index, credentials=credentials)

    def show_first_cameras(self, cameras: Sequence[CameraDTO]) -> None:
        for index, camera in enumerate(list(cameras)[: len(self.wall.tiles)]):
            self.show_camera(camera.id, index)

    def attach(self, window: MainWindow) -> None:
        self.window = window
        window.camera_activated.connect(self.show_camera)

    def start_demo(self, cameras: int, videos: Sequence[Path], **options: Any) -> None:
        """Start the simulated cameras in the background with a progress dialog.

        ``options`` go to DemoEnvironment (ports, video cache)."""
        from app.demo import DemoEnvironment

        self.demo = DemoEnvironment(self.core, cameras, videos, **options)
        dialog = QProgressDialog(QCoreApplication.translate("Launch", "Starting the simulated cameras…"), "", 0, 0, self.window)
        dialog.setCancelButton(None)
        dialog.setWindowTitle(QCoreApplication.translate("Launch", "Demo"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        watcher = FutureWatcher(dialog)
        watcher.progress.connect(dialog.setLabelText)
        demo = self.demo

        def finished(registered: object) -> None:
            dialog.close()
            if self.window is not None:
                self.window.refresh_cameras()
            self.show_first_cameras(registered)  # type: ignore[arg-type]

        def failed(exc: object) -> None:
            dialog.close()
            log.error("demo start failed: %s", exc)
            QMessageBox.critical(self.window, QCoreApplication.translate("Launch", "Demo"),
                                 QCoreApplication.translate("Launch", "The simulated cameras could not start:") + f"\n{exc}")

        watcher.finished.connect(finished)
        watcher.failed.connect(failed)
        watcher.watch(self._executor.submit(demo.start, watcher.post_progress))
        dialog.show()

    def show_registered(self) -> None:
        self.show_first_cameras(self.core.cameras.list_cameras())

    def shutdown(self) -> None:
        self.wall.shutdown()
        self.hub.stop()
        self._executor.shutdown(wait=True)
        if self.demo is not None:
            self.demo.stop()
        self.engine.release()
        self.core.close()


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
    station = Workstation(core)
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
