"""The coordinates grid behind cameras that have latitude/longitude but no map image: local
metres (east right, north up) with labelled lines every 50 m … 50 km, nothing downloaded."""
from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from app.cameras.map_calibration import from_local_metres, local_metres

GRID_COLOUR = QColor("#30363d")
LABEL_COLOUR = QColor("#8b949e")
STEPS_M = (50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 1e9)


def draw_coordinate_grid(scene: QGraphicsScene, points: Sequence[tuple[float, float]]
                         ) -> list[tuple[float, float]]:
    """Draw the grid around (lat, lon) points; their scene positions, in the same order."""
    lat0 = sum(p[0] for p in points) / len(points)
    lon0 = sum(p[1] for p in points) / len(points)
    places = []
    for lat, lon in points:
        east, north = local_metres(lat, lon, lat0, lon0)
        places.append((east, -north))  # scene y grows downwards: north is up
    xs = [p[0] for p in places]
    ys = [p[1] for p in places]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 200.0)
    step = next(s for s in STEPS_M if span / s <= 8)
    left = math.floor((min(xs) - step / 2) / step) * step
    right = math.ceil((max(xs) + step / 2) / step) * step
    top = math.floor((min(ys) - step / 2) / step) * step
    bottom = math.ceil((max(ys) + step / 2) / step) * step
    pen = QPen(GRID_COLOUR)
    pen.setCosmetic(True)  # one pixel wide whatever the zoom

    def label(text: str, x: float, y: float) -> None:
        item = scene.addSimpleText(text)
        item.setBrush(LABEL_COLOUR)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        item.setPos(x, y)

    x = left
    while x <= right:
        scene.addLine(x, top, x, bottom, pen)
        label(f"{from_local_metres(x, 0, lat0, lon0)[1]:.4f}°E", x, bottom)
        x += step
    y = top
    while y < bottom:  # the bottom line's label would sit on the longitude labels
        scene.addLine(left, y, right, y, pen)
        label(f"{from_local_metres(0, -y, lat0, lon0)[0]:.4f}°N", left, y)
        y += step
    scene.addLine(left, bottom, right, bottom, pen)
    return places
