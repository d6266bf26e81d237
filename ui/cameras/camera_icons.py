"""Icons for the camera tree: purpose (traffic/security) with a PTZ badge, and site kinds."""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

from ui.widgets.resources import icon

_ICON_SIZES = (16, 20, 24, 32)
_SITE_ICONS = {
    "province": "site-province",
    "city": "site-province",
    "district": "site-commune",
    "commune": "site-commune",
    "ward": "site-commune",
    "town": "site-commune",
}


def camera_icon(purpose: str, ptz: bool) -> QIcon:
    base = "camera-traffic" if purpose.lower() == "traffic" else "camera-security"
    return _camera_icon(base, ptz)


@cache
def _camera_icon(base_name: str, ptz: bool) -> QIcon:
    base = icon(base_name)
    if not ptz:
        return base
    # The PTZ marker is painted into the icon (bottom-right) so that it shows in every view
    # without an extra column.
    badge = icon("ptz-badge")
    result = QIcon()
    for size in _ICON_SIZES:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        base.paint(painter, QRect(0, 0, size, size))
        badge_size = max(8, size * 5 // 8)
        badge.paint(painter, QRect(size - badge_size, size - badge_size, badge_size, badge_size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def site_icon(kind: str) -> QIcon:
    return icon(_SITE_ICONS.get(kind.lower(), "site-location"))
