"""Storage and integrity: what every recording channel is doing, how full the disk is, and the
maintenance actions (retention now, integrity check) run in the background (see jobs.py for
why their outcome is polled rather than signalled)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.recording.admin import ChannelState, RecordingAdmin, StorageSnapshot
from app.recording.integrity import IntegrityReport
from app.recording.recorder import RecorderState
from app.recording.retention import RetentionResult
from app.security.permissions import Permission, PermissionDenied, Principal
from app.storage.errors import StorageError
from ui.recording.jobs import PolledJobs

log = logging.getLogger(__name__)

REFRESH_MS = 2000
_GOOD, _WARN, _BAD, _IDLE = (QColor("#2e9e5b"), QColor("#c98a00"), QColor("#d64545"),
                             QColor("#8a8f98"))


def format_size(size: int | None) -> str:
    if size is None:
        return "—"
    for unit, shift in (("TB", 40), ("GB", 30), ("MB", 20), ("KB", 10)):
        if size >= 1 << shift:
            return QCoreApplication.translate("StorageStatusDialog", "{value} {unit}").format(
                value=f"{size / (1 << shift):.1f}", unit=unit)
    return QCoreApplication.translate("StorageStatusDialog", "{value} B").format(value=size)


def local_time(moment: datetime | None) -> str:
    return "—" if moment is None else moment.astimezone().strftime("%d/%m/%Y %H:%M:%S")


class StorageStatusDialog(QDialog):
    refreshed = Signal(object)  # StorageSnapshot
    retention_done = Signal(object)  # RetentionResult
    integrity_done = Signal(object)  # IntegrityReport

    def __init__(self, admin: RecordingAdmin, *, actor: Principal | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storageStatusDialog")
        self._admin, self._actor = admin, actor
        self._names: dict[int, str] = {}
        self._job_running = False
        self._closed = False
        self._status_jobs = PolledJobs(self, "rec-status")
        self._maintenance_jobs = PolledJobs(self, "rec-maint")
        self.snapshot: StorageSnapshot | None = None

        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.disk_bar = QProgressBar()
        self.disk_bar.setRange(0, 1000)
        self.recorded = QLabel()
        self.oldest = QLabel()
        self.held = QLabel()
        self.disk_box = QGroupBox()
        form = QFormLayout(self.disk_box)
        self._disk_labels = [QLabel() for _ in range(5)]
        for label, widget in zip(self._disk_labels, (self.folder, self.disk_bar, self.recorded,
                                                     self.oldest, self.held), strict=True):
            form.addRow(label, widget)

        self.channels = QTableWidget(0, 5)
        self.channels.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.channels.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.channels.verticalHeader().hide()
        header = self.channels.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.channels_box = QGroupBox()
        QVBoxLayout(self.channels_box).addWidget(self.channels)

        self.retention_button = QPushButton()
        self.retention_button.clicked.connect(self.run_retention)
        self.integrity_button = QPushButton()
        self.integrity_button.clicked.connect(self.check_integrity)
        self.verify_hashes = QCheckBox()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the core reports no steps: a busy bar
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(150)
        self.problems.hide()
        actions = QHBoxLayout()
        for widget in (self.retention_button, self.integrity_button, self.verify_hashes):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.progress)
        self.maintenance_box = QGroupBox()
        maintenance = QVBoxLayout(self.maintenance_box)
        maintenance.addLayout(actions)
        maintenance.addWidget(self.outcome)
        maintenance.addWidget(self.problems)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.disk_box)
        layout.addWidget(self.channels_box, 1)
        layout.addWidget(self.maintenance_box)
        layout.addWidget(self.buttons)
        self.resize(920, 660)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self._update_buttons()
        self.refresh()
        self.timer.start()

    # Public API ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the status in the background (a tick is skipped while one is running)."""
        if self._status_jobs.busy or self._closed:
            return
        self._status_jobs.submit(self._admin.snapshot, self._on_snapshot,
                                 self._on_refresh_failed)

    def run_retention(self) -> None:
        if self._job_running or self._closed:
            return
        admin, actor = self._admin, self._actor
        self._start_job(self.tr("Deleting footage past the retention limits…"),
                        lambda: admin.run_retention(actor), self._on_retention_done)

    def check_integrity(self) -> None:
        if self._job_running or self._closed:
            return
        admin, actor, verify = self._admin, self._actor, self.verify_hashes.isChecked()
        self._start_job(self.tr("Comparing the index with the files on disk…"),
                        lambda: admin.check_integrity(actor, verify), self._on_integrity_done)

    def problem_lines(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    # Building --------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Storage and integrity"))
        self.disk_box.setTitle(self.tr("Recordings folder"))
        for label, text in zip(self._disk_labels, (
                self.tr("Folder"), self.tr("Disk"), self.tr("Recordings"),
                self.tr("Oldest recording kept"), self.tr("Protected")), strict=True):
            label.setText(text)
        self.channels_box.setTitle(self.tr("Recording channels"))
        self.channels.setHorizontalHeaderLabels([
            self.tr("Camera"), self.tr("State"), self.tr("Current segment"), self.tr("Today"),
            self.tr("Reason")])
        self.maintenance_box.setTitle(self.tr("Maintenance"))
        self.retention_button.setText(self.tr("Run retention now"))
        self.retention_button.setToolTip(self.tr(
            "Delete footage older than the age limit or over the quota now, instead of at the "
            "next scheduled run. Held and protected footage is kept."))
        self.integrity_button.setText(self.tr("Check integrity"))
        self.verify_hashes.setText(self.tr("Also verify file hashes (slow)"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("Close"))

    def _state_text(self, channel: ChannelState) -> tuple[str, QColor]:
        status = channel.status
        if status is None:
            return self.tr("Not running"), _IDLE
        return {
            RecorderState.RECORDING: (self.tr("Recording"), _GOOD),
            RecorderState.WAITING: (self.tr("Waiting for the camera"), _WARN),
            RecorderState.IDLE: (self.tr("Starting"), _WARN),
            RecorderState.STOPPED: (self.tr("Stopped"), _IDLE),
            RecorderState.DISK_FULL: (self.tr("Disk full"), _BAD),
            RecorderState.FAILED: (self.tr("Error"), _BAD),
        }[status.state]

    def _show_snapshot(self, snapshot: StorageSnapshot) -> None:
        self.folder.setText(snapshot.root)
        if snapshot.disk_total:
            used = snapshot.disk_total - (snapshot.disk_free or 0)
            self.disk_bar.setValue(round(1000 * used / snapshot.disk_total))
            self.disk_bar.setFormat(self.tr("{free} free of {total}").format(
                free=format_size(snapshot.disk_free), total=format_size(snapshot.disk_total)))
        else:
            self.disk_bar.setValue(0)
            self.disk_bar.setFormat(self.tr("The folder cannot be read"))
        self.recorded.setText(self.tr("{size}, segments: {count}").format(
            size=format_size(snapshot.recorded_bytes), count=snapshot.segment_count))
        self.oldest.setText(local_time(snapshot.oldest))
        self.held.setText(self.tr("held ranges: {holds}, protected segments: {segments}")
                          .format(holds=snapshot.holds, segments=snapshot.protected_segments))
        self._names.update(snapshot.camera_names)
        self.channels.setRowCount(len(snapshot.channels))
        for row, channel in enumerate(snapshot.channels):
            state, colour = self._state_text(channel)
            status = channel.status
            current = Path(status.current_path).name if status and status.current_path else "—"
            today = self.tr("{size}, segments: {count}").format(
                size=format_size(channel.bytes_today), count=channel.segments_today)
            for column, text in enumerate((channel.camera_name, state, current, today,
                                           status.message if status else "")):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setForeground(QBrush(colour))
                self.channels.setItem(row, column, item)

    def _report_lines(self, report: IntegrityReport) -> list[str]:
        def name(camera_id: int) -> str:
            return self._names.get(camera_id, f"#{camera_id}")
        lines = [self.tr("Missing file: {camera}, {start} — {path}").format(
            camera=name(s.camera_id), start=local_time(s.start_at), path=s.path)
            for s in report.missing]
        lines += [self.tr("Empty file: {camera}, {start} — {path}").format(
            camera=name(s.camera_id), start=local_time(s.start_at), path=s.path)
            for s in report.zero_size]
        lines += [self.tr("Size differs: {path} (index {indexed}, disk {actual} bytes)").format(
            path=s.path, indexed=s.size_bytes, actual=size) for s, size in report.size_mismatch]
        lines += [self.tr("Hash differs (file changed): {path}").format(path=s.path)
                  for s in report.hash_mismatch]
        lines += [self.tr("Not in the index: {path}").format(path=path)
                  for path in report.unindexed]
        lines += [self.tr("Gap: {camera}, {start} – {end} ({seconds} s)").format(
            camera=name(g.camera_id), start=local_time(g.start), end=local_time(g.end),
            seconds=round(g.seconds)) for g in report.gaps]
        return lines

    # Background work -------------------------------------------------------------------------
    def _start_job(self, text: str, job: Callable[[], object],
                   done: Callable[[object], None]) -> None:
        self._job_running = True
        self._update_buttons()
        self.progress.show()
        self.outcome.setText(text)
        self._maintenance_jobs.submit(job, done, self._on_job_failed)

    def _end_job(self) -> None:
        self._job_running = False
        self.progress.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.retention_button.setEnabled(
            not self._job_running and self._admin.may(self._actor, Permission.CHANGE_SETTINGS))
        self.integrity_button.setEnabled(
            not self._job_running
            and self._admin.may(self._actor, Permission.MANAGE_MAINTENANCE))

    def _on_snapshot(self, snapshot: object) -> None:
        assert isinstance(snapshot, StorageSnapshot)
        self.snapshot = snapshot
        self._show_snapshot(snapshot)
        self.refreshed.emit(snapshot)

    def _on_refresh_failed(self, exc: object) -> None:
        log.warning("storage status not available: %s", exc)
        self.folder.setText(self.tr("The status cannot be read: {error}").format(error=str(exc)))

    def _on_retention_done(self, result: object) -> None:
        assert isinstance(result, RetentionResult)
        self._end_job()
        self.problems.hide()
        self.outcome.setText(self.tr(
            "Retention deleted {count} segments ({size}); {kept} old segments are kept because "
            "they are held. Recordings now use {remaining}.").format(
                count=len(result.deleted), size=format_size(result.freed_bytes),
                kept=result.kept_by_hold, remaining=format_size(result.remaining_bytes)))
        self.refresh()
        self.retention_done.emit(result)

    def _on_integrity_done(self, report: object) -> None:
        assert isinstance(report, IntegrityReport)
        self._end_job()
        found = [text.format(count=len(items)) for text, items in (
            (self.tr("missing files: {count}"), report.missing),
            (self.tr("empty files: {count}"), report.zero_size),
            (self.tr("files of another size: {count}"), report.size_mismatch),
            (self.tr("changed files: {count}"), report.hash_mismatch),
            (self.tr("files not in the index: {count}"), report.unindexed),
            (self.tr("gaps in the footage: {count}"), report.gaps)) if items]
        text = self.tr("Segments checked: {checked}.").format(checked=report.checked)
        text += " " + (self.tr("No damage found.") if report.ok else self.tr("Damage found:"))
        if found:
            text += " " + "; ".join(found) + "."
        self.outcome.setText(text)
        self.problems.clear()
        self.problems.addItems(self._report_lines(report))
        self.problems.setVisible(self.problems.count() > 0)
        self.integrity_done.emit(report)

    def _on_job_failed(self, exc: object) -> None:
        self._end_job()
        if isinstance(exc, PermissionDenied):
            self.outcome.setText(exc.user_message)
        elif isinstance(exc, (StorageError, OSError, ValueError)):
            self.outcome.setText(str(exc))
        else:
            log.error("storage maintenance failed", exc_info=exc)  # type: ignore[arg-type]
            self.outcome.setText(self.tr("The task failed. Details are in the log."))

    def _shutdown(self) -> None:
        self._closed = True
        self.timer.stop()
        self._status_jobs.shutdown()
        self._maintenance_jobs.shutdown()

    def done(self, result: int) -> None:
        self._shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._shutdown()
        super().closeEvent(event)
