"""Pieces shared by the sortable, filterable tables over lists of DTOs (problems, tickets,
schedules): a flat table model over a Python list and a proxy that sorts by SORT_ROLE."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

NO_PARENT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value that sorts right (numbers, casefolded text)
RowT = TypeVar("RowT")


class ListTableModel(QAbstractTableModel, Generic[RowT]):
    """A flat table with one row per item of a list; subclasses set COLUMN_COUNT and give
    headerData() and data()."""

    COLUMN_COUNT = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    def _replace_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self.COLUMN_COUNT


class SortFilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; keeps the casefolded search text that subclasses filter on."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""

    def set_text(self, text: str) -> None:
        with self._changing_filter():
            self._text = text.strip().casefold()

    @contextmanager
    def _changing_filter(self) -> Iterator[None]:
        """Wrap a change of filter state so the proxy filters its rows again."""
        self.beginFilterChange()
        try:
            yield
        finally:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
