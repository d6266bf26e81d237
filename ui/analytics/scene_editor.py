"""The scene editor: draw one camera's counting lines, zones, lanes, stop line and signal over
a still frame, check them, save them (with the version loaded), copy them to other cameras,
and export or import the JSON that ``main.py analyze --config`` reads.

Coordinates are stored normalised (0–1). Each item is checked on its own with the core's
``validate`` and its problem is shown next to it in the list; a scene with a marked item is
not saved. The still comes from the camera in the background (``still``), or from a file.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.analytics.config_store import CameraAnalytics
from app.analytics.scene import CountingLine, Lane, SceneConfig, SceneError, SignalConfig, Zone
from app.analytics.types import Point
from app.storage.errors import StorageError
from ui.analytics.overlay import bgr_to_qimage
from ui.analytics.scene_actions import SceneFileActions
from ui.analytics.scene_canvas import SceneCanvas
from ui.analytics.scene_forms import LaneForm, LineForm, SignalForm, ZoneForm, explain
from ui.analytics.scene_items import (
    ItemKey,
    item_errors,
    item_name,
    next_name,
    remove_item,
    with_vertex,
)
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)


class ScenePort(Protocol):
    """SceneStore, or AnalyticsService (which also checks rights, audits and reloads)."""

    def get(self, camera_id: int) -> CameraAnalytics | None: ...
    def save(self, camera_id: int, scene: SceneConfig, expected_version: int | None) -> int: ...
    def copy(self, source_camera_id: int, target_camera_ids: Sequence[int]) -> list[int]: ...


class CameraLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


class SceneEditor(SceneFileActions, QDialog):
    saved = Signal(int)  # camera id whose stored scene changed (this one, or a copy target)

    def __init__(self, scenes: ScenePort, camera: CameraLike, *,
                 cameras: Sequence[CameraLike] = (),
                 still: Callable[[], np.ndarray] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sceneEditor")
        self.setWindowTitle(self.tr("Scene of {camera}").format(camera=camera.name))
        self.resize(1280, 760)
        self._scenes = scenes
        self.camera = camera
        self._cameras = [c for c in cameras if c.id != camera.id]
        self.scene = SceneConfig()
        self.version: int | None = None
        self.selected: ItemKey | None = None
        self.errors: dict[ItemKey, str] = {}
        self.dirty = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scene-still")
        self._watcher = FutureWatcher(self)
        self._watcher.finished.connect(self._on_still_finished)
        self._watcher.failed.connect(self._on_still_failed)

        self.canvas = SceneCanvas()
        self.canvas.line_drawn.connect(self._on_canvas_line_drawn)
        self.canvas.polygon_drawn.connect(self._on_canvas_polygon_drawn)
        self.canvas.rect_drawn.connect(self._on_canvas_rect_drawn)
        self.canvas.direction_drawn.connect(self._on_canvas_direction_drawn)
        self.canvas.vertex_moved.connect(self._on_canvas_vertex_moved)
        self.canvas.drag_finished.connect(lambda: self._set_scene(self.scene, self.selected))
        self.canvas.item_clicked.connect(self._select)
        self.status = QLabel()
        self.status.setObjectName("sceneStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_tools())
        body = QHBoxLayout()
        body.addWidget(self.canvas, 1)
        body.addWidget(self._build_side())
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addLayout(self._build_buttons())
        self._load()
        if still is not None:
            self.canvas.set_placeholder(self.tr("Loading a picture from the camera…"))
            self._watcher.watch(self._executor.submit(still))  # type: ignore[arg-type]
        else:
            self.canvas.set_placeholder(self.tr("No picture: open an image of this view"))

    # Layout ------------------------------------------------------------------------------------
    def _build_tools(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.tools = QButtonGroup(self)
        self.tools.setExclusive(True)
        for tool, label in (("select", self.tr("Select / move")),
                            ("line", self.tr("Counting line")),
                            ("zone", self.tr("Zone")),
                            ("lane", self.tr("Lane")),
                            ("stop_line", self.tr("Stop line")),
                            ("signal", self.tr("Signal region"))):
            button = QToolButton()
            button.setObjectName(f"tool_{tool}")
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(tool == "select")
            button.clicked.connect(lambda _c=False, t=tool: self.set_tool(t))
            self.tools.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_side(self) -> QWidget:
        side = QWidget()
        side.setFixedWidth(400)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Items")))
        self.items = QListWidget()
        self.items.setObjectName("sceneItems")
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._on_items_row_changed)
        column.addWidget(self.items, 1)
        delete = QPushButton(self.tr("Delete item"))
        delete.setObjectName("deleteItem")
        delete.clicked.connect(self.delete_selected)
        column.addWidget(delete)
        self.forms = QStackedWidget()
        self.line_form, self.stop_form = LineForm(), LineForm(with_classes=False)
        self.zone_form, self.lane_form, self.signal_form = ZoneForm(), LaneForm(), SignalForm()
        self.forms.addWidget(QWidget())
        for form in (self.line_form, self.zone_form, self.lane_form, self.stop_form,
                     self.signal_form):
            form.changed.connect(self._on_form_changed)
            self.forms.addWidget(form)
        self.lane_form.draw_direction.connect(lambda: self.set_tool("direction"))
        self.signal_form.draw_region.connect(lambda: self.set_tool("signal"))
        column.addWidget(self.forms)
        riders = QHBoxLayout()
        riders.addWidget(QLabel(self.tr("Riders allowed on a motorbike")))
        self.max_riders = QSpinBox()
        self.max_riders.setObjectName("maxRiders")
        self.max_riders.setRange(1, 6)
        self.max_riders.valueChanged.connect(self._on_max_riders_changed)
        riders.addWidget(self.max_riders)
        column.addLayout(riders)
        return side

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for label, slot in ((self.tr("Open image…"), self._on_open_image_clicked),
                            (self.tr("Import JSON…"), self._on_import_clicked),
                            (self.tr("Export JSON…"), self._on_export_clicked),
                            (self.tr("Copy to cameras…"), self._on_copy_clicked)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveScene")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addWidget(close)
        return row

    # Loading -----------------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            stored = self._scenes.get(self.camera.id)
        except (SceneError, StorageError) as exc:
            self._show(self.tr("The stored scene cannot be read: {error}").format(
                error=explain(str(exc))), error=True)
            stored = None
        self.version = stored.version if stored else None
        self._set_scene(stored.scene if stored else SceneConfig(), None)
        self.dirty = False

    def _on_still_finished(self, frame: object) -> None:
        if isinstance(frame, np.ndarray) and frame.ndim in (2, 3):
            self.canvas.set_image(bgr_to_qimage(frame))
        else:
            self._on_still_failed(ValueError("no picture"))

    def _on_still_failed(self, exc: object) -> None:
        log.info("no still for the scene editor of camera %s: %s", self.camera.id, exc)
        self.canvas.set_placeholder(self.tr(
            "No picture from the camera ({error}); open an image of this view").format(
                error=exc))

    def open_image(self, path: Path) -> bool:
        image = QImage(str(path))
        if image.isNull():
            self._show(self.tr("{file} is not a picture this editor can open").format(
                file=path.name), error=True)
            return False
        self.canvas.set_image(image)
        return True

    # Editing -----------------------------------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        self.canvas.set_tool(tool)
        for button in self.tools.buttons():
            button.setChecked(button.objectName() == f"tool_{tool}")
        self.canvas.setFocus()

    def _set_scene(self, scene: SceneConfig, selected: ItemKey | None) -> None:
        self.scene = scene
        self.selected = selected
        self.errors = item_errors(scene)
        self.dirty = True
        self._refresh_items()
        self._load_form()
        self.canvas.set_scene(scene, item_name(scene, selected) if selected else None)
        self.max_riders.blockSignals(True)
        self.max_riders.setValue(scene.max_riders)
        self.max_riders.blockSignals(False)
        marked = [k for k in self.errors]
        if marked:
            first = marked[0]
            self._show(f"{item_name(scene, first)}: {self.errors[first]}", error=True)

    def _refresh_items(self) -> None:
        self.items.blockSignals(True)
        self.items.clear()
        labels = {"line": self.tr("counting line"), "zone": self.tr("zone"),
                  "lane": self.tr("lane"), "stop": self.tr("stop line"),
                  "signal": self.tr("signal")}
        for key in self._keys():
            text = f"{item_name(self.scene, key)} — {labels[key[0]]}"
            error = self.errors.get(key)
            if error:
                text += "\n⚠ " + error
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if error:
                item.setForeground(QColor("#ff7b72"))
            self.items.addItem(item)
            if key == self.selected:
                self.items.setCurrentItem(item)
        self.items.blockSignals(False)

    def _keys(self) -> list[ItemKey]:
        keys: list[ItemKey] = [("line", i) for i in range(len(self.scene.lines))]
        keys += [("zone", i) for i in range(len(self.scene.zones))]
        keys += [("lane", i) for i in range(len(self.scene.lanes))]
        keys += [("stop", 0)] if self.scene.stop_line is not None else []
        keys += [("signal", 0)] if self.scene.signal is not None else []
        return keys

    def _select(self, key: object) -> None:
        self.selected = key if isinstance(key, tuple) else None
        self._refresh_items()
        self._load_form()
        self.canvas.set_scene(self.scene, item_name(self.scene, self.selected)
                              if self.selected else None)

    def _on_items_row_changed(self, row: int) -> None:
        item = self.items.item(row)
        self._select(item.data(Qt.ItemDataRole.UserRole) if item is not None else None)

    def _load_form(self) -> None:
        key = self.selected
        page: QWidget | None = self.forms.widget(0)
        if key is not None:
            kind, i = key
            if kind == "line":
                self.line_form.load(self.scene.lines[i])
                page = self.line_form
            elif kind == "zone":
                self.zone_form.load(self.scene.zones[i])
                page = self.zone_form
            elif kind == "lane":
                self.lane_form.load(self.scene.lanes[i])
                page = self.lane_form
            elif kind == "stop" and self.scene.stop_line is not None:
                self.stop_form.load(self.scene.stop_line)
                page = self.stop_form
            elif kind == "signal" and self.scene.signal is not None:
                self.signal_form.load(self.scene.signal)
                page = self.signal_form
        if page is not None:
            self.forms.setCurrentWidget(page)

    def _on_form_changed(self) -> None:
        key, scene = self.selected, self.scene
        if key is None:
            return
        kind, i = key
        if kind == "line":
            lines = list(scene.lines)
            lines[i] = self.line_form.apply(lines[i])
            scene = replace(scene, lines=tuple(lines))
        elif kind == "zone":
            zones = list(scene.zones)
            zones[i] = self.zone_form.apply(zones[i])
            scene = replace(scene, zones=tuple(zones))
        elif kind == "lane":
            lanes = list(scene.lanes)
            lanes[i] = self.lane_form.apply(lanes[i])
            scene = replace(scene, lanes=tuple(lanes))
        elif kind == "stop" and scene.stop_line is not None:
            scene = replace(scene, stop_line=self.stop_form.apply(scene.stop_line))
        elif kind == "signal" and scene.signal is not None:
            scene = replace(scene, signal=self.signal_form.apply(scene.signal))
        if scene != self.scene:
            self._set_scene(scene, key)

    def _on_max_riders_changed(self, value: int) -> None:
        self._set_scene(replace(self.scene, max_riders=value), self.selected)

    def _on_canvas_line_drawn(self, tool: str, p1: Point, p2: Point) -> None:
        if tool == "stop_line":
            name = self.tr("Stop line")
            self._set_scene(replace(self.scene, stop_line=CountingLine(name, p1, p2)),
                            ("stop", 0))
            return
        line = CountingLine(next_name(self.scene, self.tr("Line {n}")), p1, p2)
        self._set_scene(replace(self.scene, lines=(*self.scene.lines, line)),
                        ("line", len(self.scene.lines)))

    def _on_canvas_polygon_drawn(self, tool: str, points: list[Point]) -> None:
        if tool == "zone":
            zone = Zone(next_name(self.scene, self.tr("Zone {n}")), tuple(points))
            self._set_scene(replace(self.scene, zones=(*self.scene.zones, zone)),
                            ("zone", len(self.scene.zones)))
            return
        lane = Lane(next_name(self.scene, self.tr("Lane {n}")), tuple(points), (0.0, 0.0))
        self._set_scene(replace(self.scene, lanes=(*self.scene.lanes, lane)),
                        ("lane", len(self.scene.lanes)))
        self.set_tool("direction")  # a lane is not usable until its direction is given
        self._show(self.tr("Now drag along the lane in the direction traffic may go."))

    def _on_canvas_rect_drawn(self, roi: tuple[float, float, float, float]) -> None:
        signal = replace(self.scene.signal or SignalConfig(), roi=roi)
        self._set_scene(replace(self.scene, signal=signal), ("signal", 0))
        self.set_tool("select")

    def _on_canvas_direction_drawn(self, vector: Point) -> None:
        key = self.selected
        if key is None or key[0] != "lane":
            self._show(self.tr("Select a lane first, then draw its direction."), error=True)
            return
        lanes = list(self.scene.lanes)
        lanes[key[1]] = replace(lanes[key[1]], direction=(round(vector[0], 4),
                                                          round(vector[1], 4)))
        self._set_scene(replace(self.scene, lanes=tuple(lanes)), key)
        self.set_tool("select")

    def _on_canvas_vertex_moved(self, key: ItemKey, index: int, point: Point) -> None:
        self.scene = with_vertex(self.scene, key, index, point)
        self.selected = key
        self.dirty = True
        self.canvas.set_scene(self.scene, item_name(self.scene, key))

    def delete_selected(self) -> None:
        if self.selected is not None:
            self._set_scene(remove_item(self.scene, self.selected), None)

    # Closing -----------------------------------------------------------------------------------
    def _show(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet("color: #ff7b72;" if error else "")

    def reject(self) -> None:
        if self.dirty:
            answer = QMessageBox.question(
                self, self.windowTitle(), self.tr("Close without saving the changes?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._shutdown()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._shutdown()
        super().closeEvent(event)

    def _shutdown(self) -> None:
        # A grab still running ends by its own timeout; its result is then ignored.
        self._executor.shutdown(wait=False, cancel_futures=True)
