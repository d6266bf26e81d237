"""Camera health, maintenance, the map and the commune audit report, as the Cameras menu
offers them. The health monitor sweeps the cameras periodically on its own threads."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from app.cameras.health import HealthService
from app.cameras.maintenance import MaintenanceService
from app.cameras.map_calibration import MapLayoutStore
from app.cameras.probe import HealthMonitor
from app.security.audit import AuditTrail
from app.security.permissions import Principal
from app.storage.database import Database
from app.storage.dto import CameraDTO, SiteDTO
from ui.dashboards.health_dashboard import HealthDashboard, HealthDashboardDock
from ui.dashboards.health_data import HealthDashboardData
from ui.maintenance.maintenance_window import MaintenanceWindow
from ui.maintenance.overdue_indicator import OverdueIndicator
from ui.map.map_view import CameraMapView, camera_map_loader
from ui.reports.audit_dialog import AuditReportDialog


class HealthActions(QObject):
    def __init__(self, db: Database, monitor: HealthMonitor, health: HealthService,
                 maintenance: MaintenanceService, audit: AuditTrail,
                 list_cameras: Callable[[], Sequence[CameraDTO]],
                 list_sites: Callable[[], Sequence[SiteDTO]],
                 principal: Callable[[], Principal | None], config_dir: Path,
                 reports_dir: Path, show_camera: Callable[[int], None],
                 window: QMainWindow) -> None:
        super().__init__(window)
        self._db, self._audit, self._principal = db, audit, principal
        self._list_sites, self._reports_dir, self._window = list_sites, reports_dir, window
        self.dashboard = HealthDashboard(
            HealthDashboardData(health, maintenance, list_cameras, list_sites), monitor)
        self.dock = HealthDashboardDock(self.dashboard, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.maintenance = MaintenanceWindow(maintenance, list_cameras)
        self.map = CameraMapView(MapLayoutStore(config_dir),
                                 camera_map_loader(list_cameras, health))
        self.overdue = OverdueIndicator(maintenance)
        window.statusBar().addPermanentWidget(self.overdue)
        self.overdue.start()
        self.dashboard.camera_activated.connect(show_camera)
        self.map.camera_activated.connect(show_camera)
        self.dashboard.ticket_requested.connect(self.open_ticket_for)
        self.maintenance.overdue_count_changed.connect(self.overdue.set_count)
        self.overdue.clicked.connect(self.open_schedule)

        self.dashboard_action = QAction(self)
        self.maintenance_action = QAction(self)
        self.map_action = QAction(self)
        self.audit_report_action = QAction(self)
        self.dashboard_action.triggered.connect(self.open_dashboard)
        self.maintenance_action.triggered.connect(self.open_maintenance)
        self.map_action.triggered.connect(self.open_map)
        self.audit_report_action.triggered.connect(self.open_audit_report)

    def attach(self, menu: QMenu) -> None:
        menu.addSeparator()
        for action in (self.dashboard_action, self.maintenance_action, self.map_action,
                       self.audit_report_action):
            menu.addAction(action)

    def retranslate(self) -> None:
        self.dashboard_action.setText(self.tr("&Health dashboard"))
        self.maintenance_action.setText(self.tr("&Maintenance"))
        self.map_action.setText(self.tr("Camera &map"))
        self.audit_report_action.setText(self.tr("Commune &audit report…"))

    def open_dashboard(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def open_maintenance(self) -> None:
        self.maintenance.show()
        self.maintenance.raise_()

    def open_schedule(self) -> None:
        self.open_maintenance()
        self.maintenance.tabs.setCurrentIndex(1)

    def open_ticket_for(self, camera_id: int) -> None:
        self.open_maintenance()
        self.maintenance.new_ticket_for_camera(camera_id)

    def open_map(self) -> None:
        self.map.resize(1000, 700)
        self.map.show()
        self.map.raise_()

    def open_audit_report(self) -> AuditReportDialog:
        dialog = AuditReportDialog(self._db, self._list_sites(), output_dir=self._reports_dir,
                                   audit=self._audit, principal=self._principal(),
                                   parent=self._window)
        dialog.open()
        return dialog

    def shutdown(self) -> None:
        self.dashboard.shutdown()
        self.maintenance.shutdown()
        self.map.shutdown()
        self.overdue.shutdown()
        self.maintenance.close()
        self.map.close()
