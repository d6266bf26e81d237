"""Export (evidence zip) and footage import dialogs; the work runs in the background."""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.recording.dto import ImportedFootageDTO, SourceRef
from app.recording.export import VIETNAM_TIME, ExportRequest, ExportResult, ExportService
from app.recording.imports import FootageImporter
from app.security.permissions import Principal
from ui.dashboards.background import BackgroundRunner


def _to_qt(when: datetime, zone: tzinfo) -> QDateTime:
    local = when.astimezone(zone)
    offset = int((local.utcoffset() or timedelta()).total_seconds())
    value = QDateTime(local.date(), local.time().replace(tzinfo=None),
                      QTimeZone.fromSecondsAheadOfUtc(offset))
    return value


def _from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def _datetime_edit(when: datetime, zone: tzinfo) -> QDateTimeEdit:
    edit = QDateTimeEdit(_to_qt(when, zone))
    edit.setDisplayFormat("dd/MM/yyyy HH:mm:ss")
    edit.setCalendarPopup(True)
    return edit


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(self, service: ExportService, principal: Callable[[], Principal | None],
                 sources: Sequence[tuple[SourceRef, str]], start: datetime, end: datetime,
                 destination_dir: Path, parent: QWidget | None = None, *,
                 display_tz: tzinfo = VIETNAM_TIME) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export evidence"))
        self._service = service
        self._principal = principal
        self._tz = display_tz
        self._runner = BackgroundRunner(parent=self, name="export")
        self._cancel = threading.Event()
        self.result_value: ExportResult | None = None
        form = QFormLayout()
        self.start_edit = _datetime_edit(start, display_tz)
        self.end_edit = _datetime_edit(end, display_tz)
        form.addRow(self.tr("From"), self.start_edit)
        form.addRow(self.tr("To"), self.end_edit)
        self.sources = QListWidget()
        for source, name in sources:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, source)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.sources.addItem(item)
        self.sources.setMaximumHeight(110)
        form.addRow(self.tr("Cameras"), self.sources)
        self.case_number = QLineEdit()
        form.addRow(self.tr("Case number"), self.case_number)
        self.burn_timestamp = QCheckBox(self.tr("Burn the date and time into the picture"))
        self.watermark = QCheckBox(self.tr("Watermark with my name and the export time"))
        form.addRow("", self.burn_timestamp)
        form.addRow("", self.watermark)
        stamp = start.astimezone(display_tz).strftime("%Y%m%d-%H%M%S")
        self.destination = QLineEdit(str(destination_dir / f"export-{stamp}.zip"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Save as"), row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    @property
    def running(self) -> bool:
        return self._runner.busy

    def request(self) -> ExportRequest:
        chosen = []
        for row in range(self.sources.count()):
            item = self.sources.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(item.data(Qt.ItemDataRole.UserRole))
        return ExportRequest(sources=tuple(chosen), start=_from_qt(self.start_edit.dateTime()),
                             end=_from_qt(self.end_edit.dateTime()),
                             destination=Path(self.destination.text().strip()).expanduser(),
                             case_number=self.case_number.text(),
                             burn_timestamp=self.burn_timestamp.isChecked(),
                             watermark=self.watermark.isChecked(), display_tz=self._tz)

    def start_export(self) -> None:
        if self.running:
            return
        if not self.destination.text().strip():
            self.status.setText(self.tr("Choose where to save the export."))
            return
        self._cancel.clear()
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Exporting…"))
        self._runner.run(self._export, self._principal(), self.request(), with_progress=True,
                         on_done=self._on_done, on_failed=self._on_failed,
                         on_progress=self._on_progress)

    def _export(self, actor: Principal | None, request: ExportRequest,
                post: Callable[[str], None]) -> ExportResult:
        return self._service.export(actor, request,
                                    lambda fraction, what: post(f"{fraction:.4f}|{what}"),
                                    self._cancel)

    def _on_progress(self, text: str) -> None:
        fraction, _sep, what = text.partition("|")
        self.progress.setValue(int(float(fraction) * 1000))
        self.status.setText(self.tr("Exporting {file}…").format(file=what))

    def _on_done(self, result: ExportResult) -> None:
        self.result_value = result
        self.progress.setValue(1000)
        self.export_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Close"))
        self.status.setText(self.tr("Saved {count} files with their checksums to:\n{path}")
                            .format(count=len(result.files), path=result.zip_path))
        self.exported.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText(str(exc))

    def _on_cancel_clicked(self) -> None:
        if self.running:
            self._cancel.set()
            self.status.setText(self.tr("Cancelling…"))
            return
        self.reject()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the export as"),
                                                    self.destination.text(), "ZIP (*.zip)")
        if path:
            self.destination.setText(path if path.lower().endswith(".zip") else path + ".zip")

    def done(self, code: int) -> None:
        if self.running:
            self._cancel.set()
        self._runner.shutdown()
        super().done(code)


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportedFootageDTO

    def __init__(self, importer: FootageImporter, principal: Callable[[], Principal | None],
                 parent: QWidget | None = None, *, display_tz: tzinfo = VIETNAM_TIME) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import footage"))
        self._importer = importer
        self._principal = principal
        self._runner = BackgroundRunner(parent=self, name="import")
        self.result_value: ImportedFootageDTO | None = None
        form = QFormLayout()
        self.file = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Video file"), row)
        self.owner = QLineEdit()
        self.owner.setPlaceholderText(self.tr("Who handed it over"))
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("Dashcam, shop camera, other agency…"))
        self.location = QLineEdit()
        form.addRow(self.tr("Owner"), self.owner)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Location"), self.location)
        self.use_file_time = QCheckBox(self.tr("Use the start time stored in the file"))
        self.start = _datetime_edit(datetime.now(UTC), display_tz)
        self.use_file_time.toggled.connect(lambda on: self.start.setEnabled(not on))
        form.addRow(self.tr("Start on the device clock"), self.start)
        form.addRow("", self.use_file_time)
        self.offset = QDoubleSpinBox()
        self.offset.setRange(-86400.0 * 365, 86400.0 * 365)
        self.offset.setDecimals(1)
        self.offset.setSuffix(self.tr(" s"))
        self.offset.setToolTip(self.tr("Seconds to add to the device clock to get the true "
                                       "time (negative when the device clock runs ahead)."))
        form.addRow(self.tr("Clock offset"), self.offset)
        self.notes = QLineEdit()
        form.addRow(self.tr("Notes"), self.notes)
        self.busy = QProgressBar()
        self.busy.setRange(0, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(self.tr("Import"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start_import)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    @property
    def running(self) -> bool:
        return self._runner.busy

    def start_import(self) -> None:
        if self.running:
            return
        path = Path(self.file.text().strip()).expanduser()
        if not self.file.text().strip():
            self.status.setText(self.tr("Choose the video file to import."))
            return
        start = None if self.use_file_time.isChecked() else _from_qt(self.start.dateTime())
        self.import_button.setEnabled(False)
        self.busy.setRange(0, 0)  # copying and hashing: no steps to count
        self.status.setText(self.tr("Checking, copying and hashing the file…"))
        self._runner.run(_import, self._importer, self._principal(), path, self.owner.text(),
                         self.source.text(), self.location.text(), self.offset.value(), start,
                         self.notes.text(), on_done=self._on_done, on_failed=self._on_failed)

    def _on_done(self, footage: ImportedFootageDTO) -> None:
        self.result_value = footage
        self._idle()
        self.status.setText(self.tr("Imported as number {id}; it is now on the timeline.")
                            .format(id=footage.id))
        self.imported.emit(footage)

    def _on_failed(self, exc: BaseException) -> None:
        self._idle()
        self.status.setText(str(exc))

    def _idle(self) -> None:
        self.busy.setRange(0, 1)
        self.import_button.setEnabled(True)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a video file"), self.file.text(),
            self.tr("Video files (*.mp4 *.mkv *.avi *.mov *.ts *.m4v);;All files (*)"))
        if path:
            self.file.setText(path)

    def done(self, code: int) -> None:
        self._runner.shutdown()
        super().done(code)


def _import(importer: FootageImporter, actor: Principal | None, path: Path, owner: str,
            source: str, location: str, offset: float, start: datetime | None,
            notes: str) -> ImportedFootageDTO:
    return importer.add(actor, path, owner=owner, source=source, location=location,
                        clock_offset_s=offset, start_at=start, notes=notes)
