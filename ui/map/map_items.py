"""Graphics items of the camera map: camera markers (coloured by health) and reference marks."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ui.dashboards.health_states import state_colour, state_label

MARKER_RADIUS = 9.0


class CameraMarker(QGraphicsItem):
    """A dot of constant screen size with the camera's name; draggable on an image map."""

    def __init__(self, camera_id: int, name: str, state: str, *,
                 on_clicked: Callable[[int], None],
                 on_moved: Callable[[int, QPointF], None]) -> None:
        super().__init__()
        self.camera_id = camera_id
        self.name = name
        self.state = state
        self._on_clicked = on_clicked
        self._on_moved = on_moved
        self._press_pos: QPointF | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(10)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # A dark plate behind the name keeps it readable on a light floor plan.
        self.plate = QGraphicsRectItem(self)
        self.plate.setPen(QPen(Qt.PenStyle.NoPen))
        self.plate.setBrush(QBrush(QColor(13, 17, 23, 190)))
        self.label = QGraphicsSimpleTextItem(name, self)
        self.label.setBrush(QBrush(QColor("#e6edf3")))
        self.label.setPos(MARKER_RADIUS + 5, -self.label.boundingRect().height() / 2)
        self.plate.setRect(self.label.mapRectToParent(self.label.boundingRect())
                           .adjusted(-3, -1, 3, 1))
        self.set_state(state)

    def set_state(self, state: str) -> None:
        self.state = state
        self.setToolTip(f"{self.name}\n{state_label(state)}")
        self.update()

    @property
    def colour(self) -> QColor:
        return state_colour(self.state)

    def set_movable(self, movable: bool) -> None:
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)

    def boundingRect(self) -> QRectF:
        r = MARKER_RADIUS + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QColor("#ffffff") if self.isSelected() else QColor("#0d1117")
        painter.setPen(QPen(outline, 2.5 if self.isSelected() else 1.5))
        painter.setBrush(QBrush(self.colour))
        painter.drawEllipse(QPointF(0, 0), MARKER_RADIUS, MARKER_RADIUS)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._press_pos = self.pos()
        super().mousePressEvent(event)
        self._on_clicked(self.camera_id)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._press_pos is not None and self.pos() != self._press_pos:
            self._on_moved(self.camera_id, self.pos())
        self._press_pos = None


class ReferenceMark(QGraphicsItem):
    """A cross where the user tied the image to a known latitude/longitude."""

    def __init__(self, index: int, tooltip: str) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(5)
        self.setToolTip(tooltip)
        self.label = QGraphicsSimpleTextItem(str(index), self)
        self.label.setBrush(QBrush(QColor("#58a6ff")))
        self.label.setPos(7, 2)

    def boundingRect(self) -> QRectF:
        return QRectF(-9, -9, 18, 18)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setPen(QPen(QColor("#58a6ff"), 2))
        painter.drawLine(QPointF(-8, 0), QPointF(8, 0))
        painter.drawLine(QPointF(0, -8), QPointF(0, 8))
