"""The Models page: installed model bundles, the inference device, latency measurement and
installation from a folder (air-gapped sites bring bundles on a USB stick).

Measuring and installing run in the background with a busy indicator; the page says when
analytics is off because no road-user detector is installed.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.cache import CompiledModelCache
from app.models.errors import ModelStoreError
from app.models.store import BundleInfo, InstallReport, ModelStore
from app.security.permissions import Permission, PermissionDenied, Principal, require
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)

ROAD_USERS_TASK = "detection.road_users"
COLUMNS = ("name", "task", "licence", "source", "size", "latency")


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


class ModelsPage(QWidget):
    def __init__(self, store: ModelStore, cache: CompiledModelCache, *,
                 analytics: Any = None,
                 principal: Callable[[], Principal | None] | None = None,
                 parent: QWidget | None = None) -> None:
        """``analytics``: the AnalyticsService, whose device follows the choice here."""
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self._store = store
        self._cache = cache
        self._analytics = analytics
        self._principal = principal
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="models")
        self._watcher = FutureWatcher(self)
        self._on_done: Callable[[object], None] | None = None
        self._watcher.finished.connect(self._on_watcher_finished)
        self._watcher.failed.connect(self._on_watcher_failed)
        self.latencies: dict[tuple[str, str], float] = {}

        self.banner = QLabel()
        self.banner.setObjectName("analyticsBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #5a1e1e; color: #ffdcd7; padding: 8px;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("modelTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Task"), self.tr("Licence"), self.tr("Source"),
            self.tr("Size"), self.tr("Latency")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.device = QComboBox()
        self.device.setObjectName("device")
        self.device.addItems(cache.devices())
        if analytics is not None and self.device.findText(analytics.device) >= 0:
            self.device.setCurrentText(analytics.device)
        self.device.currentTextChanged.connect(self._on_device_changed)
        self.measure_button = QPushButton(self.tr("Measure latency"))
        self.measure_button.setObjectName("measureLatency")
        self.measure_button.clicked.connect(lambda: self.measure_selected())
        self.install_button = QPushButton(self.tr("Install from folder…"))
        self.install_button.clicked.connect(self._on_install_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: neither job reports a fraction
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("modelsStatus")
        self.status.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setObjectName("installReport")
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(110)
        self.report.hide()

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Device")))
        controls.addWidget(self.device)
        controls.addWidget(self.measure_button)
        controls.addStretch(1)
        controls.addWidget(self.progress)
        controls.addWidget(self.install_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.report)
        self.refresh()

    # Listing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            bundles = self._store.list()
        except (ModelStoreError, OSError) as exc:
            self.status.setText(self.tr("The model folder cannot be read: {error}").format(
                error=exc))
            bundles = []
        self.bundles = bundles
        self.table.setRowCount(len(bundles))
        for row, info in enumerate(bundles):
            self._fill_row(row, info)
        road_users = any(b.task == ROAD_USERS_TASK for b in bundles)
        self.banner.setText(self.tr(
            "Analytics is disabled: no road-user detection model is installed. Install a "
            "model bundle (Install from folder…) to count traffic and find violations."))
        self.banner.setVisible(not road_users)
        if bundles and not self.table.selectedItems():
            self.table.selectRow(0)

    def _fill_row(self, row: int, info: BundleInfo) -> None:
        hosts = sorted({urlsplit(url).hostname or url for url in info.source.values()})
        latency = self.latencies.get((info.name, self.device.currentText()))
        cells = (info.name, self._task_label(info.task), info.licence, ", ".join(hosts),
                 _size(info.size_bytes),
                 self.tr("{ms} ms").format(ms=f"{latency:.1f}") if latency is not None else "")
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if COLUMNS[column] == "source":
                item.setToolTip("\n".join(info.source.values()))
            elif COLUMNS[column] == "licence":
                item.setToolTip(text)  # long licences are elided in the stretched column
            if COLUMNS[column] in ("size", "latency"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _task_label(self, task: str) -> str:
        labels = {
            "detection.road_users": self.tr("Road users (detection)"),
            "detection.vehicles": self.tr("Vehicles (detection)"),
            "detection.persons": self.tr("Persons (detection)"),
            "face.detection": self.tr("Faces (detection)"),
            "ocr.text_detection": self.tr("Plate text (detection)"),
            "ocr.text_recognition": self.tr("Plate text (recognition)"),
        }
        return labels.get(task, task)

    def selected_bundle(self) -> BundleInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.bundles[min(rows)] if rows else None

    # Background jobs ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._on_done is not None

    def _start(self, text: str, job: Callable[[], object],
               on_done: Callable[[object], None]) -> None:
        self._on_done = on_done
        self.measure_button.setEnabled(False)
        self.install_button.setEnabled(False)
        self.progress.show()
        self.status.setText(text)
        self._watcher.watch(self._executor.submit(job))  # type: ignore[arg-type]

    def _finish(self) -> Callable[[object], None] | None:
        on_done, self._on_done = self._on_done, None
        self.measure_button.setEnabled(True)
        self.install_button.setEnabled(True)
        self.progress.hide()
        return on_done

    def _on_watcher_finished(self, result: object) -> None:
        on_done = self._finish()
        if on_done is not None:
            on_done(result)

    def _on_watcher_failed(self, exc: object) -> None:
        self._finish()
        if not isinstance(exc, ModelStoreError | PermissionDenied | OSError):
            log.error("model job failed: %r", exc)
        self.status.setText(self.tr("Failed: {error}").format(error=exc))

    def measure_selected(self) -> bool:
        info = self.selected_bundle()
        if info is None or self.busy:
            return False
        device = self.device.currentText()
        store, cache = self._store, self._cache

        def measure() -> float:
            return cache.measure_latency(store.get(info.name), device)

        def done(result: object) -> None:
            self.latencies[(info.name, device)] = float(result)  # type: ignore[arg-type]
            self.status.setText(self.tr("{name}: {ms} ms per inference on {device}.").format(
                name=info.name, ms=f"{float(result):.1f}", device=device))  # type: ignore[arg-type]
            self.refresh()

        self._start(self.tr("Measuring {name} on {device}…").format(name=info.name,
                                                                   device=device),
                    measure, done)
        return True

    def install_from(self, folder: Path) -> bool:
        if self.busy:
            return False
        if self._principal is not None:
            try:
                require(self._principal(), Permission.MANAGE_MODELS)
            except PermissionDenied as exc:
                self.status.setText(str(exc))
                return False
        store = self._store
        self._start(self.tr("Installing from {folder}…").format(folder=folder),
                    lambda: store.install_from_folder(folder), self._show_report)
        return True

    def _show_report(self, result: object) -> None:
        report: InstallReport = result  # type: ignore[assignment]
        lines: list[str] = []
        if report.installed:
            lines.append(self.tr("Installed: {names}").format(names=", ".join(report.installed)))
        if report.unchanged:
            lines.append(self.tr("Already installed: {names}").format(
                names=", ".join(report.unchanged)))
        lines += [self.tr("Refused {name}: {reason}").format(name=r.bundle, reason=r.reason)
                  for r in report.refused]
        lines += list(report.notes)
        self.report.setPlainText("\n".join(lines) or self.tr("Nothing to install."))
        self.report.show()
        self.status.setText(self.tr("Installation finished.") if report.ok
                            else self.tr("Some bundles were refused; see the report."))
        self.refresh()

    def _on_install_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with model bundles"))
        if folder:
            self.install_from(Path(folder))

    def _on_device_changed(self, device: str) -> None:
        if self._analytics is not None:
            self._analytics.device = device
            self.status.setText(self.tr("Analysis uses {device} from its next start.").format(
                device=device))
        self.refresh()

    def shutdown(self) -> None:
        """Called when the page closes: a running job finishes on its own; none is started."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class ModelsDialog(QDialog):
    def __init__(self, store: ModelStore, cache: CompiledModelCache, *, analytics: Any = None,
                 principal: Callable[[], Principal | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.resize(980, 520)
        self.page = ModelsPage(store, cache, analytics=analytics, principal=principal,
                               parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.page.shutdown()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.page.shutdown()
        super().done(result)
