"""The running workstation: core services for the signed-in user, the wall, and the parts
that add their menus and docks to the main window. Everything here is composition."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox, QProgressDialog

from app.analytics.service import AnalyticsService, hub_stream_register
from app.bootstrap import CoreServices, models_dir
from app.cameras.discovery_service import DiscoveryService
from app.cameras.health import HealthService
from app.cameras.inventory_csv import CameraInventory
from app.cameras.maintenance import MaintenanceService
from app.cameras.probe import HealthMonitor
from app.cameras.registration import CameraAdminPolicy, CameraRegistrar
from app.recording.admin import (
    RecordingAdmin,
    apply_storage_settings,
    channel_applier,
    recording_settings,
)
from app.recording.bookmarks import BookmarkService
from app.recording.dto import ChannelConfig, SourceRef
from app.recording.export import ExportService
from app.recording.imports import FootageImporter
from app.recording.service import RecordingService
from app.recording.timeline import PlaybackCatalog
from app.review.annotations import AnnotationService
from app.review.queue import ReviewQueue
from app.review.snapshots import SnapshotService
from app.review.workflow import ViolationService
from app.security.audit import AuditTrail
from app.security.permissions import Principal
from app.security.secrets import CredentialError
from app.security.users import UserService
from app.storage.dto import CameraDTO
from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from app.video.urls import with_credentials
from app.wall.ptz import onvif_ptz_factory
from app.wall.repository import WallLayoutRepository
from app.wall.tours import TourStore
from ui.analytics.actions import AnalyticsActions
from ui.bridge import FutureWatcher
from ui.cameras.actions import CameraActions
from ui.context import ShellContext
from ui.dashboards.actions import HealthActions
from ui.main_window import MainWindow
from ui.playback.actions import PlaybackActions
from ui.playback.playback_window import PlaybackWindow
from ui.recording.actions import RecordingActions
from ui.reports.actions import ReportActions, load_catalogue
from ui.review.review_queue import ReviewQueueWidget
from ui.security.session import WorkstationSession
from ui.wall.layout_menu import LayoutMenu
from ui.wall.tile_menu import TileActions
from ui.wall.tour_controller import TourController
from ui.wall.tour_editor import TourEditorDialog
from ui.wall.wall_view import WallView
from ui.wall.wall_window import WallWindowManager

log = logging.getLogger(__name__)


class Workstation:
    """Owns the running services and wires the window's signals to them."""

    def __init__(self, core: CoreServices, principal: Principal,
                 notices: Sequence[str] = ()) -> None:
        self.core = core
        self.notices = list(notices)
        db = core.database
        self.audit = AuditTrail(db)
        self.users = UserService(db, self.audit)
        self.session = WorkstationSession(self.users, self.audit, principal,
                                          core.settings.idle_lock_minutes,
                                          core.cameras.list_cameras)
        self.camera_policy = CameraAdminPolicy(self.audit)
        self.registrar = CameraRegistrar(core.sites, core.cameras, core.vault,
                                         policy=self.camera_policy)
        self.discovery = DiscoveryService(core.cameras, self.registrar)
        self.inventory = CameraInventory(core.cameras, core.sites, core.vault)
        self.violations = ViolationService(db, self.audit)
        self.annotations = AnnotationService(db, self.audit)
        self.review_queue = ReviewQueue(db)

        self.hub = StreamHub()
        self.hub.start()
        self.engine = VlcEngine(network_caching_ms=core.settings.network_caching_ms)
        settings = core.settings
        self._thresholds = {"main_stream_min_tile_height": settings.main_stream_min_tile_height,
                            "main_stream_min_tile_width": settings.substream_max_tile_width}
        self.wall = WallView(self.engine, self.hub, grid=settings.wall_grid,
                             camera_source=self.camera_source, **self._thresholds)
        self.wall_layouts = WallLayoutRepository(db)
        self._wall_db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wall-db")
        self.walls = WallWindowManager(self.engine, self.hub, main_wall=self.wall,
                                       repository=self.wall_layouts, executor=self._wall_db,
                                       user_id=principal.user_id,
                                       camera_source=self.camera_source,
                                       wall_options=self._thresholds)
        self.tour_store = TourStore(db, self.audit)
        self.tours = TourController(self.wall, self.show_camera, parent=self.wall)
        self.recording = RecordingService(db, self.hub, recording_settings(
            core.paths.data_dir / "recordings", settings))
        self.recording_admin = RecordingAdmin(self.recording, db, self.audit)
        self._apply_channel = channel_applier(self.recording, self._recording_source)
        self.catalog = PlaybackCatalog(db)
        self.analytics = AnalyticsService(
            db, self.audit, core.paths.evidence_dir, models_dir(core),
            core.paths.cache_dir / "openvino",
            hub_stream_register(self.hub, self.registrar.credentials_for),
            principal=self.session.current)
        self.analytics.start()
        self.analytics_actions: AnalyticsActions | None = None
        self.health_monitor = HealthMonitor(core.cameras, core.health, core.events, core.vault,
                                            interval_s=300.0, max_concurrency=8)
        self.health = HealthService(db, interval_s=300.0)
        self.maintenance = MaintenanceService(db, core.paths.evidence_dir,
                                              principal=self.session.current)
        self.tile_actions = TileActions(
            self.wall, principal=self.session.current,
            snapshots=SnapshotService(db, self.audit, core.paths.evidence_dir),
            stream_url_for=self.hub.url_for, audio_enabled=self.engine.audio_enabled,
            tours=self.tours,
            list_tours=lambda: self.tour_store.list_tours(self.session.current()),
            recording_available=self.recording_available,
            replay_seconds=settings.instant_replay_s,
            ptz_control_for=onvif_ptz_factory(self.registrar.credentials_for,
                                              self.session.current, audit=self.audit),
            parent=self.wall)
        self.window: MainWindow | None = None
        self.review_dock: QDockWidget | None = None
        self.review_widget: ReviewQueueWidget | None = None
        self.demo: Any = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="startup")
        self._executor.submit(self._start_recording)
        self.health_monitor.start()
        self.health_actions: HealthActions | None = None
        self.report_actions: ReportActions | None = None
        self.playback_window: PlaybackWindow | None = None

    # Composition -----------------------------------------------------------------------------
    def context(self) -> ShellContext:
        return ShellContext(
            settings=self.core.settings, settings_store=self.core.settings_store,
            list_sites=self.core.sites.list_sites, list_cameras=self.core.cameras.list_cameras,
            recent_events=lambda: self.core.events.recent(200),
            database_label=self.core.database.url_for_display, notices=self.notices,
            local_admin_mode=False)

    def attach(self, window: MainWindow) -> None:
        self.window = window
        window.camera_activated.connect(self.show_camera)
        self.session.attach(window, window.menu("admin"))
        window.add_part(self.session)

        self.camera_actions = CameraActions(
            self.registrar, self.camera_policy, self.discovery, self.inventory,
            self.core.sites.list_sites, self.session.current, window.refresh_cameras, window)
        self.camera_actions.attach(window.menu("cameras"), window.camera_tree)
        window.add_part(self.camera_actions)

        self.health_actions = HealthActions(
            self.core.database, self.health_monitor, self.health, self.maintenance, self.audit,
            self.core.cameras.list_cameras, self.core.sites.list_sites, self.session.current,
            self.core.paths.config_dir, self.core.paths.data_dir / "reports", self.show_camera,
            window)
        self.health_actions.attach(window.menu("cameras"))
        window.add_part(self.health_actions)

        self.layout_menu = LayoutMenu(self.walls, self.wall_layouts, window)
        window.menu("view").addMenu(self.layout_menu)
        window.addToolBar(self.layout_menu.create_toolbar(window))
        window.settings_changed.connect(self._on_settings_changed)
        self.tile_actions.notice.connect(window.notice_bar.add_notice)
        self.tile_actions.edit_tours_requested.connect(self.open_tour_editor)

        catalogue, problem = load_catalogue(self.core.paths.config_dir)
        if problem:
            window.notice_bar.add_notice(problem)
        self.review_widget = ReviewQueueWidget(
            self.review_queue, self.violations, self.session.current(),
            list_cameras=self.core.cameras.list_cameras, type_label=catalogue.title,
            annotations=self.annotations,
            evidence_dir=self.core.paths.evidence_dir)
        self.review_dock = QDockWidget(window)
        self.review_dock.setObjectName("reviewDock")
        self.review_dock.setWidget(self.review_widget)
        # Review is desk work, not wall watching: its own dock, closed until asked for (a
        # reviewer usually floats it onto a second screen).
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.review_dock)
        self.review_dock.hide()
        window.menu("review").addAction(self.review_dock.toggleViewAction())
        self.session.principal_changed.connect(self._on_principal_changed)
        self.playback_window = PlaybackWindow(
            self.engine, self.catalog, BookmarkService(self.core.database, self.audit),
            cameras=self.core.cameras.list_cameras, principal=self.session.current,
            exporter=ExportService(self.core.database, self.audit),
            importer=FootageImporter(self.core.database,
                                     self.core.paths.evidence_dir / "imports", self.audit),
            export_dir=self.core.paths.data_dir / "exports")
        self.playback_actions = PlaybackActions(self.playback_window, window)
        self.playback_actions.attach(window.menu("recordings"))
        window.add_part(self.playback_actions)
        self.recording_actions = RecordingActions(
            self.recording_admin, self.core.settings_store, settings=lambda: window.settings,
            apply_channel=self._apply_channel,
            apply_storage=lambda s: apply_storage_settings(self.recording, s),
            principal=self.session.current, parent=window)
        self.recording_actions.attach(window.menu("recordings"))
        self.recording_actions.settings_saved.connect(window.apply_saved_settings)
        window.add_part(self.recording_actions)
        window.open_recording_settings = self.recording_actions.open_recording_settings
        self.tile_actions.playback_requested.connect(self.playback_actions.open_at)
        self.tile_actions.replay_requested.connect(self.playback_actions.replay)

        self.analytics_actions = AnalyticsActions(
            self.analytics, self.core.cameras.list_cameras, self.session.current, window)
        self.analytics_actions.attach(window, window.menu("analytics"))
        window.add_part(self.analytics_actions)
        self.tile_actions.is_analysed = self.analytics_actions.is_analysed
        self.tile_actions.analysis_requested.connect(self.analytics_actions.toggle_camera)
        self.analytics_actions.restore()

        self.report_actions = ReportActions(
            self.core.database, self.audit, catalogue, self.core.settings,
            self.core.paths.evidence_dir, self.core.paths.data_dir / "reports",
            self.session.current, self.review_widget.selected_violation_ids, window)
        self.report_actions.attach(window.menu("reports"))
        window.add_part(self.report_actions)
        window.add_part(_DockTitles(self))
        window.update_menus()

    # The wall ---------------------------------------------------------------------------------
    def camera_source(self, camera_id: int) -> tuple[CameraDTO, tuple[str, str] | None] | None:
        camera = self.core.cameras.get(camera_id)
        if camera is None:
            return None
        try:
            found = self.registrar.credentials_for(camera_id)
        except CredentialError as exc:
            log.warning("camera %s: %s", camera.name, exc)
            found = None
        return camera, ((found.username, found.password) if found else None)

    def show_camera(self, camera_id: int, tile_index: int | None = None) -> None:
        source = self.camera_source(camera_id)
        if source is None:
            return
        camera, credentials = source
        self.wall.show_camera(camera, tile_index, credentials=credentials)

    def show_first_cameras(self, cameras: Sequence[CameraDTO]) -> None:
        for index, camera in enumerate(list(cameras)[: len(self.wall.tiles)]):
            self.show_camera(camera.id, index)

    def show_registered(self) -> None:
        self.show_first_cameras(self.core.cameras.list_cameras())

    def open_tour_editor(self) -> TourEditorDialog:
        principal = self.session.current
        dialog = TourEditorDialog(
            self.core.cameras.list_cameras(), lambda: self.tour_store.list_tours(principal()),
            lambda tour: self.tour_store.save(principal(), tour),
            lambda tour_id: self.tour_store.delete(principal(), tour_id), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _on_settings_changed(self, settings: Any) -> None:
        self.wall.set_stream_thresholds(settings.main_stream_min_tile_height,
                                        settings.substream_max_tile_width)
        apply_storage_settings(self.recording, settings)
        self.tile_actions.replay_seconds = settings.instant_replay_s

    def _on_principal_changed(self, principal: Principal) -> None:
        """Another user signed in: their layouts, their queue (their cameras)."""
        self.walls.set_user(principal.user_id)
        if self.review_widget is not None:
            self.review_widget.set_principal(principal)

    # Recording --------------------------------------------------------------------------------
    def _start_recording(self) -> None:
        try:
            self.recording.start()
            self.recording.start_configured(self._recording_source)
        except Exception:  # recording problems are shown in its status, never stop the wall
            log.exception("recording could not start")

    def _recording_source(self, config: ChannelConfig) -> tuple[str, str] | None:
        camera = self.core.cameras.get(config.camera_id)
        if camera is None or not camera.enabled:
            return None
        profile = next((p for p in camera.profiles if p.kind == config.stream), None)
        if profile is None or not profile.stream_uri:
            return None
        source = profile.stream_uri
        try:
            found = self.registrar.credentials_for(camera.id)
        except CredentialError:
            found = None
        if found:
            source = with_credentials(source, found.username, found.password)
        return f"cam{camera.id}-{profile.kind}", source  # the wall's key: one pull per stream

    def apply_recording(self, config: ChannelConfig) -> None:
        """Store how a camera is recorded and start or stop its recorder accordingly."""
        self.recording.index.save_channel(config)
        self._apply_channel(config)

    def _record_demo_cameras(self, cameras: Sequence[CameraDTO]) -> None:
        """The demo records its simulated cameras' sub-streams, so playback has footage."""
        for camera in cameras:
            if self.recording.index.channel(camera.id) is None:
                self.apply_recording(ChannelConfig(camera.id, stream="sub", segment_s=60))

    def recording_available(self, camera_id: int, start: datetime, end: datetime) -> bool:
        return bool(self.catalog.ranges([SourceRef.camera(camera_id)], start, end))

    # Demo -------------------------------------------------------------------------------------
    def start_demo(self, cameras: int, videos: Sequence[Path], **options: Any) -> None:
        """Start the simulated cameras in the background with a progress dialog.

        ``options`` go to DemoEnvironment (ports, video cache)."""
        from app.demo import DemoEnvironment

        self.demo = DemoEnvironment(self.core, cameras, videos, **options)
        dialog = QProgressDialog(
            QCoreApplication.translate("Launch", "Starting the simulated cameras…"), "", 0, 0,
            self.window)
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
            self._executor.submit(self._record_demo_cameras, registered)

        def failed(exc: object) -> None:
            dialog.close()
            log.error("demo start failed: %s", exc)
            QMessageBox.critical(
                self.window, QCoreApplication.translate("Launch", "Demo"),
                QCoreApplication.translate("Launch", "The simulated cameras could not start:")
                + f"\n{exc}")

        watcher.finished.connect(finished)
        watcher.failed.connect(failed)
        watcher.watch(self._executor.submit(demo.start, watcher.post_progress))
        dialog.show()

    def shutdown(self) -> None:
        if self.health_actions is not None:
            self.health_actions.shutdown()
        if self.report_actions is not None:
            self.report_actions.shutdown()
        if self.playback_window is not None:
            self.playback_window.shutdown()
            self.playback_window.close()
        self.health_monitor.stop()
        if self.analytics_actions is not None:
            self.analytics_actions.shutdown()
        else:
            self.analytics.stop()
        self.tours.shutdown()
        self.tile_actions.shutdown()
        self.walls.close_all()
        self._wall_db.shutdown(wait=True)
        self.session.shutdown()
        self._executor.shutdown(wait=True)
        self.recording.stop()
        self.wall.shutdown()
        self.hub.stop()
        if self.demo is not None:
            self.demo.stop()
        self.engine.release()
        self.core.close()


class _DockTitles:
    """Titles of the docks the workstation adds, following the language."""

    def __init__(self, station: Workstation) -> None:
        self._station = station

    def retranslate(self) -> None:
        if self._station.review_dock is not None:
            self._station.review_dock.setWindowTitle(
                QCoreApplication.translate("Workstation", "Violation review"))
