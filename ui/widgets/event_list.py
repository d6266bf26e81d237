"""Dock with the most recent events, polled at most once a second (never per event)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QTableView, QWidget

from ui.context import EventLike

log = logging.getLogger(__name__)

_NO_PARENT = QModelIndex()
REFRESH_INTERVAL_MS = 1000  # a duty room reads this list; faster polling only costs CPU
_SEVERITY_COLOURS = {"critical": "#ff7b72", "error": "#ff7b72", "warning": "#e3b341",
                     "info": "#8b949e"}


def severity_label(severity: str) -> str:
    labels = {
        "critical": QCoreApplication.translate("EventList", "Critical"),
        "error": QCoreApplication.translate("EventList", "Error"),
        "warning": QCoreApplication.translate("EventList", "Warning"),
        "info": QCoreApplication.translate("EventList", "Information"),
    }
    return labels.get(severity.lower(), severity)


def format_event_time(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%H:%M:%S %d/%m/%Y")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value).strftime("%H:%M:%S %d/%m/%Y")
    return str(value)


class EventTableModel(QAbstractTableModel):
    """Rows of EventDTO-like objects: time, camera, kind, severity, message."""

    COLUMNS = 5

    def __init__(self, camera_name: Callable[[int | None], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._camera_name = camera_name
        self._events: list[EventLike] = []

    def set_events(self, events: Sequence[EventLike]) -> bool:
        """Replace the rows; returns False (and keeps the view as it is) when nothing changed."""
        new = list(events)
        if [(e.id, e.severity, e.message) for e in new] == \
                [(e.id, e.severity, e.message) for e in self._events]:
            return False
        self.beginResetModel()
        self._events = new
        self.endResetModel()
        return True

    def event_at(self, row: int) -> EventLike:
        return self._events[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self._events[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return format_event_time(event.time)
            if column == 1:
                return self._camera_name(event.camera_id)
            if column == 2:
                return event.kind
            if column == 3:
                return severity_label(str(event.severity))
            return event.message
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            colour = _SEVERITY_COLOURS.get(str(event.severity).lower())
            return QBrush(QColor(colour)) if colour else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Time"), self.tr("Camera"), self.tr("Event"), self.tr("Severity"),
                  self.tr("Details"))
        return titles[section] if 0 <= section < len(titles) else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self._events:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._events) - 1, self.COLUMNS - 1))


class EventListDock(QDockWidget):
    """Recent events in a table, refreshed by a timer from ``recent_events()``."""

    def __init__(self, recent_events: Callable[[], Sequence[EventLike]],
                 camera_name: Callable[[int | None], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventListDock")
        self._recent_events = recent_events
        self._failing = False
        self.model = EventTableModel(camera_name, self)
        self.table = QTableView()
        self.table.setObjectName("eventTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 180, 150, 100)):
            header.resizeSection(column, width)
        self.setWidget(self.table)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        self.refresh()
        self.timer.start()

    def refresh(self) -> None:
        try:
            events = self._recent_events()
        except Exception:  # the source is outside the shell; log once per outage
            if not self._failing:
                log.exception("Could not read recent events")
            self._failing = True
            self.setWindowTitle(self.tr("Events (unavailable)"))
            return
        if self._failing:
            self._failing = False
            self.retranslate_ui()
        self.model.set_events(events)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Events (unavailable)") if self._failing else self.tr("Events"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
