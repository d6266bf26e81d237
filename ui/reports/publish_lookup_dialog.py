"""Publish the citizens' look-up data (LookupPublisher) into a folder, with progress/cancel."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.lookup_export import LookupExportError, LookupExportResult, LookupPublisher
from app.security.permissions import PermissionDenied, Principal
from ui.widgets.worker_dialog import CountWatcher, WorkerDialog

log = logging.getLogger(__name__)


class PublishLookupDialog(WorkerDialog):
    def __init__(self, publisher: LookupPublisher, principal: Principal | None, *,
                 default_folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__("lookup", parent)
        self.setObjectName("publishLookupDialog")
        self.setWindowTitle(self.tr("Publish look-up data"))
        self._publisher = publisher
        self._principal = principal
        self._watcher: CountWatcher | None = None
        self.result_value: LookupExportResult | None = None

        explain = QLabel(self.tr(
            "Approved violations are written to the folder with a search page (index.html) "
            "for citizens. Bystanders and other vehicles are blurred; no internal data is "
            "included. The folder is replaced as a whole."))
        explain.setWordWrap(True)
        self.folder_edit = QLineEdit(str(default_folder or Path.home() / "tra-cuu-vi-pham"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.setValue(0)
        self.status_label = QLabel()
        self.status_label.setObjectName("lookupStatus")
        self.status_label.setWordWrap(True)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(lambda: self.start())
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.resize(520, 200)

    @property
    def running(self) -> bool:
        return self._watcher is not None

    def start(self, folder: Path | None = None) -> None:
        if self.running:
            return
        text = str(folder) if folder is not None else self.folder_edit.text().strip()
        if not text:
            self.status_label.setText(self.tr("Choose a folder."))
            return
        self._cancel.clear()
        self.publish_button.setEnabled(False)
        self.status_label.setText(self.tr("Publishing…"))
        watcher = CountWatcher(self)
        watcher.counts.connect(self._on_worker_counts)
        watcher.finished.connect(self._on_worker_finished)
        watcher.failed.connect(self._on_worker_failed)
        self._watcher = watcher
        watcher.watch(self._executor.submit(
            self._publisher.publish, self._principal, Path(text),
            progress=watcher.post_counts, cancelled=self._cancel.is_set))

    def _on_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the look-up data"),
                                                self.folder_edit.text())
        if path:
            self.folder_edit.setText(path)

    def _on_cancel_clicked(self) -> None:
        if self.running:
            self._cancel.set()
            self.status_label.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def _on_worker_counts(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_worker_finished(self, result: object) -> None:
        self._watcher = None
        self.publish_button.setEnabled(True)
        assert isinstance(result, LookupExportResult)
        self.result_value = result
        if result.cancelled:
            self.status_label.setText(self.tr("Cancelled; the folder was left as it was."))
            return
        self.status_label.setText(self.tr(
            "{records} violation(s) and {images} picture(s) published; {withheld} picture(s) "
            "withheld because no privacy region was marked; {skipped} case(s) skipped.")
            .format(records=result.records, images=result.images,
                    withheld=result.withheld_images, skipped=result.skipped))

    def _on_worker_failed(self, exc: object) -> None:
        self._watcher = None
        self.publish_button.setEnabled(True)
        if isinstance(exc, (LookupExportError, PermissionDenied)):
            self.status_label.setText(exc.user_message)
        else:
            log.error("publishing look-up data failed", exc_info=exc if isinstance(
                exc, BaseException) else None)
            self.status_label.setText(self.tr("Publishing failed unexpectedly; see the log."))
