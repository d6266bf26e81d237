"""Commune audit report dialog: pick the commune/ward and the date, write PDF + CSV in the
background with progress, then offer to open the folder."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cameras.health import VIETNAM_TZ
from app.reports.camera_audit import build_camera_audit, write_audit_csv, write_audit_pdf
from app.security.audit import AuditTrail
from app.security.permissions import Permission, PermissionDenied, Principal, require
from app.storage.database import Database
from app.storage.dto import SiteDTO
from app.storage.types import utc_now
from ui.dashboards.background import BackgroundRunner

log = logging.getLogger(__name__)
AUDIT_REPORT_ACTION = "report.camera_audit"


@dataclass(frozen=True)
class AuditReportFiles:
    pdf: Path
    csv: Path
    cameras: int


def report_moment(day: date, now: datetime) -> datetime:
    """The report is as of the end of the chosen local day, or now when that is today."""
    end_of_day = datetime.combine(day + timedelta(days=1), time.min, VIETNAM_TZ)
    return min(end_of_day, now)


def file_stem(area_name: str, day: date) -> str:
    """A file name that survives every file system: letters and digits of the commune."""
    cleaned = re.sub(r"[^\w]+", "_", area_name, flags=re.UNICODE).strip("_") or "dia_ban"
    return f"ra_soat_camera_{cleaned}_{day:%Y%m%d}"


def write_audit_report(db: Database, site_id: int, day: date, folder: Path, *,
                       agency_name: str, now: datetime,
                       progress: Callable[[str], None]) -> AuditReportFiles:
    """Runs on a worker thread; progress texts are already translated by the caller."""
    audit = build_camera_audit(db, site_id, agency_name=agency_name,
                               now=report_moment(day, now))
    stem = file_stem(audit.area_name, day)
    progress("pdf")
    pdf = write_audit_pdf(audit, folder / f"{stem}.pdf")
    progress("csv")
    csv = write_audit_csv(audit, folder / f"{stem}.csv")
    return AuditReportFiles(pdf, csv, len(audit.rows))


class AuditReportDialog(QDialog):
    def __init__(self, db: Database, sites: Sequence[SiteDTO], *, output_dir: Path,
                 agency_name: str = "", runner: BackgroundRunner | None = None,
                 audit: AuditTrail | None = None,
                 principal: Callable[[], Principal | None] | None = None,
                 open_folder: Callable[[Path], None] | None = None,
                 clock: Callable[[], datetime] = utc_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditReportDialog")
        self._db = db
        self._agency_name = agency_name
        self._runner = runner or BackgroundRunner(parent=self, name="audit-report")
        self._audit = audit
        self._principal = principal
        self._open_folder = open_folder or self._open_in_file_manager
        self._clock = clock
        self.result_files: AuditReportFiles | None = None
        self.last_error = ""
        self.running = False

        self.site_combo = QComboBox()
        # Communes/wards first: that is what the report is for; provinces and locations work too.
        ordered = sorted(sites, key=lambda s: (s.kind != "commune", s.name.casefold()))
        names = {s.id: s.name for s in sites}
        for site in ordered:
            parent_name = names.get(site.parent_id) if site.parent_id is not None else None
            self.site_combo.addItem(f"{site.name} — {parent_name}" if parent_name else site.name,
                                    site.id)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        today = clock().astimezone(VIETNAM_TZ).date()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.folder_edit = QLineEdit(str(output_dir))
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 3)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.create_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.create_report)
        self.buttons.rejected.connect(self.reject)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        self._labels = [QLabel(), QLabel(), QLabel()]
        form.addRow(self._labels[0], self.site_combo)
        form.addRow(self._labels[1], self.date_edit)
        form.addRow(self._labels[2], folder_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.create_button.setEnabled(self.site_combo.count() > 0)
        self.resize(560, 240)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Commune audit report"))
        self._labels[0].setText(self.tr("Commune / ward:"))
        self._labels[1].setText(self.tr("Report date:"))
        self._labels[2].setText(self.tr("Save in folder:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.create_button.setText(self.tr("Create PDF and CSV"))
        if self.site_combo.count() == 0:
            self.progress_label.setText(self.tr("No commune or ward is registered yet."))

    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save in folder"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def create_report(self) -> None:
        if self.running or self.site_combo.currentData() is None:
            return
        folder_text = self.folder_edit.text().strip()
        if not folder_text:
            self._fail_message(self.tr("Choose the folder for the report."))
            return
        try:
            if self._principal is not None:
                require(self._principal(), Permission.VIEW_REPORTS)
        except PermissionDenied as exc:
            self._fail_message(exc.user_message)
            return
        site_id = int(self.site_combo.currentData())
        day: date = self.date_edit.date().toPython()  # type: ignore[assignment]
        self.running = True
        self.create_button.setEnabled(False)
        self.progress.setValue(1)
        self.progress_label.setText(self.tr("Gathering camera health…"))
        folder = Path(folder_text)
        agency, now = self._agency_name, self._clock()

        def work(post: Callable[[str], None]) -> AuditReportFiles:
            return write_audit_report(self._db, site_id, day, folder, agency_name=agency,
                                      now=now, progress=post)

        self._runner.run(work, with_progress=True, on_progress=self._on_progress,
                         on_done=self._on_report_written, on_failed=self._on_report_failed)

    def _on_progress(self, step: str) -> None:
        if step == "pdf":
            self.progress.setValue(2)
            self.progress_label.setText(self.tr("Writing the PDF…"))
        elif step == "csv":
            self.progress.setValue(3)
            self.progress_label.setText(self.tr("Writing the CSV…"))

    def _on_report_written(self, files: object) -> None:
        self.running = False
        self.create_button.setEnabled(True)
        assert isinstance(files, AuditReportFiles)
        self.result_files = files
        self.progress.setValue(3)
        self.progress_label.setText(self.tr("Saved {pdf} and {csv}.").format(
            pdf=files.pdf.name, csv=files.csv.name))
        if self._audit is not None:
            actor = self._principal() if self._principal is not None else None
            try:
                self._audit.append(actor, AUDIT_REPORT_ACTION, "site",
                                   self.site_combo.currentData(),
                                   {"pdf": str(files.pdf), "csv": str(files.csv),
                                    "cameras": files.cameras})
            except Exception:  # the report exists; a failed trail entry is logged loudly
                log.exception("audit entry for the camera audit report failed")
        self._offer_open_folder(files.pdf.parent)

    def _offer_open_folder(self, folder: Path) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Commune audit report"),
                          self.tr("The report was saved in {folder}.").format(folder=str(folder)),
                          QMessageBox.StandardButton.Close, self)
        open_button = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(open_button)
        self.open_folder_box = box
        box.buttonClicked.connect(
            lambda button: self._open_folder(folder) if button is open_button else None)
        box.open()

    @staticmethod
    def _open_in_file_manager(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_report_failed(self, exc: BaseException) -> None:
        self.running = False
        self.create_button.setEnabled(True)
        self.progress.setValue(0)
        # FontMissingError, NotFoundError and OSError (disk full, no permission) all carry a
        # readable message; nothing was half-written (the files are written atomically).
        message = getattr(exc, "user_message", None) or (
            f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror
            else str(exc))
        log.error("camera audit report failed: %s", message)
        self._fail_message(self.tr("The report could not be written: {error}").format(
            error=message))

    def _fail_message(self, text: str) -> None:
        self.last_error = text
        self.progress_label.setText(text)
        QMessageBox.warning(self, self.tr("Commune audit report"), text)
