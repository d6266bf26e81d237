"""Graphics items for evidence annotations: one movable, resizable item per Shape.

The item's position is the shape's (x, y) in image pixels (the picture item sits at the
scene origin, unscaled), and (w, h) is kept in the item, so ``to_shape()`` reads the shape
back exactly. Blur regions are previewed pixelated, like the export burns them in.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.review.annotations import Shape, ShapeKind

HANDLE = 10.0


class ShapeItem(QGraphicsObject):
    """``on_edited`` is called after the user moved or resized the item."""

    def __init__(self, shape: Shape, source: QImage,
                 on_edited: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.shape_data = shape
        self._w, self._h = shape.w, shape.h
        self._source = source
        self._on_edited = on_edited
        self._resizing = False
        self._press_state: tuple[QPointF, float, float] | None = None
        self._blur_cache: tuple[tuple[float, float, float, float], QImage] | None = None
        self.setPos(shape.x, shape.y)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1 if shape.kind is ShapeKind.BLUR else 2)

    @property
    def kind(self) -> ShapeKind:
        return self.shape_data.kind

    def to_shape(self) -> Shape:
        return replace(self.shape_data, x=round(self.pos().x(), 1),
                       y=round(self.pos().y(), 1), w=round(self._w, 1), h=round(self._h, 1))

    def set_size(self, w: float, h: float) -> None:
        self.prepareGeometryChange()
        self._w, self._h = w, h
        self.update()

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self.shape_data = replace(self.shape_data, text=text)
        self.update()

    # ------------------------------------------------------------------ geometry
    def _font(self) -> QFont:
        font = QFont("DejaVu Sans")
        font.setBold(True)
        font.setPixelSize(self.shape_data.size)
        return font

    def _body(self) -> QRectF:
        if self.kind is ShapeKind.TEXT:
            metrics = QFontMetricsF(self._font())
            return QRectF(0, 0, metrics.horizontalAdvance(self.shape_data.text or " "),
                          metrics.height())
        return QRectF(QPointF(0, 0), QPointF(self._w, self._h)).normalized()

    def boundingRect(self) -> QRectF:
        margin = self.shape_data.width + HANDLE
        return self._body().adjusted(-margin, -margin, margin, margin)

    def _handle_point(self) -> QPointF:
        if self.kind is ShapeKind.TEXT:
            return self._body().bottomRight()
        return QPointF(self._w, self._h)

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        shape = self.shape_data
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(shape.color), shape.width)
        body = self._body()
        if self.kind is ShapeKind.BLUR:
            painter.drawImage(body.topLeft(), self._pixelated(body))
            painter.setPen(QPen(QColor("#f0f6fc"), 1, Qt.PenStyle.DashLine))
            painter.drawRect(body)
        elif self.kind is ShapeKind.BOX:
            painter.setPen(pen)
            painter.drawRect(body)
        elif self.kind is ShapeKind.ELLIPSE:
            painter.setPen(pen)
            painter.drawEllipse(body)
        elif self.kind is ShapeKind.ARROW:
            self._paint_arrow(painter, pen)
        else:
            painter.fillRect(body.adjusted(-3, -3, 3, 3), QColor(0, 0, 0))
            painter.setFont(self._font())
            painter.setPen(QColor(shape.color))
            painter.drawText(body, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             shape.text)
        if self.isSelected():
            painter.setPen(QPen(QColor("#58a6ff"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(body)
            painter.setBrush(QBrush(QColor("#58a6ff")))
            point = self._handle_point()
            painter.drawRect(QRectF(point.x() - HANDLE / 2, point.y() - HANDLE / 2,
                                    HANDLE, HANDLE))

    def _paint_arrow(self, painter: QPainter, pen: QPen) -> None:
        line = QLineF(QPointF(0, 0), QPointF(self._w, self._h))
        painter.setPen(pen)
        painter.drawLine(line)
        length = max(line.length(), 1.0)
        head = min(length * 0.4, 24.0)
        angle = math.atan2(-line.dy(), line.dx())
        tip = line.p2()
        left = tip - QPointF(math.cos(angle - math.pi / 7) * head,
                             -math.sin(angle - math.pi / 7) * head)
        right = tip - QPointF(math.cos(angle + math.pi / 7) * head,
                              -math.sin(angle + math.pi / 7) * head)
        path = QPainterPath()
        path.addPolygon(QPolygonF([tip, left, right]))
        painter.fillPath(path, QColor(self.shape_data.color))

    def _pixelated(self, body: QRectF) -> QImage:
        key = (self.pos().x() + body.x(), self.pos().y() + body.y(), body.width(),
               body.height())
        if self._blur_cache is None or self._blur_cache[0] != key:
            region = self._source.copy(round(key[0]), round(key[1]), max(1, round(key[2])),
                                       max(1, round(key[3])))
            block = max(6.0, min(key[2], key[3]) / 6)
            small = region.scaled(max(1, round(key[2] / block)), max(1, round(key[3] / block)),
                                  Qt.AspectRatioMode.IgnoreAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
            self._blur_cache = (key, small.scaled(
                region.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation))
        return self._blur_cache[1]

    # --------------------------------------------------------------- interaction
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        near = QLineF(event.pos(), self._handle_point()).length() <= HANDLE
        self._resizing = self.isSelected() and near and self.kind is not ShapeKind.TEXT
        self._press_state = (self.pos(), self._w, self._h)
        if self._resizing:
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._resizing:
            self.set_size(event.pos().x(), event.pos().y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        before, self._press_state = self._press_state, None
        self._resizing = False
        if before is not None and (before[0] != self.pos() or before[1:] != (self._w,
                                                                              self._h)):
            self._on_edited()
