"""The drawing surface of the scene editor: a still frame with the scene painted over it.

Tools: ``line`` and ``stop_line`` take two clicks; ``zone`` and ``lane`` take points and close
on a double-click (or Enter; Backspace drops the last point, Escape cancels); ``signal`` is a
rectangle dragged from corner to corner; ``direction`` is an arrow dragged along a lane. In
``select`` mode a click picks an item and any end point or corner can be dragged. Everything
is reported in normalised picture coordinates (0–1); the editor owns the scene.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.analytics.scene import SceneConfig
from app.analytics.types import Point
from ui.analytics.overlay import ImageFit, draw_arrow, draw_label, draw_scene, overlay_font
from ui.analytics.scene_items import ItemKey

TOOLS = ("select", "line", "stop_line", "zone", "lane", "signal", "direction")
GRAB_PX = 9.0
DRAFT_COLOUR = QColor("#f0f6fc")



def vertices(scene: SceneConfig) -> list[tuple[ItemKey, int, Point]]:
    """Every draggable point: (item, vertex index, normalised point)."""
    found: list[tuple[ItemKey, int, Point]] = []
    for i, line in enumerate(scene.lines):
        found += [(("line", i), 0, line.p1), (("line", i), 1, line.p2)]
    for i, zone in enumerate(scene.zones):
        found += [(("zone", i), j, p) for j, p in enumerate(zone.polygon)]
    for i, lane in enumerate(scene.lanes):
        found += [(("lane", i), j, p) for j, p in enumerate(lane.polygon)]
    if scene.stop_line is not None:
        found += [(("stop", 0), 0, scene.stop_line.p1), (("stop", 0), 1, scene.stop_line.p2)]
    if scene.signal is not None and scene.signal.roi is not None:
        x0, y0, x1, y1 = scene.signal.roi
        found += [(("signal", 0), 0, (x0, y0)), (("signal", 0), 1, (x1, y1))]
    return found


class SceneCanvas(QWidget):
    line_drawn = Signal(str, object, object)  # tool ("line"/"stop_line"), p1, p2
    polygon_drawn = Signal(str, object)  # tool ("zone"/"lane"), list of points
    rect_drawn = Signal(object)  # (x0, y0, x1, y1)
    direction_drawn = Signal(object)  # unit vector in image pixels
    vertex_moved = Signal(object, int, object)  # item key, vertex index, point (while dragging)
    drag_finished = Signal()
    item_clicked = Signal(object)  # item key or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sceneCanvas")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 270)
        self.tool = "select"
        self._image: QImage | None = None
        self._scene = SceneConfig()
        self._selected: str | None = None
        self._placeholder = ""
        self._draft: list[Point] = []
        self._hover: Point | None = None
        self._press: Point | None = None
        self._dragging: tuple[ItemKey, int] | None = None

    # State from the editor ---------------------------------------------------------------------
    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    @property
    def image(self) -> QImage | None:
        return self._image

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def set_scene(self, scene: SceneConfig, selected: str | None = None) -> None:
        self._scene = scene
        self._selected = selected
        self.update()

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(tool)
        self.tool = tool
        self.cancel_draft()
        cursor = Qt.CursorShape.ArrowCursor if tool == "select" else Qt.CursorShape.CrossCursor
        self.setCursor(cursor)

    def cancel_draft(self) -> None:
        self._draft.clear()
        self._press = None
        self.update()

    @property
    def draft(self) -> list[Point]:
        return list(self._draft)

    def fit(self) -> ImageFit:
        size = QSizeF(self._image.size()) if self._image is not None else QSizeF(16, 9)
        return ImageFit(size, QRectF(self.rect()).adjusted(4, 4, -4, -4))

    def image_pixels(self) -> tuple[float, float]:
        if self._image is not None and not self._image.isNull():
            return float(self._image.width()), float(self._image.height())
        rect = self.fit().rect
        return rect.width(), rect.height()

    # Mouse and keys ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        fit = self.fit()
        point = fit.to_norm(event.position())
        if self.tool == "select":
            self._dragging = self._vertex_at(event.position(), fit)
            if self._dragging is None:
                self.item_clicked.emit(self._item_at(point))
            return
        if self.tool in ("signal", "direction"):
            self._press = point
        elif self.tool in ("line", "stop_line"):
            self._draft.append(point)
            if len(self._draft) == 2:
                p1, p2 = self._draft
                self._draft.clear()
                self.line_drawn.emit(self.tool, p1, p2)
        else:  # zone, lane
            if not self._draft or math.dist(self._draft[-1], point) > 1e-3:
                self._draft.append(point)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.tool in ("zone", "lane"):
            point = self.fit().to_norm(event.position())
            if not self._draft or math.dist(self._draft[-1], point) > 1e-3:
                self._draft.append(point)
            self.close_polygon()
        else:
            self.mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        fit = self.fit()
        self._hover = fit.to_norm(event.position())
        if self._dragging is not None:
            self.vertex_moved.emit(self._dragging[0], self._dragging[1], self._hover)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = self.fit().to_norm(event.position())
        if self._dragging is not None:
            self._dragging = None
            self.drag_finished.emit()
        elif self._press is not None and self.tool == "signal":
            (ax, ay), (bx, by) = self._press, point
            self._press = None
            self.rect_drawn.emit((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif self._press is not None and self.tool == "direction":
            width, height = self.image_pixels()
            dx, dy = (point[0] - self._press[0]) * width, (point[1] - self._press[1]) * height
            self._press = None
            length = math.hypot(dx, dy)
            if length >= 5:
                self.direction_drawn.emit((dx / length, dy / length))
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and (self._draft or self._press):
            self.cancel_draft()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tool in ("zone", "lane"):
            self.close_polygon()
        elif key == Qt.Key.Key_Backspace and self._draft:
            self._draft.pop()
            self.update()
        else:
            super().keyPressEvent(event)

    def close_polygon(self) -> None:
        points, self._draft = list(self._draft), []
        if points:
            self.polygon_drawn.emit(self.tool, points)
        self.update()

    def _vertex_at(self, position: QPointF, fit: ImageFit) -> tuple[ItemKey, int] | None:
        best: tuple[float, tuple[ItemKey, int]] | None = None
        for key, index, point in vertices(self._scene):
            screen = fit.norm(point)
            distance = math.hypot(screen.x() - position.x(), screen.y() - position.y())
            if distance <= GRAB_PX and (best is None or distance < best[0]):
                best = (distance, (key, index))
        return best[1] if best else None

    def _item_at(self, point: Point) -> ItemKey | None:
        fit = self.fit()
        target = fit.norm(point)
        for i, line in enumerate(self._scene.lines):
            if _near_segment(fit.norm(line.p1), fit.norm(line.p2), target):
                return ("line", i)
        stop = self._scene.stop_line
        if stop is not None and _near_segment(fit.norm(stop.p1), fit.norm(stop.p2), target):
            return ("stop", 0)
        signal = self._scene.signal
        if signal is not None and signal.roi is not None:
            x0, y0, x1, y1 = signal.roi
            if x0 <= point[0] <= x1 and y0 <= point[1] <= y1:
                return ("signal", 0)
        for i, zone in enumerate(self._scene.zones):
            if QPolygonF([fit.norm(p) for p in zone.polygon]).containsPoint(
                    target, Qt.FillRule.OddEvenFill):
                return ("zone", i)
        for i, lane in enumerate(self._scene.lanes):
            if QPolygonF([fit.norm(p) for p in lane.polygon]).containsPoint(
                    target, Qt.FillRule.OddEvenFill):
                return ("lane", i)
        return None

    # Painting ----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#0d1117"))
        fit = self.fit()
        painter.setFont(overlay_font(self.font(), fit.rect.height()))
        if self._image is not None and not self._image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fit.rect, self._image)
        else:
            painter.fillRect(fit.rect, QColor("#21262d"))
            painter.setPen(QPen(QColor("#8b949e")))
            painter.drawText(fit.rect, Qt.AlignmentFlag.AlignCenter, self._placeholder)
        draw_scene(painter, fit, self._scene, selected=self._selected)
        self._paint_draft(painter, fit)
        painter.end()

    def _paint_draft(self, painter: QPainter, fit: ImageFit) -> None:
        pen = QPen(DRAFT_COLOUR, 2, Qt.PenStyle.DashLine)
        hover = fit.norm(self._hover) if self._hover is not None else None
        if self._draft:
            points = [fit.norm(p) for p in self._draft]
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF([*points, *([hover] if hover else [])]))
            for point in points:
                painter.setBrush(DRAFT_COLOUR)
                painter.drawEllipse(point, 4, 4)
        if self._press is not None and hover is not None:
            start = fit.norm(self._press)
            if self.tool == "signal":
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(start, hover).normalized())
            else:
                draw_arrow(painter, start, hover, DRAFT_COLOUR, 4)
        if self.tool != "select" and hover is not None and self._hint():
            draw_label(painter, QPointF(fit.rect.left() + 6, fit.rect.bottom() - 6),
                       self._hint(), DRAFT_COLOUR)

    def _hint(self) -> str:
        hints = {
            "line": self.tr("Click the two ends of the counting line"),
            "stop_line": self.tr("Click the two ends of the stop line"),
            "zone": self.tr("Click the corners; double-click or Enter closes the zone"),
            "lane": self.tr("Click the corners; double-click or Enter closes the lane"),
            "signal": self.tr("Drag a rectangle around the traffic light"),
            "direction": self.tr("Drag along the lane in the allowed direction"),
        }
        return hints.get(self.tool, "")


def _near_segment(a: QPointF, b: QPointF, p: QPointF, tolerance: float = 6.0) -> bool:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(p.x() - a.x(), p.y() - a.y()) <= tolerance
    t = max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    return math.hypot(p.x() - a.x() - t * dx, p.y() - a.y() - t * dy) <= tolerance
