"""Painting analysis results and scene items over a picture (analysis tile, scene editor).

`ImageFit` maps the picture (its pixels, or normalised 0–1 scene coordinates) into the
rectangle where it is drawn, scaled to fit with its aspect ratio kept. The colours follow the
theme (GitHub-dark like palette) and stay readable over video: every label has a dark plate.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF

from app.analytics.scene import CountingLine, Lane, SceneConfig, Zone
from app.analytics.types import Point, TrackSnapshot

CLASS_COLOURS = {
    "person": QColor("#f2cc60"),
    "two_wheeler": QColor("#39c5cf"),
    "car": QColor("#3fb950"),
    "truck": QColor("#f0883e"),
    "bus": QColor("#d2a8ff"),
    "vehicle": QColor("#56d364"),
    "other": QColor("#8b949e"),
}
LINE_COLOUR = QColor("#58a6ff")
STOP_LINE_COLOUR = QColor("#ff7b72")
ZONE_COLOURS = {"no_stopping": QColor("#f85149"), "crowd": QColor("#e3b341"),
                "intrusion": QColor("#db61a2"), "count": QColor("#58a6ff")}
LANE_COLOUR = QColor("#a371f7")
LIGHT_COLOURS = {"red": QColor("#ff3b30"), "yellow": QColor("#ffcc00"),
                 "green": QColor("#34c759"), "unknown": QColor("#8b949e")}
VIOLATION_COLOUR = QColor("#ff2d2d")
PLATE_BACKGROUND = QColor(13, 17, 23, 200)


def class_label(road_class: str) -> str:
    labels = {
        "person": QCoreApplication.translate("AnalysisOverlay", "person"),
        "two_wheeler": QCoreApplication.translate("AnalysisOverlay", "motorbike"),
        "car": QCoreApplication.translate("AnalysisOverlay", "car"),
        "truck": QCoreApplication.translate("AnalysisOverlay", "truck"),
        "bus": QCoreApplication.translate("AnalysisOverlay", "bus"),
        "vehicle": QCoreApplication.translate("AnalysisOverlay", "vehicle"),
        "other": QCoreApplication.translate("AnalysisOverlay", "other"),
    }
    return labels.get(road_class, road_class)


def hit_label(kind: str) -> str:
    labels = {
        "red_light": QCoreApplication.translate("AnalysisOverlay", "Red light"),
        "wrong_way": QCoreApplication.translate("AnalysisOverlay", "Wrong way"),
        "wrong_lane": QCoreApplication.translate("AnalysisOverlay", "Wrong lane"),
        "illegal_stop": QCoreApplication.translate("AnalysisOverlay", "Illegal stop"),
        "too_many_riders": QCoreApplication.translate("AnalysisOverlay", "Too many riders"),
        "weaving": QCoreApplication.translate("AnalysisOverlay", "Weaving"),
        "crowd": QCoreApplication.translate("AnalysisOverlay", "Crowd"),
        "intrusion": QCoreApplication.translate("AnalysisOverlay", "Intrusion"),
    }
    return labels.get(kind, kind)


def light_label(state: str) -> str:
    labels = {
        "red": QCoreApplication.translate("AnalysisOverlay", "red"),
        "yellow": QCoreApplication.translate("AnalysisOverlay", "yellow"),
        "green": QCoreApplication.translate("AnalysisOverlay", "green"),
        "unknown": QCoreApplication.translate("AnalysisOverlay", "unknown"),
    }
    return labels.get(state, state)


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    """A QImage owning a copy of the frame (safe to build on any thread, unlike QPixmap)."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    if frame.ndim == 2:
        return QImage(frame.data, width, height, frame.strides[0],
                      QImage.Format.Format_Grayscale8).copy()
    return QImage(frame.data, width, height, frame.strides[0],
                  QImage.Format.Format_BGR888).copy()


class ImageFit:
    """Where a picture of ``size`` is drawn inside ``area`` (aspect ratio kept, centred)."""

    def __init__(self, size: QSizeF, area: QRectF) -> None:
        self.size = size
        if size.isEmpty():
            self.rect = QRectF(area)
        else:
            scale = min(area.width() / size.width(), area.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            self.rect = QRectF(area.x() + (area.width() - width) / 2,
                               area.y() + (area.height() - height) / 2, width, height)

    def norm(self, p: Point) -> QPointF:
        return QPointF(self.rect.x() + p[0] * self.rect.width(),
                       self.rect.y() + p[1] * self.rect.height())

    def pixel(self, x: float, y: float) -> QPointF:
        if self.size.isEmpty():
            return QPointF(self.rect.x() + x, self.rect.y() + y)
        return QPointF(self.rect.x() + x * self.rect.width() / self.size.width(),
                       self.rect.y() + y * self.rect.height() / self.size.height())

    def to_norm(self, point: QPointF) -> Point:
        """Widget position → normalised picture coordinates, clamped to the picture."""
        if self.rect.width() <= 0 or self.rect.height() <= 0:
            return (0.0, 0.0)
        x = (point.x() - self.rect.x()) / self.rect.width()
        y = (point.y() - self.rect.y()) / self.rect.height()
        return (min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0))

    def contains(self, point: QPointF) -> bool:
        return self.rect.contains(point)


def crossing_normal(a: QPointF, b: QPointF) -> QPointF:
    """Unit vector towards the side a track reaches when it crosses a→b the "a_to_b" way.

    The rules call a crossing a_to_b when it goes from the negative to the positive side of
    side_of(); in image coordinates (y down) the positive side of p1→p2 lies along (-dy, dx).
    """
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = math.hypot(dx, dy) or 1.0
    return QPointF(-dy / length, dx / length)


def draw_arrow(painter: QPainter, start: QPointF, end: QPointF, colour: QColor,
               width: float = 2.5) -> None:
    painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(start, end)
    dx, dy = end.x() - start.x(), end.y() - start.y()
    length = math.hypot(dx, dy)
    if length < 1:
        return
    ux, uy = dx / length, dy / length
    head = min(12.0, length * 0.6)
    left = QPointF(end.x() - head * ux + head * 0.5 * uy, end.y() - head * uy - head * 0.5 * ux)
    right = QPointF(end.x() - head * ux - head * 0.5 * uy, end.y() - head * uy + head * 0.5 * ux)
    painter.setBrush(QBrush(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawPolygon(QPolygonF([end, left, right]))


def draw_label(painter: QPainter, anchor: QPointF, text: str, colour: QColor,
               background: QColor = PLATE_BACKGROUND, *, above: bool = True) -> QRectF:
    """Text on a dark plate whose bottom-left (above) or top-left corner is ``anchor``."""
    metrics = QFontMetricsF(painter.font())
    width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
    top = anchor.y() - height if above else anchor.y()
    plate = QRectF(anchor.x(), top, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(background))
    painter.drawRect(plate)
    painter.setPen(QPen(colour))
    painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, text)
    return plate


def draw_line_item(painter: QPainter, fit: ImageFit, line: CountingLine, colour: QColor,
                   *, width: float = 3.0, label: bool = True) -> None:
    a, b = fit.norm(line.p1), fit.norm(line.p2)
    if label:
        draw_label(painter, a + QPointF(4, -4), line.name, colour)
        return
    painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(a, b)
    middle = (a + b) / 2
    normal = crossing_normal(a, b)
    size = 26.0
    if line.direction in ("a_to_b", "both"):
        draw_arrow(painter, middle, middle + normal * size, colour)
    if line.direction in ("b_to_a", "both"):
        draw_arrow(painter, middle, middle - normal * size, colour)
    for end in (a, b):
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(end, 3.5, 3.5)


def _polygon(fit: ImageFit, points: Sequence[Point]) -> QPolygonF:
    return QPolygonF([fit.norm(p) for p in points])


def draw_zone(painter: QPainter, fit: ImageFit, zone: Zone, *, emphasis: bool = False,
              label: bool = False) -> None:
    colour = ZONE_COLOURS.get(zone.kind, LINE_COLOUR)
    polygon = _polygon(fit, zone.polygon)
    if label:
        draw_label(painter, polygon.boundingRect().topLeft() + QPointF(2, 2), zone.name, colour,
                   above=False)
        return
    fill = QColor(colour)
    fill.setAlpha(70 if emphasis else 45)
    painter.setPen(QPen(colour, 3 if emphasis else 2))
    painter.setBrush(QBrush(fill))
    painter.drawPolygon(polygon)


def _centroid(polygon: QPolygonF) -> QPointF:
    points = [polygon.at(i) for i in range(polygon.count())]
    return sum(points, QPointF()) / max(len(points), 1)


def draw_lane(painter: QPainter, fit: ImageFit, lane: Lane, *, emphasis: bool = False,
              label: bool = False) -> None:
    polygon = _polygon(fit, lane.polygon)
    if label:
        draw_label(painter, polygon.boundingRect().topLeft() + QPointF(2, 2), lane.name,
                   LANE_COLOUR, above=False)
        return
    fill = QColor(LANE_COLOUR)
    fill.setAlpha(60 if emphasis else 35)
    pen = QPen(LANE_COLOUR, 3 if emphasis else 2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(QBrush(fill))
    painter.drawPolygon(polygon)
    centre = _centroid(polygon)
    # The direction is an image-pixel orientation (the rules compare it with pixel motion).
    dx, dy = lane.direction
    length = math.hypot(dx, dy)
    if length > 0:
        reach = min(polygon.boundingRect().width(), polygon.boundingRect().height(), 120) * 0.4
        step = QPointF(dx / length * reach, dy / length * reach)
        draw_arrow(painter, centre - step, centre + step, LANE_COLOUR, 4)
        if not lane.one_way:
            draw_arrow(painter, centre + step, centre - step, LANE_COLOUR, 4)


def draw_scene(painter: QPainter, fit: ImageFit, scene: SceneConfig, *,
               light: str | None = None, selected: str | None = None,
               labels: bool | None = None) -> None:
    """Every scene item; ``light`` colours the signal region with the current state.

    ``labels`` False draws only the shapes, True only the names (drawn after the tracks so
    that boxes do not hide them), None both."""
    for names in ((False, True) if labels is None else (labels,)):
        for lane in scene.lanes:
            draw_lane(painter, fit, lane, emphasis=lane.name == selected, label=names)
        for zone in scene.zones:
            draw_zone(painter, fit, zone, emphasis=zone.name == selected, label=names)
        for line in scene.lines:
            draw_line_item(painter, fit, line, LINE_COLOUR,
                           width=5 if line.name == selected else 3, label=names)
        if scene.stop_line is not None:
            stop = scene.stop_line
            draw_line_item(painter, fit, stop, STOP_LINE_COLOUR,
                           width=7 if selected == stop.name else 5, label=names)
        if scene.signal is not None:
            _draw_signal(painter, fit, scene, light, label=names)


def _draw_signal(painter: QPainter, fit: ImageFit, scene: SceneConfig, light: str | None, *,
                 label: bool) -> None:
    assert scene.signal is not None
    colour = LIGHT_COLOURS.get(light or "unknown", LIGHT_COLOURS["unknown"])
    text = QCoreApplication.translate("AnalysisOverlay", "Light: {state}").format(
        state=light_label(light or "unknown"))
    if scene.signal.roi is None:
        # A signal known by its schedule only: a lamp badge in the corner.
        if label and light is not None:
            metrics = QFontMetricsF(painter.font())
            lamp = QPointF(fit.rect.left() + 8 + metrics.height() / 2,
                           fit.rect.top() + 8 + 2.2 * metrics.height())
            painter.setPen(QPen(QColor("#0d1117"), 2))
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(lamp, metrics.height() / 2, metrics.height() / 2)
            draw_label(painter, lamp + QPointF(metrics.height() / 2 + 4, metrics.height() / 2),
                       text, colour)
        return
    x0, y0, x1, y1 = scene.signal.roi
    rect = QRectF(fit.norm((x0, y0)), fit.norm((x1, y1)))
    if label:
        if light is not None:
            draw_label(painter, rect.bottomLeft() + QPointF(0, 2), text, colour, above=False)
        return
    painter.setPen(QPen(colour, 3))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)


def draw_track(painter: QPainter, fit: ImageFit, track: TrackSnapshot, *,
               violation: bool = False) -> None:
    colour = VIOLATION_COLOUR if violation else CLASS_COLOURS.get(track.road_class.value,
                                                                  CLASS_COLOURS["other"])
    x0, y0, x1, y1 = track.box
    rect = QRectF(fit.pixel(x0, y0), fit.pixel(x1, y1))
    style = Qt.PenStyle.DashLine if track.lost else Qt.PenStyle.SolidLine
    painter.setPen(QPen(colour, 4 if violation else 2, style))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    text = f"#{track.track_id}"
    wide = rect.width() >= QFontMetricsF(painter.font()).horizontalAdvance("#00 vehicle")
    if wide or violation:  # small, distant boxes get only their number
        text += f" {class_label(track.road_class.value)}"
    if track.road_class.value == "two_wheeler" and track.riders:
        text += " · " + QCoreApplication.translate("AnalysisOverlay", "riders: {n}").format(
            n=track.riders)
    draw_label(painter, rect.topLeft(), text, colour)


def overlay_font(base: QFont, height: float) -> QFont:
    """A label font that grows with the picture but stays legible in a small tile."""
    font = QFont(base)
    font.setPixelSize(int(min(max(height / 45, 9), 15)))
    font.setBold(True)
    return font
