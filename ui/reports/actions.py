"""The Reports menu: printing notices of the selected violations, the monthly summary, the
traffic count report and the citizen look-up publication."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.config.settings import Settings
from app.reports.lookup_export import LookupPublisher
from app.reports.monthly import MonthlyReportService
from app.reports.notice import NoticeConfig
from app.reports.notice_printing import NoticePrinter
from app.reports.traffic import TrafficReportService
from app.review.catalogue import CatalogueError, ViolationCatalogue
from app.security.audit import AuditTrail
from app.security.permissions import Principal
from app.storage.database import Database
from ui.reports.monthly_dashboard import MonthlyDashboard
from ui.reports.print_notices_dialog import PrintNoticesDialog
from ui.reports.publish_lookup_dialog import PublishLookupDialog
from ui.reports.traffic_dashboard import TrafficDashboard

log = logging.getLogger(__name__)


def load_catalogue(config_dir: Path) -> tuple[ViolationCatalogue, str | None]:
    """The bundled decree files plus the administrator's folder; a broken administrator file
    falls back to the bundled catalogue with a message (never a crash at start)."""
    try:
        return ViolationCatalogue.load(config_dir / "catalogue"), None
    except CatalogueError as exc:
        log.error("violation catalogue: %s", exc)
        return ViolationCatalogue.load(), str(exc)


def notice_config(settings: Settings) -> NoticeConfig:
    return NoticeConfig(
        agency_name=settings.agency_name,
        agency_address=getattr(settings, "agency_address", ""),
        parent_agency=getattr(settings, "parent_agency", ""),
        issuing_place=getattr(settings, "issuing_place", ""),
        lookup_url=str(settings.extra.get("lookup_url", "")))


class ReportActions(QObject):
    def __init__(self, db: Database, audit: AuditTrail, catalogue: ViolationCatalogue,
                 settings: Settings, evidence_dir: Path, reports_dir: Path,
                 principal: Callable[[], Principal | None],
                 selected_violations: Callable[[], list[int]], parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._principal = principal
        self._selected = selected_violations
        self._reports_dir = reports_dir
        self.printer = NoticePrinter(db, audit, catalogue, notice_config(settings),
                                     evidence_dir=evidence_dir)
        self.publisher = LookupPublisher(db, audit, catalogue, evidence_dir=evidence_dir)
        self.monthly = MonthlyReportService(db, audit, catalogue,
                                            agency_name=settings.agency_name)
        self.traffic = TrafficReportService(db, audit, agency_name=settings.agency_name)
        self._windows: list[QWidget] = []
        self.print_action = QAction(self)
        self.monthly_action = QAction(self)
        self.traffic_action = QAction(self)
        self.publish_action = QAction(self)
        self.print_action.triggered.connect(self.print_notices)
        self.monthly_action.triggered.connect(self.open_monthly)
        self.traffic_action.triggered.connect(self.open_traffic)
        self.publish_action.triggered.connect(self.publish_lookup)

    def attach(self, menu: QMenu) -> None:
        for action in (self.print_action, self.monthly_action, self.traffic_action,
                       self.publish_action):
            menu.addAction(action)

    def retranslate(self) -> None:
        self.print_action.setText(self.tr("&Print notices of the selected violations…"))
        self.monthly_action.setText(self.tr("&Monthly summary"))
        self.traffic_action.setText(self.tr("&Traffic counts"))
        self.publish_action.setText(self.tr("Publish &look-up data…"))

    def print_notices(self) -> PrintNoticesDialog | None:
        ids = self._selected()
        if not ids:
            QMessageBox.information(self._parent, self.tr("Print notices"), self.tr(
                "Select the approved violations to print in the review queue first."))
            return None
        dialog = PrintNoticesDialog(self.printer, self._principal(), ids,
                                    default_folder=self._reports_dir / "notices",
                                    parent=self._parent)
        dialog.open()
        return dialog

    def _window(self, widget: QWidget) -> QWidget:
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        widget.destroyed.connect(lambda *_: self._forget(widget))
        self._windows.append(widget)
        widget.resize(1100, 760)
        widget.show()
        return widget

    def _forget(self, widget: QWidget) -> None:
        if widget in self._windows:
            self._windows.remove(widget)

    def open_monthly(self) -> QWidget:
        return self._window(MonthlyDashboard(self.monthly, self._principal()))

    def open_traffic(self) -> QWidget:
        return self._window(TrafficDashboard(self.traffic, self._principal()))

    def publish_lookup(self) -> PublishLookupDialog:
        dialog = PublishLookupDialog(self.publisher, self._principal(),
                                     default_folder=self._reports_dir / "lookup",
                                     parent=self._parent)
        dialog.open()
        return dialog

    def shutdown(self) -> None:
        for widget in list(self._windows):
            widget.close()
