"""Print notices of violation for the chosen cases, into one PDF or a folder.

The printing runs on a worker thread (NoticePrinter.print_batch); the dialog shows its
progress and a Cancel button that stops it between notices or pages, leaving no half file.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.notice import NoticeError
from app.reports.notice_printing import NoticePrinter, PrintResult
from app.security.permissions import PermissionDenied, Principal
from ui.widgets.worker_dialog import CountWatcher, WorkerDialog

log = logging.getLogger(__name__)


class PrintNoticesDialog(WorkerDialog):
    def __init__(self, printer: NoticePrinter, principal: Principal | None,
                 violation_ids: Sequence[int], *, default_folder: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("notices", parent)
        self.setObjectName("printNoticesDialog")
        self.setWindowTitle(self.tr("Print notices"))
        self._printer = printer
        self._principal = principal
        self._ids = list(violation_ids)
        self._folder = default_folder or Path.home()
        self._watcher: CountWatcher | None = None
        self.result_value: PrintResult | None = None
        self.error_text = ""

        intro = QLabel(self.tr("{count} violation(s) selected.").format(count=len(self._ids)))
        self.single_radio = QRadioButton(self.tr("All notices in one PDF file"))
        self.folder_radio = QRadioButton(self.tr("One PDF file per notice, in a folder"))
        self.single_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.single_radio)
        group.addButton(self.folder_radio)
        self.single_radio.toggled.connect(self._on_mode_toggled)
        self.target_edit = QLineEdit(str(self._folder / "thong-bao-vi-pham.pdf"))
        self.target_edit.setObjectName("noticeTarget")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(browse)

        self.progress = QProgressBar()
        self.progress.setObjectName("noticeProgress")
        self.progress.setRange(0, max(1, len(self._ids)))
        self.progress.setValue(0)
        self.status_label = QLabel()
        self.status_label.setObjectName("noticeStatus")
        self.status_label.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(lambda: self.start())
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        for widget in (intro, self.single_radio, self.folder_radio):
            layout.addWidget(widget)
        layout.addLayout(target_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self.resize(560, 300)

    @property
    def running(self) -> bool:
        return self._watcher is not None

    def start(self, target: Path | None = None) -> None:
        """Start printing (to ``target`` or the path typed in the dialog)."""
        if self.running:
            return
        text = str(target) if target is not None else self.target_edit.text().strip()
        if not text:
            self.status_label.setText(self.tr("Choose where to save the notices."))
            return
        self._cancel.clear()
        self.result_value, self.error_text = None, ""
        self.details.setVisible(False)
        self.progress.setValue(0)
        self.print_button.setEnabled(False)
        self.status_label.setText(self.tr("Printing…"))
        watcher = CountWatcher(self)
        watcher.counts.connect(self._on_worker_counts)
        watcher.finished.connect(self._on_worker_finished)
        watcher.failed.connect(self._on_worker_failed)
        self._watcher = watcher
        watcher.watch(self._executor.submit(
            self._printer.print_batch, self._principal, self._ids, Path(text),
            single_file=self.single_radio.isChecked(), progress=watcher.post_counts,
            cancelled=self._cancel.is_set))

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.status_label.setText(self.tr("Cancelling…"))

    # ------------------------------------------------------------------ slots
    def _on_mode_toggled(self, single: bool) -> None:
        current = Path(self.target_edit.text().strip() or str(self._folder))
        if single and current.suffix.lower() != ".pdf":
            self.target_edit.setText(str(current / "thong-bao-vi-pham.pdf"))
        elif not single and current.suffix.lower() == ".pdf":
            self.target_edit.setText(str(current.parent))

    def _on_browse_clicked(self) -> None:
        if self.single_radio.isChecked():
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save notices as"),
                                                  self.target_edit.text(),
                                                  self.tr("PDF files (*.pdf)"))
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the notices"),
                                                    self.target_edit.text())
        if path:
            self.target_edit.setText(path)

    def _on_cancel_clicked(self) -> None:
        if self.running:
            self.cancel()
        else:
            self.reject()

    def _on_worker_counts(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status_label.setText(self.tr("Printing notice {done} of {total}…").format(
            done=min(done + 1, total), total=total))

    def _on_worker_finished(self, result: object) -> None:
        self._watcher = None
        self.print_button.setEnabled(True)
        assert isinstance(result, PrintResult)
        self.result_value = result
        if result.cancelled:
            text = self.tr("Cancelled. {printed} notice(s) were printed before stopping; no "
                           "partial file was left.").format(printed=len(result.printed))
        else:
            text = self.tr("{printed} notice(s) printed.").format(printed=len(result.printed))
            self.progress.setValue(self.progress.maximum())
        if result.skipped:
            text += " " + self.tr("{skipped} skipped (see below).").format(
                skipped=len(result.skipped))
            self.details.setPlainText("\n".join(f"#{vid}: {why}" for vid, why in result.skipped))
            self.details.setVisible(True)
        self.status_label.setText(text)

    def _on_worker_failed(self, exc: object) -> None:
        self._watcher = None
        self.print_button.setEnabled(True)
        if isinstance(exc, (NoticeError, PermissionDenied)):
            self.error_text = exc.user_message
        else:
            log.error("printing notices failed", exc_info=exc if isinstance(
                exc, BaseException) else None)
            self.error_text = self.tr("Printing failed unexpectedly; see the log.")
        self.status_label.setText(self.error_text)
