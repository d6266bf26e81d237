"""Import the camera list from CSV (checked first, written only after the check passed)
and export it to CSV for Excel."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cameras.inventory_csv import CameraInventory, ImportReport
from app.cameras.registration import CameraAdminPolicy, CameraAuditAction
from app.hashing import sha256_file
from app.security.permissions import PermissionDenied, Principal
from app.storage.errors import StorageError
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)


class CameraCsvDialog(QDialog):
    """"Check" runs a dry run and lists every problem (line, column, message); "Import" is
    enabled only after a clean check of the same file. Emits ``cameras_imported()``."""

    cameras_imported = Signal()

    def __init__(self, inventory: CameraInventory, policy: CameraAdminPolicy, *,
                 actor: Principal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraCsvDialog")
        self.setWindowTitle(self.tr("Camera list (CSV)"))
        self._inventory = inventory
        self._policy = policy
        self._actor = actor
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="camera-csv")
        self._checked_digest: str | None = None
        self._busy = False
        self.last_report: ImportReport | None = None

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("csvPath")
        self.path_edit.setPlaceholderText(self.tr("CSV file to import"))
        self.path_edit.textChanged.connect(self._on_path_edit_text_changed)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.apply)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_row.addWidget(self.check_button)
        file_row.addWidget(self.import_button)

        self.summary = QLabel(self.tr(
            "Columns: name, site_path, host, port, purpose, latitude, longitude, tags, notes, "
            "username, password. Cameras are matched by host and port: new ones are added, "
            "known ones updated. Nothing is written while the check finds errors."))
        self.summary.setObjectName("csvSummary")
        self.summary.setWordWrap(True)
        self.issues = QTableWidget(0, 4)
        self.issues.setObjectName("csvIssues")
        self.issues.setHorizontalHeaderLabels([self.tr("Kind"), self.tr("Line"),
                                               self.tr("Column"), self.tr("Problem")])
        self.issues.verticalHeader().hide()
        self.issues.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.issues.horizontalHeader().setStretchLastSection(True)

        import_box = QGroupBox(self.tr("Import"))
        import_layout = QVBoxLayout(import_box)
        import_layout.addLayout(file_row)
        import_layout.addWidget(self.summary)
        import_layout.addWidget(self.issues, 1)

        self.export_button = QPushButton(self.tr("Export the camera list…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.export_label = QLabel(self.tr("Passwords are never exported."))
        self.export_label.setObjectName("exportMessage")
        export_box = QGroupBox(self.tr("Export"))
        export_layout = QHBoxLayout(export_box)
        export_layout.addWidget(self.export_button)
        export_layout.addWidget(self.export_label, 1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(import_box, 1)
        layout.addWidget(export_box)
        layout.addWidget(close)
        self.resize(820, 520)
        self._update_buttons()

    @property
    def busy(self) -> bool:
        return self._busy

    def _path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def _digest(self, path: Path) -> str | None:
        try:
            return sha256_file(path)
        except OSError:
            return None

    # ------------------------------------------------------------------- import
    def check(self) -> None:
        """Dry run: report every problem; nothing is written."""
        path = self._path()
        if path is None or self._busy:
            return
        self._checked_digest = None
        self._start(lambda: self._inventory.import_csv(path, dry_run=True),
                    self.tr("Checking {name}…").format(name=path.name), self._on_checked)

    def apply(self) -> None:
        path = self._path()
        if path is None or self._busy or self._checked_digest is None:
            return
        if self._digest(path) != self._checked_digest:
            self._checked_digest = None
            self._update_buttons()
            self.summary.setText(self.tr("The file changed since it was checked; check it "
                                         "again."))
            return

        def run() -> ImportReport:
            self._policy.authorize(self._actor)
            report = self._inventory.import_csv(path, dry_run=False)
            self._policy.record(self._actor, CameraAuditAction.IMPORTED, "camera_list",
                                path.name, {"created": report.created,
                                            "updated": report.updated,
                                            "errors": len(report.errors)})
            return report
        self._start(run, self.tr("Importing {name}…").format(name=path.name),
                    self._on_applied)

    def _start(self, job: object, text: str, done: object) -> None:
        self._busy = True
        self._update_buttons()
        self.summary.setText(text)
        watcher = FutureWatcher(self)
        watcher.finished.connect(done)  # type: ignore[arg-type]
        watcher.failed.connect(self._on_job_failed)
        watcher.watch(self._executor.submit(job))  # type: ignore[arg-type]

    def _show_issues(self, report: ImportReport) -> None:
        rows = [(self.tr("Error"), issue) for issue in report.errors] + \
               [(self.tr("Warning"), issue) for issue in report.warnings]
        self.issues.setRowCount(len(rows))
        for row, (kind, issue) in enumerate(rows):
            for column, text in enumerate((kind, str(issue.line), issue.field, issue.message)):
                self.issues.setItem(row, column, QTableWidgetItem(text))

    def _on_checked(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self._busy = False
        self.last_report = report
        self._show_issues(report)
        path = self._path()
        if report.ok and path is not None:
            self._checked_digest = self._digest(path)
            self.summary.setText(self.tr(
                "Check passed: {rows} cameras ({created} new, {updated} to update). Nothing "
                "has been written yet; press Import to apply.").format(
                    rows=report.rows, created=report.created, updated=report.updated))
        else:
            self.summary.setText(self.tr(
                "{errors} problems found; nothing was written. Correct the file and check it "
                "again.").format(errors=len(report.errors)))
        self._update_buttons()

    def _on_applied(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self._busy = False
        self.last_report = report
        self._checked_digest = None
        self._show_issues(report)
        text = self.tr("Imported: {created} cameras added, {updated} updated.").format(
            created=report.created, updated=report.updated)
        if report.errors:
            text += " " + self.tr("{errors} rows could not be saved (see the list).").format(
                errors=len(report.errors))
        self.summary.setText(text)
        self._update_buttons()
        self.cameras_imported.emit()

    def _on_job_failed(self, exc: object) -> None:
        self._busy = False
        self._update_buttons()
        if isinstance(exc, PermissionDenied):
            self.summary.setText(exc.user_message)
        elif isinstance(exc, (StorageError, ValueError, OSError)):
            self.summary.setText(str(exc))
        else:
            log.error("camera CSV job failed", exc_info=exc)  # type: ignore[arg-type]
            self.summary.setText(self.tr("The camera list could not be read. Details are in "
                                         "the log."))

    # ------------------------------------------------------------------- export
    def export_to(self, path: Path) -> int | None:
        """Write the camera list; the number of cameras, or None (message shown)."""
        try:
            self._policy.authorize(self._actor)
            count = self._inventory.export_csv(path)
            self._policy.record(self._actor, CameraAuditAction.EXPORTED, "camera_list",
                                path.name, {"cameras": count})
        except PermissionDenied as exc:
            self.export_label.setText(exc.user_message)
            return None
        except (OSError, StorageError) as exc:
            self.export_label.setText(self.tr("Could not write {name}: {reason}").format(
                name=path.name, reason=str(exc)))
            return None
        self.export_label.setText(self.tr("{count} cameras written to {name}.").format(
            count=count, name=path.name))
        return count

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the camera list"),
                                              "cameras.csv", self.tr("CSV files (*.csv)"))
        if name:
            self.export_to(Path(name))

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Camera list to import"), "",
                                              self.tr("CSV files (*.csv *.txt)"))
        if name:
            self.path_edit.setText(name)

    def _on_path_edit_text_changed(self, _text: str) -> None:
        self._checked_digest = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_path = self._path() is not None
        self.check_button.setEnabled(has_path and not self._busy)
        self.import_button.setEnabled(has_path and not self._busy
                                      and self._checked_digest is not None)
        self.export_button.setEnabled(not self._busy)

    def done(self, result: int) -> None:
        self._executor.shutdown(wait=True)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._executor.shutdown(wait=True)
        super().closeEvent(event)
