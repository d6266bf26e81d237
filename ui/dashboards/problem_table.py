"""The broken-camera list: a table model of ProblemRow and a proxy that sorts and filters."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from ui.dashboards.health_data import ProblemRow
from ui.dashboards.health_states import local_time, state_colour, state_label
from ui.widgets.filter_table import SORT_ROLE, Index, ListTableModel, SortFilterProxy

CAMERA_ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3


class ProblemTableModel(ListTableModel[ProblemRow]):
    CAMERA, SITE, STATE, REASON, SINCE, LAST_SEEN, TICKETS = range(7)
    COLUMN_COUNT = 7

    def set_rows(self, rows: Sequence[ProblemRow]) -> None:
        self._replace_rows(rows)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Camera"), self.tr("Site"), self.tr("State"), self.tr("Reason"),
                self.tr("Since"), self.tr("Last picture"), self.tr("Open tickets"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == CAMERA_ID_ROLE:
            return row.camera_id
        if role == STATE_ROLE:
            return row.state
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.camera_name, row.site_name, state_label(row.state), row.reason,
                    local_time(row.since), local_time(row.last_seen),
                    str(row.open_tickets))[column]
        if role == SORT_ROLE:
            if column == self.SINCE:
                return row.since.timestamp() if row.since else float("inf")
            if column == self.LAST_SEEN:
                return row.last_seen.timestamp() if row.last_seen else float("-inf")
            if column == self.TICKETS:
                return row.open_tickets
            return str(self.data(index)).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE:
            return QBrush(state_colour(row.state))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.REASON:
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.TICKETS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProblemFilterProxy(SortFilterProxy):
    """Filters by state (empty: every problem state) and by text in camera, site or reason."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = ""

    def set_state(self, state: str) -> None:
        with self._changing_filter():
            self._state = state

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ProblemTableModel):
            return True
        row = model.row_at(source_row)
        if self._state and row.state != self._state:
            return False
        if self._text:
            haystack = f"{row.camera_name} {row.site_name} {row.reason}".casefold()
            return self._text in haystack
        return True
