"""The map's graphics view (wheel zoom, camera drops, clicks on the map) and the list of
cameras not yet placed on the image (drag source)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QPointF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QListWidget, QListWidgetItem, QWidget

from ui.cameras.camera_mime import CAMERA_IDS_MIME, decode_camera_ids, encode_camera_ids
from ui.map.map_items import CameraMarker


class MapGraphicsView(QGraphicsView):
    """Zooms with the wheel, accepts dropped cameras, reports clicks on empty map."""

    cameras_dropped = Signal(list, QPointF)
    background_clicked = Signal(QPointF)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setAcceptDrops(True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if not isinstance(self.itemAt(point), CameraMarker):
            self.background_clicked.emit(self.mapToScene(point))
        super().mousePressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_IDS_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = decode_camera_ids(event.mimeData())
        if ids:
            self.cameras_dropped.emit(ids, self.mapToScene(event.position().toPoint()))
            event.acceptProposedAction()


class UnplacedCameraList(QListWidget):
    """Cameras not yet on the image; drag them onto the map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        return encode_camera_ids(int(i.data(Qt.ItemDataRole.UserRole)) for i in items)
