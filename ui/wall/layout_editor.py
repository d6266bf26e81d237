"""Custom wall layout editor: choose columns × rows, drag a rectangle to merge, click to split.

The canvas is the preview: it paints the cells with their tile numbers as the wall will
number them. Every edit goes through the Qt-free `WallLayout` operations, so what the editor
produces is exactly what validation accepts.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.wall.layouts import MAX_SIDE, LayoutError, WallLayout


class LayoutCanvas(QWidget):
    """Paints a layout; a drag over squares asks for a merge, a click on a big cell a split."""

    merge_requested = Signal(int, int, int, int)  # top, left, bottom, right (inclusive)
    split_requested = Signal(int)  # cell index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = WallLayout.grid(2)
        self._anchor: tuple[int, int] | None = None
        self._current: tuple[int, int] | None = None
        self.setMinimumSize(QSize(320, 200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)

    def set_layout(self, layout: WallLayout) -> None:
        self._layout = layout
        self.update()

    def square_rect(self, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> QRect:
        """Where a block of grid squares is painted (also used by tests to aim the mouse)."""
        layout = self._layout
        width, height = self.width() / layout.columns, self.height() / layout.rows
        return QRect(round(col * width), round(row * height),
                     round(colspan * width) - 1, round(rowspan * height) - 1)

    def square_at(self, point: QPoint) -> tuple[int, int]:
        layout = self._layout
        col = min(layout.columns - 1, max(0, int(point.x() * layout.columns / max(1, self.width()))))
        row = min(layout.rows - 1, max(0, int(point.y() * layout.rows / max(1, self.height()))))
        return row, col

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self._current = self.square_at(event.position().toPoint())
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            self._current = self.square_at(event.position().toPoint())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._anchor is None:
            return
        anchor, end = self._anchor, self.square_at(event.position().toPoint())
        self._anchor = self._current = None
        self.update()
        if anchor == end:
            index = self._layout.cell_at(*anchor)
            cell = self._layout.cells[index] if index is not None else None
            if index is not None and cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                self.split_requested.emit(index)
            return
        self.merge_requested.emit(anchor[0], anchor[1], end[0], end[1])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#101214"))
        for number, cell in enumerate(self._layout.cells, start=1):
            rect = self.square_rect(cell.row, cell.col, cell.rowspan, cell.colspan).adjusted(2, 2, -2, -2)
            big = cell.rowspan > 1 or cell.colspan > 1
            painter.fillRect(rect, QColor("#2c4a6e" if big else "#2a2f35"))
            painter.setPen(QPen(QColor("#8aa0b8"), 1))
            painter.drawRect(rect)
            painter.setPen(QColor("#f0f0f0"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(number))
        if self._anchor is not None and self._current is not None:
            (r0, c0), (r1, c1) = self._anchor, self._current
            top, bottom = sorted((r0, r1))
            left, right = sorted((c0, c1))
            pen = QPen(QColor("#3d9bff"), 3)
            painter.setPen(pen)
            painter.drawRect(self.square_rect(top, left, bottom - top + 1, right - left + 1))


class LayoutEditorDialog(QDialog):
    """Returns a full, valid layout through `result_layout()` after `accept()`."""

    def __init__(self, initial: WallLayout | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layoutEditor")
        self._layout = (initial or WallLayout.grid(3)).with_cameras([])
        self._history: list[WallLayout] = []
        self.columns = QSpinBox()
        self.rows = QSpinBox()
        for box in (self.columns, self.rows):
            box.setRange(1, MAX_SIDE)
        self.columns.setValue(self._layout.columns)
        self.rows.setValue(self._layout.rows)
        self.columns.valueChanged.connect(self._on_size_changed)
        self.rows.valueChanged.connect(self._on_size_changed)
        self.canvas = LayoutCanvas(self)
        self.canvas.merge_requested.connect(self.merge)
        self.canvas.split_requested.connect(self.split)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("layoutEditorMessage")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self._columns_label, self._rows_label = QLabel(), QLabel()
        self._columns_label.setBuddy(self.columns)
        self._rows_label.setBuddy(self.rows)
        form.addRow(self._columns_label, self.columns)
        form.addRow(self._rows_label, self.rows)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.undo_button)
        edit_row.addWidget(self.reset_button)
        edit_row.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.hint)
        column.addWidget(self.canvas, 1)
        column.addWidget(self.message)
        column.addLayout(edit_row)
        column.addWidget(self.buttons)
        self.retranslate_ui()
        self._show()
        self.resize(560, 520)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Custom wall layout"))
        self._columns_label.setText(self.tr("&Columns"))
        self._rows_label.setText(self.tr("&Rows"))
        self.hint.setText(self.tr("Drag across squares to merge them into one tile; click a "
                                  "merged tile to split it again."))
        self.undo_button.setText(self.tr("&Undo"))
        self.reset_button.setText(self.tr("&Reset"))

    def current_layout(self) -> WallLayout:
        return self._layout

    def result_layout(self) -> WallLayout:
        return self._layout.validated(require_full=True)

    # ----- edits -----------------------------------------------------------------------------
    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        try:
            self._change(self._layout.merged(top, left, bottom, right))
        except LayoutError:
            self.message.setText(self.tr("That rectangle cuts through a merged tile. Include "
                                         "the whole tile, or split it first."))

    def split(self, index: int) -> None:
        self._change(self._layout.split(index))

    def undo(self) -> None:
        if self._history:
            self._layout = self._history.pop()
            self._sync_spin_boxes()
            self._show()

    def _change(self, layout: WallLayout) -> None:
        self._history.append(self._layout)
        self._layout = layout
        self.message.clear()
        self._show()

    def _on_size_changed(self) -> None:
        if (self.columns.value(), self.rows.value()) != (self._layout.columns, self._layout.rows):
            self._change(WallLayout.grid(self.columns.value(), self.rows.value()))

    def _on_reset_button_clicked(self) -> None:
        self._change(WallLayout.grid(self.columns.value(), self.rows.value()))

    def _sync_spin_boxes(self) -> None:
        for box, value in ((self.columns, self._layout.columns), (self.rows, self._layout.rows)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    def _show(self) -> None:
        self.canvas.set_layout(self._layout)
        self.undo_button.setEnabled(bool(self._history))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self._layout.problems(require_full=True) == [])
