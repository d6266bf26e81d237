"""Offline camera map: markers coloured by health over an imported image (calibrated with
reference points, or with cameras dragged into place) or over a plain lat/lon grid.

Nothing is downloaded. The image reference, reference points and hand-placed positions live
in the map layout JSON (app.cameras.map_calibration.MapLayoutStore, under the config folder).
Cameras and their health are reloaded in the background on a timer while the map is visible.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGraphicsScene,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.cameras.health import HealthService
from app.cameras.map_calibration import (
    GRID_MODE,
    IMAGE_MODE,
    CalibrationError,
    MapLayout,
    MapLayoutStore,
    ReferencePoint,
    calibrate,
)
from app.hashing import sha256_file
from app.storage.dto import CameraDTO
from ui.dashboards.background import BackgroundRunner
from ui.dashboards.health_states import CHART_BACKGROUND
from ui.map.map_grid import draw_coordinate_grid
from ui.map.map_items import CameraMarker, ReferenceMark
from ui.map.map_widgets import MapGraphicsView, UnplacedCameraList

log = logging.getLogger(__name__)
REFRESH_INTERVAL_MS = 30_000


@dataclass(frozen=True)
class MapCamera:
    id: int
    name: str
    latitude: float | None
    longitude: float | None
    state: str


def camera_map_loader(list_cameras: Callable[[], Sequence[CameraDTO]],
                      health: HealthService) -> Callable[[], list[MapCamera]]:
    """What the map loads on its worker: cameras with coordinates and current health."""
    def load() -> list[MapCamera]:
        states = {h.camera_id: h.state for h in health.current()}
        return [MapCamera(c.id, c.name, c.latitude, c.longitude,
                          states.get(c.id, "never_connected")) for c in list_cameras()]
    return load


def _load_image(path: Path) -> tuple[QImage, str]:
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise ValueError(reader.errorString())
    return image, sha256_file(path)


class CameraMapView(QWidget):
    camera_activated = Signal(int)

    def __init__(self, store: MapLayoutStore, load_cameras: Callable[[], Sequence[MapCamera]],
                 *, runner: BackgroundRunner | None = None,
                 ask_reference: Callable[[QWidget, QPointF], tuple[float, float] | None]
                 | None = None, refresh_interval_ms: int = REFRESH_INTERVAL_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraMap")
        self._store = store
        self._load_cameras = load_cameras
        self._runner = runner or BackgroundRunner(parent=self, name="camera-map")
        self._ask_reference = ask_reference or self._ask_reference_dialog
        self.layout_data: MapLayout = store.load()
        self.cameras: dict[int, MapCamera] = {}
        self.markers: dict[int, CameraMarker] = {}
        self.notice = store.problem
        self._loading = False
        self._pixmap: QPixmap | None = None

        self.scene = QGraphicsScene(self)
        self.view = MapGraphicsView(self.scene)
        self.view.setBackgroundBrush(QColor(CHART_BACKGROUND))
        self.view.cameras_dropped.connect(self._on_view_cameras_dropped)
        self.view.background_clicked.connect(self._on_view_background_clicked)
        self.mode_combo = QComboBox()
        self.mode_combo.currentIndexChanged.connect(self._on_mode_combo_changed)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.reference_button = QPushButton()
        self.reference_button.setCheckable(True)
        self.clear_reference_button = QPushButton()
        self.clear_reference_button.clicked.connect(self.clear_reference_points)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.unplaced = UnplacedCameraList()
        self.unplaced_caption = QLabel()
        self.selected_camera: int | None = None

        tools = QHBoxLayout()
        for widget in (self.mode_combo, self.import_button, self.reference_button,
                       self.clear_reference_button, self.remove_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(self.unplaced_caption)
        side_column.addWidget(self.unplaced, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)

        self.timer = QTimer(self)
        self.timer.setInterval(refresh_interval_ms)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        if self.layout_data.image_path:
            self._open_image(Path(self.layout_data.image_path), keep_layout=True)

    # ------------------------------------------------------------------------ translation
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Camera map"))
        self.mode_combo.blockSignals(True)
        self.mode_combo.clear()
        self.mode_combo.addItem(self.tr("Coordinates grid"), GRID_MODE)
        self.mode_combo.addItem(self.tr("Map image"), IMAGE_MODE)
        self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(self.layout_data.mode), 0))
        self.mode_combo.blockSignals(False)
        self.import_button.setText(self.tr("Import map image…"))
        self.reference_button.setText(self.tr("Add reference point"))
        self.reference_button.setToolTip(self.tr(
            "Click a place on the image whose latitude and longitude you know"))
        self.clear_reference_button.setText(self.tr("Clear reference points"))
        self.remove_button.setText(self.tr("Remove from image"))
        self.unplaced_caption.setText(self.tr("Not on the map (drag onto the image):"))
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    # -------------------------------------------------------------------------- loading
    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._runner.run(self._load_cameras, on_done=self._on_cameras_loaded,
                         on_failed=self._on_cameras_failed)

    def _on_cameras_loaded(self, cameras: object) -> None:
        self._loading = False
        loaded = {c.id: c for c in cameras}  # type: ignore[attr-defined]
        same_places = {k: (c.latitude, c.longitude, c.name) for k, c in loaded.items()} == \
            {k: (c.latitude, c.longitude, c.name) for k, c in self.cameras.items()}
        self.cameras = loaded
        if same_places and self.markers:
            for camera_id, marker in self.markers.items():  # only the colours changed
                marker.set_state(loaded[camera_id].state)
        else:
            self._rebuild()

    def _on_cameras_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.notice = self.tr("Cannot load the cameras: {error}").format(error=str(exc))
        self._update_status()

    # -------------------------------------------------------------------------- drawing
    @property
    def mode(self) -> str:
        return self.layout_data.mode

    def _rebuild(self) -> None:
        self.scene.clear()
        self.markers.clear()
        self.unplaced.clear()
        if self.mode == IMAGE_MODE:
            self._draw_image_map()
        else:
            self._draw_grid_map()
        self._update_status()
        rect = self.scene.itemsBoundingRect()
        if not rect.isEmpty():
            self.scene.setSceneRect(rect.adjusted(-60, -60, 60, 60))
            self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _add_marker(self, camera: MapCamera, x: float, y: float, movable: bool) -> None:
        marker = CameraMarker(camera.id, camera.name, camera.state,
                              on_clicked=self._on_marker_clicked, on_moved=self._on_marker_moved)
        marker.setPos(x, y)
        marker.set_movable(movable)
        marker.setSelected(camera.id == self.selected_camera)
        self.scene.addItem(marker)
        self.markers[camera.id] = marker

    def _add_unplaced(self, camera: MapCamera) -> None:
        item = QListWidgetItem(camera.name)
        item.setData(Qt.ItemDataRole.UserRole, camera.id)
        self.unplaced.addItem(item)

    def _draw_image_map(self) -> None:
        if self._pixmap is None:
            hint = self.scene.addSimpleText(self.tr("Import a map image (floor plan or scanned "
                                                    "map) to place the cameras on it."))
            hint.setBrush(QColor("#8b949e"))
            for camera in self.cameras.values():
                self._add_unplaced(camera)
            return
        self.scene.addPixmap(self._pixmap).setZValue(0)
        for index, point in enumerate(self.layout_data.reference_points, start=1):
            mark = ReferenceMark(index, f"{point.lat:.6f}, {point.lon:.6f}")
            mark.setPos(point.x, point.y)
            self.scene.addItem(mark)
        for camera in sorted(self.cameras.values(), key=lambda c: c.name):
            place = self.layout_data.image_position(camera.id, camera.latitude, camera.longitude)
            if place is None:
                self._add_unplaced(camera)
            else:
                self._add_marker(camera, place[0], place[1], movable=True)

    def _draw_grid_map(self) -> None:
        located = [c for c in self.cameras.values()
                   if c.latitude is not None and c.longitude is not None]
        for camera in self.cameras.values():
            if camera not in located:
                self._add_unplaced(camera)
        if not located:
            hint = self.scene.addSimpleText(self.tr("No camera has coordinates yet."))
            hint.setBrush(QColor("#8b949e"))
            return
        places = draw_coordinate_grid(
            self.scene, [(c.latitude, c.longitude) for c in located])  # type: ignore[misc]
        for camera, (x, y) in zip(located, places, strict=True):
            self._add_marker(camera, x, y, movable=False)

    def _update_status(self) -> None:
        parts = [self.notice] if self.notice else []
        if self.mode == IMAGE_MODE:
            count = len(self.layout_data.reference_points)
            calibration = self.layout_data.calibration
            if calibration is not None:
                parts.append(self.tr("Calibrated from {count} reference points; largest error "
                                     "{error} m.").format(count=count,
                                                          error=f"{calibration.max_error_m:.1f}"))
            elif count:
                parts.append(self.tr("{count} reference point(s); at least two are needed to "
                                     "place cameras by their coordinates.").format(count=count))
            else:
                parts.append(self.tr("Not calibrated: drag cameras onto the image, or add two "
                                     "or more reference points."))
        self.status_label.setText(" ".join(parts))
        image = self.mode == IMAGE_MODE
        for widget in (self.import_button, self.reference_button, self.clear_reference_button,
                       self.remove_button):
            widget.setEnabled(image)

    # ---------------------------------------------------------------------- interaction
    def _on_marker_clicked(self, camera_id: int) -> None:
        self.selected_camera = camera_id
        self.camera_activated.emit(camera_id)

    def _on_marker_moved(self, camera_id: int, position: QPointF) -> None:
        if self.mode == IMAGE_MODE:
            self.place_camera(camera_id, position)

    def place_camera(self, camera_id: int, position: QPointF) -> None:
        """Pin a camera to this point of the image (stored at once)."""
        self._save(self.layout_data.with_position(camera_id, position.x(), position.y()))
        camera = self.cameras.get(camera_id)
        if camera is None:
            return
        marker = self.markers.get(camera_id)
        if marker is None:
            self._add_marker(camera, position.x(), position.y(), movable=True)
            for row in range(self.unplaced.count()):
                if self.unplaced.item(row).data(Qt.ItemDataRole.UserRole) == camera_id:
                    self.unplaced.takeItem(row)
                    break
        else:
            marker.setPos(position)

    def _on_view_cameras_dropped(self, camera_ids: list[int], position: QPointF) -> None:
        if self.mode != IMAGE_MODE or self._pixmap is None:
            return
        for offset, camera_id in enumerate(camera_ids):
            self.place_camera(camera_id, position + QPointF(0, 24 * offset))

    def _on_remove_button_clicked(self) -> None:
        if self.selected_camera is not None and self.mode == IMAGE_MODE:
            self._save(self.layout_data.without_position(self.selected_camera))
            self._rebuild()

    def _on_mode_combo_changed(self, _index: int) -> None:
        self._save(replace(self.layout_data, mode=str(self.mode_combo.currentData())))
        self._rebuild()

    def _on_view_background_clicked(self, position: QPointF) -> None:
        if not self.reference_button.isChecked() or self._pixmap is None:
            return
        if not QRectF(self._pixmap.rect()).contains(position):
            return  # a reference point must be a place on the image
        self.reference_button.setChecked(False)
        answer = self._ask_reference(self, position)
        if answer is not None:
            self.add_reference_point(position.x(), position.y(), *answer)

    def _ask_reference_dialog(self, parent: QWidget, position: QPointF
                              ) -> tuple[float, float] | None:
        text, ok = QInputDialog.getText(
            parent, self.tr("Reference point"),
            self.tr("Latitude, longitude of this place (e.g. 21.02851, 105.85217):"))
        if not ok:
            return None
        try:
            lat_text, lon_text = text.replace(";", ",").split(",")
            return float(lat_text), float(lon_text)
        except ValueError:
            QMessageBox.warning(parent, self.tr("Reference point"), self.tr(
                "Write the latitude and the longitude as two decimal numbers separated by a "
                "comma."))
            return None

    def add_reference_point(self, x: float, y: float, lat: float, lon: float) -> bool:
        try:
            point = ReferencePoint(x, y, lat, lon)
            points = (*self.layout_data.reference_points, point)
            if len(points) >= 2:
                calibrate(points)
        except CalibrationError as exc:
            QMessageBox.warning(self, self.tr("Reference point"), str(exc))
            return False
        self._save(replace(self.layout_data, reference_points=points))
        self._rebuild()
        return True

    def clear_reference_points(self) -> None:
        self._save(replace(self.layout_data, reference_points=()))
        self._rebuild()

    # --------------------------------------------------------------------------- image
    def _on_import_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import map image"), "",
            self.tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"))
        if path:
            self.import_image(Path(path))

    def import_image(self, path: Path) -> None:
        """Use a new map image; hand-placed positions and reference points of a different
        image are dropped (they would point at the wrong places)."""
        self._open_image(path, keep_layout=False)

    def _open_image(self, path: Path, keep_layout: bool) -> None:
        def opened(result: object) -> None:
            image, digest = cast(tuple[QImage, str], result)
            self._pixmap = QPixmap.fromImage(image)
            layout = self.layout_data
            if not keep_layout and digest != layout.image_sha256:
                layout = MapLayout(mode=IMAGE_MODE)
            elif keep_layout and layout.image_sha256 and digest != layout.image_sha256:
                self.notice = self.tr("The map image {path} has changed since the cameras were "
                                      "placed; check their positions.").format(path=str(path))
            self._save(replace(layout, mode=IMAGE_MODE, image_path=str(path),
                               image_sha256=digest))
            self.mode_combo.blockSignals(True)
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(IMAGE_MODE))
            self.mode_combo.blockSignals(False)
            self._rebuild()

        def failed(exc: BaseException) -> None:
            self.notice = self.tr("The map image {path} cannot be opened ({error}).").format(
                path=str(path), error=str(exc) or type(exc).__name__)
            log.warning("map image %s: %s", path, exc)
            self._update_status()

        self._runner.run(_load_image, path, on_done=opened, on_failed=failed)

    def _save(self, layout: MapLayout) -> None:
        self.layout_data = layout
        try:
            self._store.save(layout)
        except OSError as exc:
            self.notice = self.tr("The map layout cannot be saved: {error}").format(
                error=exc.strerror or str(exc))
            self._update_status()

    def shutdown(self) -> None:
        self.timer.stop()
        self._runner.shutdown()


__all__ = ["CameraMapView", "MapCamera", "camera_map_loader"]
