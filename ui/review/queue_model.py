"""Table model of one page of the review queue (ViolationDTO rows, read-only)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.review.states import ViolationState
from app.review.workflow import ViolationDTO

Index = QModelIndex | QPersistentModelIndex

STATE_COLOURS = {
    ViolationState.DETECTED: "#f0b429", ViolationState.VERIFIED: "#58a6ff",
    ViolationState.APPROVED: "#7ee787", ViolationState.FORWARDED: "#a5d6ff",
    ViolationState.FINED: "#8b949e", ViolationState.CLOSED: "#8b949e",
    ViolationState.REJECTED: "#ff7b72",
}


def state_text(state: ViolationState) -> str:
    """The state as shown to users, in the UI language."""
    texts = {
        ViolationState.DETECTED: QCoreApplication.translate("ViolationState", "Detected"),
        ViolationState.VERIFIED: QCoreApplication.translate("ViolationState", "Verified"),
        ViolationState.APPROVED: QCoreApplication.translate("ViolationState", "Approved"),
        ViolationState.FORWARDED: QCoreApplication.translate("ViolationState", "Forwarded"),
        ViolationState.FINED: QCoreApplication.translate("ViolationState", "Fined"),
        ViolationState.CLOSED: QCoreApplication.translate("ViolationState", "Closed"),
        ViolationState.REJECTED: QCoreApplication.translate("ViolationState", "Rejected"),
    }
    return texts[state]


class QueueTableModel(QAbstractTableModel):
    COLUMNS = 6

    def __init__(self, camera_name: Callable[[int], str], type_label: Callable[[str], str],
                 parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._camera_name = camera_name
        self._type_label = type_label
        self.rows: list[ViolationDTO] = []

    def set_rows(self, rows: Sequence[ViolationDTO]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def replace(self, violation: ViolationDTO) -> int | None:
        """Put a fresher copy of a listed violation in its row; its row number."""
        for row, item in enumerate(self.rows):
            if item.id == violation.id:
                self.rows[row] = violation
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("No."), self.tr("Time"), self.tr("Camera"), self.tr("Violation"),
                self.tr("Plate"), self.tr("State"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(item.id)
            if column == 1:
                return f"{item.detected_at.astimezone():%d/%m/%Y %H:%M:%S}"
            if column == 2:
                return self._camera_name(item.camera_id)
            if column == 3:
                label = self._type_label(item.type_code)
                return item.type_code if label == item.type_code else (
                    f"{item.type_code} — {label}")
            if column == 4:
                return item.plate or self.tr("(not read)")
            return state_text(item.state)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5:
            return QBrush(QColor(STATE_COLOURS[item.state]))
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None
