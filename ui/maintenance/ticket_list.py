"""Ticket list: every maintenance ticket, filtered by status, camera and text."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from app.cameras.maintenance import FINISHED, TicketDTO
from ui.dashboards.health_states import local_time
from ui.maintenance.labels import format_vnd, status_label
from ui.widgets.filter_table import SORT_ROLE, Index, ListTableModel, SortFilterProxy

TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 2
OPEN_FILTER = "__open__"  # every status that is not done/closed


class TicketTableModel(ListTableModel[TicketDTO]):
    ID, CAMERA, TITLE, STATUS, ASSIGNEE, COST, OPENED, CLOSED, PHOTOS = range(9)
    COLUMN_COUNT = 9

    def set_tickets(self, tickets: Sequence[TicketDTO]) -> None:
        self._replace_rows(tickets)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return ("#", self.tr("Camera"), self.tr("Problem"), self.tr("Status"),
                self.tr("Assignee"), self.tr("Cost"), self.tr("Opened"), self.tr("Closed"),
                self.tr("Photos"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self._rows[index.row()]
        column = index.column()
        if role == TICKET_ID_ROLE:
            return t.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(t.id), t.camera_name, t.title, status_label(t.status), t.assignee,
                    format_vnd(t.cost_vnd), local_time(t.opened_at),
                    local_time(t.closed_at) if t.closed_at else "", str(len(t.photos)))[column]
        if role == SORT_ROLE:
            if column == self.ID:
                return t.id
            if column == self.COST:
                return -1 if t.cost_vnd is None else t.cost_vnd
            if column == self.OPENED:
                return t.opened_at.timestamp()
            if column == self.CLOSED:
                return t.closed_at.timestamp() if t.closed_at else float("inf")
            if column == self.PHOTOS:
                return len(t.photos)
            return str(self.data(index)).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and t.status in FINISHED:
            return QBrush(QColor("#8b949e"))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return t.notes or t.title
        return None


class TicketFilterProxy(SortFilterProxy):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = OPEN_FILTER
        self._camera_id: int | None = None

    def set_status(self, status: str) -> None:
        """A status, OPEN_FILTER (not finished) or '' (all)."""
        with self._changing_filter():
            self._status = status

    def set_camera(self, camera_id: int | None) -> None:
        with self._changing_filter():
            self._camera_id = camera_id

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, TicketTableModel):
            return True
        t = model.row_at(source_row)
        if self._status == OPEN_FILTER and t.status in FINISHED:
            return False
        if self._status not in ("", OPEN_FILTER) and t.status != self._status:
            return False
        if self._camera_id is not None and t.camera_id != self._camera_id:
            return False
        if self._text:
            return self._text in f"{t.id} {t.camera_name} {t.title} {t.assignee} {t.notes}" \
                .casefold()
        return True
