"""Preventive maintenance schedules: due dates, overdue rows highlighted."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.cameras.maintenance import ScheduleDTO
from ui.widgets.filter_table import Index, ListTableModel

CAMERA_ID_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3
OVERDUE_BACKGROUND = QColor("#5c1d1d")
SOON_BACKGROUND = QColor("#4d3b12")
SOON_DAYS = 7


class ScheduleTableModel(ListTableModel[ScheduleDTO]):
    CAMERA, INTERVAL, LAST_DONE, NEXT_DUE, DUE_STATE, NOTES = range(6)
    COLUMN_COUNT = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = date.today()

    def set_schedules(self, schedules: Sequence[ScheduleDTO], today: date) -> None:
        self._today = today
        self._replace_rows(sorted(schedules, key=lambda s: (s.next_due, s.camera_name)))

    @property
    def overdue_count(self) -> int:
        return sum(1 for s in self._rows if s.next_due < self._today)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Camera"), self.tr("Every"), self.tr("Last done"), self.tr("Next due"),
                self.tr("Due"), self.tr("Notes"))[section]

    def _due_text(self, s: ScheduleDTO) -> str:
        days = (s.next_due - self._today).days
        if days < 0:
            return self.tr("Overdue by %n day(s)", "", -days)
        if days == 0:
            return self.tr("Due today")
        return self.tr("In %n day(s)", "", days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        overdue = s.next_due < self._today
        soon = not overdue and (s.next_due - self._today).days <= SOON_DAYS
        if role == CAMERA_ID_ROLE:
            return s.camera_id
        if role == OVERDUE_ROLE:
            return overdue
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.camera_name, self.tr("%n day(s)", "", s.interval_days),
                    s.last_done.strftime("%d/%m/%Y") if s.last_done else "—",
                    s.next_due.strftime("%d/%m/%Y"), self._due_text(s),
                    s.notes)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and (overdue or soon):
            return QBrush(OVERDUE_BACKGROUND if overdue else SOON_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None
