"""Health dashboard: cameras per state, the broken-camera list, uptime and stream history of
the selected camera, and "Probe now".

Everything is loaded by one background call per refresh (BackgroundRunner), on a timer that
runs only while the dashboard is visible: a duty room leaves it open for days, and repainting
per probe or per event would only cost CPU. State changes found by a sweep already become
Event rows in HealthMonitor (kind "camera_state_changed"), which the event list shows.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cameras.health import BROKEN, DEGRADED, NEVER_CONNECTED
from app.cameras.probe import HealthMonitor, SweepProgress
from app.storage.types import utc_now
from ui.dashboards.background import BackgroundRunner
from ui.dashboards.health_charts import StateCountChart, StreamHistoryChart, UptimeChart
from ui.dashboards.health_data import CameraHistory, DashboardSnapshot, HealthDashboardData
from ui.dashboards.health_states import state_label
from ui.dashboards.problem_table import CAMERA_ID_ROLE, ProblemFilterProxy, ProblemTableModel

log = logging.getLogger(__name__)

REFRESH_INTERVAL_MS = 30_000  # samples arrive every few minutes; 30 s is fresh enough


def encode_sweep_progress(progress: SweepProgress) -> str:
    """FutureWatcher relays text only: done, total and camera name separated by tabs."""
    return f"{progress.done}\t{progress.total}\t{progress.camera_name}"


class HealthDashboard(QWidget):
    camera_activated = Signal(int)  # show this camera on the wall
    ticket_requested = Signal(int)  # open a maintenance ticket for this camera

    def __init__(self, data: HealthDashboardData, monitor: HealthMonitor | None = None, *,
                 runner: BackgroundRunner | None = None,
                 refresh_interval_ms: int = REFRESH_INTERVAL_MS,
                 clock: Callable[[], datetime] = utc_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthDashboard")
        self._data = data
        self._monitor = monitor
        self._clock = clock
        self._runner = runner or BackgroundRunner(parent=self, name="health-dashboard")
        self._sweeps = BackgroundRunner(parent=self, name="health-sweep")
        self._loading = False
        self._history_loading = False
        self._snapshot: DashboardSnapshot | None = None
        self._selected: int | None = None
        self._sweep_cancel: threading.Event | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_sweep_progress: tuple[int, int] | None = None  # (done, total)
        self.last_error = ""

        self.probe_button = QPushButton()
        self.probe_button.clicked.connect(self.probe_now)
        self.probe_button.setEnabled(monitor is not None)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.updated_label = QLabel()
        self.camera_combo = QComboBox()
        self.camera_combo.setMinimumContentsLength(24)
        self.camera_combo.currentIndexChanged.connect(self._on_camera_combo_changed)
        self.range_combo = QComboBox()
        self.range_combo.currentIndexChanged.connect(self._on_range_combo_changed)

        self.counts_chart = StateCountChart()
        self.counts_chart.setMinimumHeight(190)
        self.state_filter = QComboBox()
        self.state_filter.currentIndexChanged.connect(self._on_state_filter_changed)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.problem_model = ProblemTableModel(self)
        self.problem_proxy = ProblemFilterProxy(self)
        self.problem_proxy.setSourceModel(self.problem_model)
        self.problem_view = QTableView()
        self.problem_view.setObjectName("brokenCameraList")
        self.problem_view.setModel(self.problem_proxy)
        self.problem_view.setSortingEnabled(True)
        self.problem_view.sortByColumn(ProblemTableModel.SINCE, Qt.SortOrder.AscendingOrder)
        self.problem_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problem_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_view.verticalHeader().hide()
        header = self.problem_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemTableModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.problem_view.selectionModel().currentRowChanged.connect(self._on_problem_row_changed)
        self.problem_view.doubleClicked.connect(self._on_problem_double_clicked)
        self.ticket_button = QPushButton()
        self.ticket_button.clicked.connect(self._on_ticket_button_clicked)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self._on_show_button_clicked)

        self.uptime_chart = UptimeChart()
        self.history_chart = StreamHistoryChart()

        top = QHBoxLayout()
        top.addWidget(self.probe_button)
        top.addWidget(self.refresh_button)
        top.addWidget(self.updated_label, 1)
        self.camera_caption = QLabel()
        top.addWidget(self.camera_caption)
        top.addWidget(self.camera_combo)
        top.addWidget(self.range_combo)
        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ticket_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.counts_chart)
        self.list_caption = QLabel()
        left_column.addWidget(self.list_caption)
        left_column.addLayout(filters)
        left_column.addWidget(self.problem_view, 1)
        left_column.addLayout(buttons)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.uptime_chart, 2)
        right_column.addWidget(self.history_chart, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([840, 560])  # chart widgets hint small sizes; share the width
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(refresh_interval_ms)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self._update_buttons()

    # ------------------------------------------------------------------------ translation
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Camera health"))
        self.probe_button.setText(self.tr("Probe now"))
        self.probe_button.setToolTip(self.tr("Check every enabled camera now")
                                     if self._monitor is not None else
                                     self.tr("The health monitor is not running"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.camera_caption.setText(self.tr("Camera:"))
        self.list_caption.setText(self.tr("Cameras with problems"))
        self.search.setPlaceholderText(self.tr("Filter by camera, site or reason…"))
        self.ticket_button.setText(self.tr("Open ticket…"))
        self.show_button.setText(self.tr("Show on wall"))
        with _blocked(self.range_combo):
            index = max(self.range_combo.currentIndex(), 0)
            self.range_combo.clear()
            self.range_combo.addItem(self.tr("Last 7 days"), 7)
            self.range_combo.addItem(self.tr("Last 30 days"), 30)
            self.range_combo.setCurrentIndex(index)
        with _blocked(self.state_filter):
            index = max(self.state_filter.currentIndex(), 0)
            self.state_filter.clear()
            self.state_filter.addItem(state_label(BROKEN), BROKEN)
            self.state_filter.addItem(state_label(DEGRADED), DEGRADED)
            self.state_filter.addItem(state_label(NEVER_CONNECTED), NEVER_CONNECTED)
            self.state_filter.addItem(self.tr("All problems"), "")
            self.state_filter.setCurrentIndex(index)
        self.problem_proxy.set_state(self.state_filter.currentData() or "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------------- loading
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    @property
    def loading(self) -> bool:
        return self._loading or self._history_loading

    def refresh(self) -> None:
        """Reload counts and the list (and the selected camera's history) in the background."""
        if self._loading:
            return  # the previous refresh is still running: never pile up queries
        self._loading = True
        self._runner.run(self._data.snapshot, self._clock(), on_done=self._on_snapshot_loaded,
                         on_failed=self._on_load_failed)
        self._load_history()

    def _load_history(self) -> None:
        if self._selected is None or self._history_loading:
            return
        self._history_loading = True
        self._runner.run(self._data.history, self._selected, self.selected_days,
                         self._clock(), on_done=self._on_history_loaded,
                         on_failed=self._on_load_failed)

    @property
    def selected_days(self) -> int:
        return int(self.range_combo.currentData() or 7)

    @property
    def selected_camera(self) -> int | None:
        return self._selected

    def _on_snapshot_loaded(self, snapshot: object) -> None:
        self._loading = False
        assert isinstance(snapshot, DashboardSnapshot)
        self._snapshot = snapshot
        self.last_error = ""
        self.counts_chart.set_counts(snapshot.counts)
        selected_row = self._current_problem_camera()
        self.problem_model.set_rows(snapshot.problems)
        self._reselect_problem(selected_row)
        with _blocked(self.camera_combo):
            self.camera_combo.clear()
            for camera_id, name in snapshot.cameras:
                self.camera_combo.addItem(name, camera_id)
        ids = [camera_id for camera_id, _ in snapshot.cameras]
        if self._selected not in ids:
            first_problem = snapshot.problems[0].camera_id if snapshot.problems else None
            self.select_camera(first_problem if first_problem is not None
                               else (ids[0] if ids else None))
        else:
            self.camera_combo.setCurrentIndex(ids.index(self._selected))
        self.updated_label.setText(self.tr("Updated {time}").format(
            time=snapshot.taken_at.astimezone().strftime("%H:%M:%S")))
        self._update_buttons()

    def _on_history_loaded(self, history: object) -> None:
        self._history_loading = False
        assert isinstance(history, CameraHistory)
        if history.camera_id != self._selected or history.days != self.selected_days:
            self._load_history()  # the selection moved on while this was loading
            return
        self.uptime_chart.set_days(history.uptime, self.camera_combo.currentText())
        self.history_chart.set_samples(history.samples)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = self._history_loading = False
        self.last_error = str(exc)
        log.error("health dashboard refresh failed: %s", exc)
        self.updated_label.setText(self.tr("Cannot load the health data: {error}").format(
            error=str(exc)))

    # ------------------------------------------------------------------------ selection
    def select_camera(self, camera_id: int | None) -> None:
        self._selected = camera_id
        index = self.camera_combo.findData(camera_id) if camera_id is not None else -1
        with _blocked(self.camera_combo):
            self.camera_combo.setCurrentIndex(index)
        self._load_history()

    def _on_camera_combo_changed(self, index: int) -> None:
        camera_id = self.camera_combo.itemData(index)
        if camera_id is not None and camera_id != self._selected:
            self.select_camera(int(camera_id))

    def _on_range_combo_changed(self, _index: int) -> None:
        self._load_history()

    def _on_state_filter_changed(self, _index: int) -> None:
        self.problem_proxy.set_state(self.state_filter.currentData() or "")
        self._update_buttons()

    def _on_search_changed(self, text: str) -> None:
        self.problem_proxy.set_text(text)
        self._update_buttons()

    def _current_problem_camera(self) -> int | None:
        index = self.problem_view.currentIndex()
        return index.data(CAMERA_ID_ROLE) if index.isValid() else None

    def _reselect_problem(self, camera_id: int | None) -> None:
        if camera_id is None:
            return
        for row in range(self.problem_proxy.rowCount()):
            index = self.problem_proxy.index(row, 0)
            if index.data(CAMERA_ID_ROLE) == camera_id:
                self.problem_view.setCurrentIndex(index)
                return

    def _on_problem_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        camera_id = current.data(CAMERA_ID_ROLE) if current.isValid() else None
        if camera_id is not None and camera_id != self._selected:
            self.select_camera(int(camera_id))
        self._update_buttons()

    def _on_problem_double_clicked(self, index: QModelIndex) -> None:
        camera_id = index.data(CAMERA_ID_ROLE)
        if camera_id is not None:
            self.camera_activated.emit(int(camera_id))

    def _on_ticket_button_clicked(self) -> None:
        camera_id = self._current_problem_camera()
        if camera_id is not None:
            self.ticket_requested.emit(int(camera_id))

    def _on_show_button_clicked(self) -> None:
        camera_id = self._current_problem_camera()
        if camera_id is not None:
            self.camera_activated.emit(int(camera_id))

    def _update_buttons(self) -> None:
        has_row = self.problem_view.currentIndex().isValid()
        self.ticket_button.setEnabled(has_row)
        self.show_button.setEnabled(has_row)

    # ------------------------------------------------------------------------ probe now
    def probe_now(self) -> QProgressDialog | None:
        """Sweep every enabled camera now, with a progress dialog that can cancel."""
        if self._monitor is None or self._sweep_cancel is not None:
            return None
        cancel = threading.Event()
        self._sweep_cancel = cancel
        dialog = QProgressDialog(self.tr("Checking the cameras…"), self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(self.tr("Probe now"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        self.progress_dialog = dialog
        self.probe_button.setEnabled(False)
        monitor = self._monitor

        def sweep(post: Callable[[str], None]) -> int:
            samples = monitor.sweep_once(lambda p: post(encode_sweep_progress(p)), cancel)
            return len(samples)

        self._sweeps.run(sweep, with_progress=True, on_progress=self._on_sweep_progress,
                         on_done=self._on_sweep_finished, on_failed=self._on_sweep_failed)
        dialog.show()
        return dialog

    def _on_sweep_progress(self, text: str) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        done, total, name = (text.split("\t", 2) + ["", "", ""])[:3]
        dialog.setLabelText(self.tr("Checked {done} of {total}: {camera}").format(
            done=done, total=total, camera=name))
        if done.isdigit() and total.isdigit():
            self.last_sweep_progress = (int(done), int(total))
            dialog.setMaximum(int(total))
            # Last: a modal progress dialog processes events in setValue, and the sweep may
            # finish (closing the dialog) in there.
            dialog.setValue(int(done))

    def _end_sweep(self) -> None:
        self._sweep_cancel = None
        self.probe_button.setEnabled(self._monitor is not None)
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_sweep_finished(self, checked: object) -> None:
        self._end_sweep()
        self.updated_label.setText(self.tr("{count} camera(s) checked").format(count=checked))
        self.refresh()

    def _on_sweep_failed(self, exc: BaseException) -> None:
        self._end_sweep()
        log.error("probe now failed: %s", exc)
        QMessageBox.warning(self, self.tr("Probe now"),
                            self.tr("The cameras could not be checked: {error}").format(
                                error=str(exc)))

    # ------------------------------------------------------------------------- shutdown
    def shutdown(self) -> None:
        """Stop the timer, cancel a running sweep and end the worker threads."""
        self.timer.stop()
        if self._sweep_cancel is not None:
            self._sweep_cancel.set()
        self._sweeps.shutdown()
        self._runner.shutdown()


class HealthDashboardDock(QDockWidget):
    """The dashboard as a dock of the main window."""

    def __init__(self, dashboard: HealthDashboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthDashboardDock")
        self.dashboard = dashboard
        self.setWidget(dashboard)
        self.setWindowTitle(dashboard.windowTitle())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.dashboard.windowTitle())
        super().changeEvent(event)


class _blocked:
    """Context manager: no signals from `widget` inside the block."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget

    def __enter__(self) -> None:
        self._previous = self._widget.blockSignals(True)

    def __exit__(self, *_exc: object) -> None:
        self._widget.blockSignals(self._previous)
