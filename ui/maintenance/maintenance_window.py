"""Maintenance window: tickets (filters, open/edit/close) and preventive schedules.

Data is loaded in the background and reloaded on a timer while the window is visible; every
change goes through MaintenanceService (which checks the MANAGE_MAINTENANCE permission)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cameras.maintenance import STATUSES, MaintenanceService, ScheduleDTO, TicketDTO
from app.storage.dto import CameraDTO
from ui.dashboards.background import BackgroundRunner
from ui.maintenance.labels import status_label
from ui.maintenance.schedule_view import ScheduleTableModel
from ui.maintenance.ticket_dialog import TicketDialog
from ui.maintenance.ticket_list import (
    OPEN_FILTER,
    TICKET_ID_ROLE,
    TicketFilterProxy,
    TicketTableModel,
)

log = logging.getLogger(__name__)
REFRESH_INTERVAL_MS = 60_000


@dataclass(frozen=True)
class MaintenanceData:
    tickets: tuple[TicketDTO, ...]
    schedules: tuple[ScheduleDTO, ...]
    cameras: tuple[tuple[int, str], ...]


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class MaintenanceWindow(QWidget):
    overdue_count_changed = Signal(int)

    def __init__(self, service: MaintenanceService,
                 list_cameras: Callable[[], Sequence[CameraDTO]], *,
                 runner: BackgroundRunner | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceWindow")
        self._service = service
        self._list_cameras = list_cameras
        self._today = today
        self._runner = runner or BackgroundRunner(parent=self, name="maintenance")
        self._loading = False
        self._cameras: tuple[tuple[int, str], ...] = ()
        self.ticket_dialog: TicketDialog | None = None
        self.schedule_dialog: ScheduleDialog | None = None

        self.ticket_model = TicketTableModel(self)
        self.ticket_proxy = TicketFilterProxy(self)
        self.ticket_proxy.setSourceModel(self.ticket_model)
        self.ticket_view = _table(self.ticket_proxy)
        self.ticket_view.setSortingEnabled(True)
        self.ticket_view.sortByColumn(TicketTableModel.OPENED, Qt.SortOrder.DescendingOrder)
        self.ticket_view.doubleClicked.connect(lambda _i: self.edit_selected_ticket())
        self.status_filter = QComboBox()
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.ticket_proxy.set_status(self.status_filter.currentData()))
        self.camera_filter = QComboBox()
        self.camera_filter.currentIndexChanged.connect(
            lambda _i: self.ticket_proxy.set_camera(self.camera_filter.currentData()))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.ticket_proxy.set_text)
        self.new_ticket_button = QPushButton()
        self.new_ticket_button.clicked.connect(self._on_new_ticket_button_clicked)
        self.edit_ticket_button = QPushButton()
        self.edit_ticket_button.clicked.connect(self.edit_selected_ticket)

        self.schedule_model = ScheduleTableModel(self)
        self.schedule_view = _table(self.schedule_model)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdueLabel")
        self.set_schedule_button = QPushButton()
        self.set_schedule_button.clicked.connect(self.edit_schedule)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.mark_selected_done)

        tickets = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.camera_filter)
        filters.addWidget(self.search, 1)
        ticket_buttons = QHBoxLayout()
        ticket_buttons.addWidget(self.new_ticket_button)
        ticket_buttons.addWidget(self.edit_ticket_button)
        ticket_buttons.addStretch(1)
        column = QVBoxLayout(tickets)
        column.addLayout(filters)
        column.addWidget(self.ticket_view, 1)
        column.addLayout(ticket_buttons)
        schedules = QWidget()
        schedule_buttons = QHBoxLayout()
        schedule_buttons.addWidget(self.set_schedule_button)
        schedule_buttons.addWidget(self.done_button)
        schedule_buttons.addStretch(1)
        column = QVBoxLayout(schedules)
        column.addWidget(self.overdue_label)
        column.addWidget(self.schedule_view, 1)
        column.addLayout(schedule_buttons)
        self.tabs = QTabWidget()
        self.tabs.addTab(tickets, "")
        self.tabs.addTab(schedules, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self.resize(1100, 640)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Camera maintenance"))
        self.tabs.setTabText(0, self.tr("Tickets"))
        self.tabs.setTabText(1, self.tr("Schedule"))
        self.search.setPlaceholderText(self.tr("Filter by camera, problem, assignee or notes…"))
        self.new_ticket_button.setText(self.tr("New ticket…"))
        self.edit_ticket_button.setText(self.tr("Open / close ticket…"))
        self.set_schedule_button.setText(self.tr("Set schedule…"))
        self.done_button.setText(self.tr("Maintenance done today"))
        index = max(self.status_filter.currentIndex(), 0)
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("Open tickets"), OPEN_FILTER)
        self.status_filter.addItem(self.tr("All tickets"), "")
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.status_filter.setCurrentIndex(index)
        self.status_filter.blockSignals(False)
        self._fill_camera_filter()
        self._update_overdue_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    # ------------------------------------------------------------------------- loading
    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._runner.run(self._load, on_done=self._on_loaded, on_failed=self._on_failed)

    def _load(self) -> MaintenanceData:
        return MaintenanceData(tuple(self._service.tickets()), tuple(self._service.schedules()),
                               tuple((c.id, c.name) for c in self._list_cameras()))

    def _on_loaded(self, data: object) -> None:
        self._loading = False
        assert isinstance(data, MaintenanceData)
        self.ticket_model.set_tickets(data.tickets)
        self.schedule_model.set_schedules(data.schedules, self._today())
        if data.cameras != self._cameras:
            self._cameras = data.cameras
            self._fill_camera_filter()
        self._update_overdue_label()
        self.overdue_count_changed.emit(self.schedule_model.overdue_count)

    def _on_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._error(exc)

    def _error(self, exc: BaseException) -> None:
        message = getattr(exc, "user_message", None) or str(exc)
        log.warning("maintenance: %s", message)
        QMessageBox.warning(self, self.tr("Maintenance"), message)

    def _fill_camera_filter(self) -> None:
        current = self.camera_filter.currentData()
        self.camera_filter.blockSignals(True)
        self.camera_filter.clear()
        self.camera_filter.addItem(self.tr("All cameras"), None)
        for camera_id, name in self._cameras:
            self.camera_filter.addItem(name, camera_id)
        self.camera_filter.setCurrentIndex(max(self.camera_filter.findData(current), 0))
        self.camera_filter.blockSignals(False)

    def _update_overdue_label(self) -> None:
        count = self.schedule_model.overdue_count
        self.overdue_label.setText(self.tr("%n camera(s) overdue for maintenance", "", count)
                                   if count else self.tr("No maintenance is overdue."))
        self.overdue_label.setStyleSheet("color: #ff7b72; font-weight: bold;" if count else "")

    def _camera_name(self, camera_id: int) -> str:
        return dict(self._cameras).get(camera_id, f"#{camera_id}")

    # ------------------------------------------------------------------------- tickets
    def new_ticket_for_camera(self, camera_id: int) -> None:
        """Open a new ticket pre-filled with the camera's latest health problem."""
        def draft() -> tuple[str, str, str]:
            title, notes = self._service.draft_from_broken(camera_id)
            camera = next((c.name for c in self._list_cameras() if c.id == camera_id),
                          f"#{camera_id}")
            return title, notes, camera

        def show(result: object) -> None:
            title, notes, camera = cast(tuple[str, str, str], result)
            self._show_ticket_dialog(TicketDialog(
                self._service, self._runner, camera_id=camera_id, camera_name=camera,
                draft=(title, notes), parent=self))

        self._runner.run(draft, on_done=show, on_failed=self._error)

    def _on_new_ticket_button_clicked(self) -> None:
        camera_id = self.camera_filter.currentData()
        if camera_id is None:
            QMessageBox.information(self, self.tr("New ticket"),
                                    self.tr("Choose the camera in the camera filter first."))
            return
        self.new_ticket_for_camera(int(camera_id))

    def selected_ticket(self) -> TicketDTO | None:
        index = self.ticket_view.currentIndex()
        if not index.isValid():
            return None
        source = self.ticket_proxy.mapToSource(index)
        return self.ticket_model.row_at(source.row())

    def edit_selected_ticket(self) -> TicketDialog | None:
        ticket = self.selected_ticket()
        if ticket is None:
            return None
        return self.edit_ticket(ticket)

    def edit_ticket(self, ticket: TicketDTO) -> TicketDialog:
        return self._show_ticket_dialog(TicketDialog(
            self._service, self._runner, camera_id=ticket.camera_id,
            camera_name=ticket.camera_name, ticket=ticket, parent=self))

    def select_ticket(self, ticket_id: int) -> bool:
        for row in range(self.ticket_proxy.rowCount()):
            index = self.ticket_proxy.index(row, 0)
            if index.data(TICKET_ID_ROLE) == ticket_id:
                self.ticket_view.setCurrentIndex(index)
                return True
        return False

    def _show_ticket_dialog(self, dialog: TicketDialog) -> TicketDialog:
        if self.ticket_dialog is not None:
            self.ticket_dialog.close()
            self.ticket_dialog.deleteLater()
        self.ticket_dialog = dialog
        dialog.ticket_saved.connect(lambda _t: self.refresh())
        dialog.open()
        return dialog

    # ----------------------------------------------------------------------- schedules
    def selected_schedule(self) -> ScheduleDTO | None:
        index = self.schedule_view.currentIndex()
        return self.schedule_model.row_at(index.row()) if index.isValid() else None

    def edit_schedule(self) -> ScheduleDialog:
        dialog = ScheduleDialog(self._cameras, self.selected_schedule(), self._today(), self)
        dialog.accepted.connect(lambda: self._save_schedule(dialog))
        self.schedule_dialog = dialog
        dialog.open()
        return dialog

    def _save_schedule(self, dialog: ScheduleDialog) -> None:
        camera_id, interval, next_due, notes = dialog.values()
        self._runner.run(lambda: self._service.set_schedule(camera_id, interval,
                                                            next_due=next_due, notes=notes),
                         on_done=lambda _s: self.refresh(), on_failed=self._error)

    def mark_selected_done(self) -> None:
        schedule = self.selected_schedule()
        if schedule is None:
            return
        today = self._today()
        self._runner.run(self._service.record_maintenance_done, schedule.camera_id, today,
                         on_done=lambda _s: self.refresh(), on_failed=self._error)

    def shutdown(self) -> None:
        self.timer.stop()
        self._runner.shutdown()


class ScheduleDialog(QDialog):
    """Camera, interval in days, next due date and notes of one maintenance plan."""

    def __init__(self, cameras: Sequence[tuple[int, str]], schedule: ScheduleDTO | None,
                 today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera_combo = QComboBox()
        for camera_id, name in cameras:
            self.camera_combo.addItem(name, camera_id)
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, 3660)
        self.interval_spin.setValue(schedule.interval_days if schedule else 90)
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("dd/MM/yyyy")
        due = schedule.next_due if schedule else today
        self.due_edit.setDate(QDate(due.year, due.month, due.day))
        self.notes_edit = QLineEdit(schedule.notes if schedule else "")
        if schedule is not None:
            self.camera_combo.setCurrentIndex(max(self.camera_combo.findData(
                schedule.camera_id), 0))
        self.interval_spin.setSuffix(self.tr(" days"))
        form = QFormLayout()
        form.addRow(self.tr("Camera:"), self.camera_combo)
        form.addRow(self.tr("Every:"), self.interval_spin)
        form.addRow(self.tr("Next due:"), self.due_edit)
        form.addRow(self.tr("Notes:"), self.notes_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Maintenance schedule"))

    def values(self) -> tuple[int, int, date, str]:
        return (int(self.camera_combo.currentData()), self.interval_spin.value(),
                self.due_edit.date().toPython(), self.notes_edit.text())  # type: ignore[return-value]
