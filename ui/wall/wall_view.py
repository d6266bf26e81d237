"""The video wall: any `WallLayout` of `VideoTile`s fed through the stream hub.

Tiles are reused across layout changes: a tile that already shows a camera the new layout
wants keeps its player (it only moves), so switching layouts does not re-open streams.
Tiles no longer needed are released one per event-loop turn, because stopping a libvlc player
can take a moment and a wall of 25 should not freeze the window while they stop.

Stream choice: a tile plays the camera's sub-stream unless it is taller (or wider) than the
configured thresholds, and a maximised tile always plays the main stream (as Nx and
Milestone do). Clocks, fps and states repaint on a 1 Hz timer rather than on every event.
"""
from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QContextMenuEvent, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from app.config.settings import Settings
from app.video.engine import VlcEngine
from app.video.hub import HubError, StreamHub, StreamState
from app.video.urls import with_credentials
from app.wall.layouts import WallLayout, plan_tile_reuse
from app.wall.streams import StreamKind, cell_pixels, pick_stream, stream_uri, wanted_kind
from ui.bridge import StreamStateBridge
from ui.wall.tile import VideoTile
from ui.wall.wall_keys import WallKeyboard

log = logging.getLogger(__name__)

MAX_GRID = 5
SPACING = 2
_KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_-]")
_DEFAULTS = Settings()

# camera id -> (camera DTO, (user, password) or None); None when the camera is unknown.
CameraSource = Callable[[int], "tuple[Any, tuple[str, str] | None] | None"]


@dataclass(frozen=True)
class _Shown:
    camera: Any  # CameraDTO-like: id, name, sub_profile, main_profile
    credentials: tuple[str, str] | None
    kind: StreamKind | None  # the profile being played; None when nothing could be played


class WallView(QWidget):
    selection_changed = Signal(int)
    layout_changed = Signal(object)  # WallLayout with the cameras now shown
    maximized_changed = Signal(object)  # int | None
    tile_menu_requested = Signal(int, QPoint)  # tile index, global position (right-click)

    def __init__(
        self, engine: VlcEngine, hub: StreamHub, parent: QWidget | None = None, grid: int = 2,
        *, layout: WallLayout | None = None, camera_source: CameraSource | None = None,
        main_stream_min_tile_height: int = _DEFAULTS.main_stream_min_tile_height,
        main_stream_min_tile_width: int = _DEFAULTS.substream_max_tile_width,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._hub = hub
        self._camera_source = camera_source
        self._main_min_height = main_stream_min_tile_height
        self._main_min_width = main_stream_min_tile_width
        self._token = uuid.uuid4().hex  # tells this wall's tile drags from another wall's
        self._tiles: list[VideoTile] = []
        self._shown: dict[int, _Shown] = {}
        self._layout = WallLayout.grid(1)
        self._maximized: int | None = None
        self._selected = 0
        self._closed = False
        self._retired: list[VideoTile] = []
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#101214"))
        self.setPalette(palette)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)
        self._keys = WallKeyboard(self)
        self._bridge = StreamStateBridge(hub, self)
        self._bridge.state_changed.connect(self._on_hub_state)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_tick)
        self._timer.start()
        self._retire_timer = QTimer(self)
        self._retire_timer.setInterval(0)
        self._retire_timer.timeout.connect(self._on_retire_timer_tick)
        # Resizing (entering full screen, dragging a splitter) settles before streams switch.
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(400)
        self._resize_timer.timeout.connect(self.update_stream_choice)
        self.set_layout(layout if layout is not None else WallLayout.grid(grid))

    # ----- reading ---------------------------------------------------------------------------
    @property
    def tiles(self) -> tuple[VideoTile, ...]:
        return tuple(self._tiles)

    @property
    def grid_size(self) -> int:
        """n for a uniform n×n grid, 0 for any other layout."""
        layout = self._layout
        uniform = layout.same_geometry(WallLayout.grid(layout.columns, layout.rows))
        return layout.columns if uniform and layout.columns == layout.rows else 0

    @property
    def selected_index(self) -> int:
        return self._selected

    @property
    def maximized_index(self) -> int | None:
        return self._maximized

    @property
    def wall_layout(self) -> WallLayout:
        """The layout with the cameras it shows now."""
        return self._layout.with_cameras([tile.camera_id for tile in self._tiles])

    def camera_at(self, index: int) -> Any | None:
        shown = self._shown.get(index)
        return None if shown is None else shown.camera

    def tile_at(self, index: int) -> VideoTile | None:
        return self._tiles[index] if 0 <= index < len(self._tiles) else None

    def stream_kind_at(self, index: int) -> StreamKind | None:
        shown = self._shown.get(index)
        return None if shown is None else shown.kind

    # ----- configuration ---------------------------------------------------------------------
    def set_camera_source(self, source: CameraSource | None) -> None:
        """How camera ids (drops, saved layouts) become cameras and credentials."""
        self._camera_source = source

    def set_stream_thresholds(self, min_height: int, min_width: int) -> None:
        self._main_min_height, self._main_min_width = min_height, min_width
        self.update_stream_choice()

    # ----- layouts ---------------------------------------------------------------------------
    def set_grid(self, n: int) -> None:
        """Show n×n tiles (1..5), keeping the cameras in tile order."""
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_GRID:
            raise ValueError(QCoreApplication.translate("WallView", "The grid must be 1×1 to 5×5."))
        if self.grid_size != n:
            self.set_layout(WallLayout.grid(n), keep_cameras=True)

    def set_layout(self, layout: WallLayout, keep_cameras: bool = False) -> None:
        """Show `layout`. Its camera ids are shown (through the camera source), or, with
        `keep_cameras`, the cameras shown now move into the new cells in tile order."""
        layout = layout.validated()
        if keep_cameras:
            layout = layout.with_cameras(self.wall_layout.camera_ids())
        if self._maximized is not None:
            self._set_maximized(None, emit=False)
        wanted = layout.camera_ids()
        old_tiles, old_shown = self._tiles, self._shown
        placed, retired = plan_tile_reuse([tile.camera_id for tile in old_tiles], wanted)
        for tile in old_tiles:
            self._grid.removeWidget(tile)
        self._tiles, self._shown = [], {}
        for new_index, old_index in enumerate(placed):
            tile = old_tiles[old_index] if old_index is not None else self._new_tile()
            keeps_camera = (old_index is not None and wanted[new_index] is not None
                            and tile.camera_id == wanted[new_index])
            tile.index = new_index
            self._tiles.append(tile)
            if keeps_camera and old_index in old_shown:
                self._shown[new_index] = old_shown[old_index]
            elif wanted[new_index] is None and tile.camera_id is not None:
                tile.clear()
                tile.camera_id = None
        for index in retired:
            self._retire(old_tiles[index])
        self._layout = layout
        self._place_tiles()
        for index, camera_id in enumerate(wanted):
            if camera_id is not None and index not in self._shown:
                self._show_camera_id(index, camera_id)
        self.update_stream_choice()
        self.select_tile(min(self._selected, len(self._tiles) - 1))
        self.layout_changed.emit(self.wall_layout)

    def swap_tiles(self, first: int, second: int) -> None:
        """Exchange two tiles' cameras; both keep playing (the tiles themselves move)."""
        count = len(self._tiles)
        if not (0 <= first < count and 0 <= second < count) or first == second:
            return
        tiles = self._tiles
        tiles[first], tiles[second] = tiles[second], tiles[first]
        tiles[first].index, tiles[second].index = first, second
        a, b = self._shown.pop(first, None), self._shown.pop(second, None)
        if a is not None:
            self._shown[second] = a
        if b is not None:
            self._shown[first] = b
        self._layout = self._layout.swapped(first, second)
        if self._maximized is None:
            self._place_tiles()
        self.update_stream_choice()
        self.select_tile(first)
        self.layout_changed.emit(self.wall_layout)

    def drop_cameras(self, index: int, camera_ids: list[int]) -> None:
        """Cameras dropped on a tile fill it and the tiles after it; extras are left out."""
        if not 0 <= index < len(self._tiles):
            return
        targets = range(index, len(self._tiles))
        if len(camera_ids) > len(targets):
            log.info("%d dropped cameras do not fit; %d shown", len(camera_ids), len(targets))
        for tile_index, camera_id in zip(targets, camera_ids, strict=False):
            self._show_camera_id(tile_index, camera_id)
        self.select_tile(index)
        self.layout_changed.emit(self.wall_layout)

    # ----- maximise --------------------------------------------------------------------------
    def maximize(self, index: int) -> None:
        if 0 <= index < len(self._tiles) and self._maximized != index:
            self._set_maximized(index)

    def restore(self) -> None:
        if self._maximized is not None:
            self._set_maximized(None)

    def toggle_maximized(self, index: int) -> None:
        if self._maximized is None:
            self.maximize(index)
        else:
            self.restore()

    # ----- cameras ---------------------------------------------------------------------------
    def select_tile(self, index: int) -> None:
        if not 0 <= index < len(self._tiles):
            return
        self._selected = index
        for tile in self._tiles:
            tile.set_selected(tile.index == index)
        self.selection_changed.emit(index)

    def show_camera(
        self,
        camera: Any,
        tile_index: int | None = None,
        credentials: tuple[str, str] | None = None,
    ) -> int:
        """Play `camera` in a tile (the first free one when no index is given); returns it.

        `credentials` (user, password) go into the source URL in memory only.
        """
        index = self._choose_tile(tile_index)
        self._play(index, camera, credentials, self._wanted_kind(index))
        self.layout_changed.emit(self.wall_layout)
        return index

    def clear(self) -> None:
        self.restore()
        self._shown.clear()
        for tile in self._tiles:
            tile.clear()
            tile.camera_id = None
        self.layout_changed.emit(self.wall_layout)

    def shutdown(self) -> None:
        """Stop the timers, stop listening to the hub and release every player."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._resize_timer.stop()
        self._retire_timer.stop()
        self._bridge.detach()
        for tile in [*self._tiles, *self._retired]:
            tile.shutdown()
        self._retired.clear()

    def update_stream_choice(self) -> None:
        """Switch tiles whose size now calls for the other stream (after resizes, layouts)."""
        for index, shown in list(self._shown.items()):
            kind = self._wanted_kind(index)
            if shown.kind is not None and kind != shown.kind and stream_uri(shown.camera, kind):
                self._play(index, shown.camera, shown.credentials, kind)

    # ----- internals -------------------------------------------------------------------------
    def _new_tile(self) -> VideoTile:
        tile = VideoTile(self._engine, len(self._tiles), self, wall_token=self._token)
        tile.clicked.connect(self._on_tile_clicked)
        tile.double_clicked.connect(self.toggle_maximized)
        tile.menu_requested.connect(self.tile_menu_requested)
        tile.cameras_dropped.connect(self.drop_cameras)
        tile.tile_dropped.connect(self._on_tile_tile_dropped)
        return tile

    def _retire(self, tile: VideoTile) -> None:
        tile.hide()
        self._retired.append(tile)
        if not self._closed:
            self._retire_timer.start()

    def _place_tiles(self) -> None:
        grid, layout = self._grid, self._layout
        for tile in self._tiles:
            grid.removeWidget(tile)
        for index, (tile, cell) in enumerate(zip(self._tiles, layout.cells, strict=True)):
            grid.addWidget(tile, cell.row, cell.col, cell.rowspan, cell.colspan)
            tile.setVisible(self._maximized is None or self._maximized == index)
        for number in range(max(grid.rowCount(), grid.columnCount(), layout.rows, layout.columns)):
            grid.setRowStretch(number, 1 if number < layout.rows else 0)
            grid.setColumnStretch(number, 1 if number < layout.columns else 0)
        if self._maximized is not None:
            tile = self._tiles[self._maximized]
            grid.removeWidget(tile)
            grid.addWidget(tile, 0, 0, layout.rows, layout.columns)

    def _set_maximized(self, index: int | None, emit: bool = True) -> None:
        self._maximized = index
        self._place_tiles()
        if index is not None:
            self.select_tile(index)
        self.update_stream_choice()
        if emit:
            self.maximized_changed.emit(index)

    def _choose_tile(self, tile_index: int | None) -> int:
        if tile_index is not None:
            if not 0 <= tile_index < len(self._tiles):
                raise ValueError(QCoreApplication.translate("WallView", "There is no tile {index} on this wall.").format(index=tile_index + 1))
            return tile_index
        for tile in self._tiles:
            if tile.index not in self._shown:
                return tile.index
        return self._selected

    def _show_camera_id(self, index: int, camera_id: int) -> None:
        tile = self._tiles[index]
        found = None
        if self._camera_source is not None:
            try:
                found = self._camera_source(camera_id)
            except Exception:  # a lookup failure must not break the wall
                log.exception("cannot look up camera %s", camera_id)
        if found is None:
            self._shown.pop(index, None)
            tile.set_unavailable(
                QCoreApplication.translate("WallView", "Camera {id}").format(id=camera_id),
                QCoreApplication.translate("WallView", "camera not found"))
            tile.camera_id = camera_id
            return
        camera, credentials = found
        self._play(index, camera, credentials, self._wanted_kind(index))

    def _wanted_kind(self, index: int) -> StreamKind:
        if self._maximized == index:
            return "main"
        width, height = cell_pixels(self._layout, index, self.width(), self.height(), SPACING)
        return wanted_kind(width, height, self._main_min_height, self._main_min_width)

    def _play(self, index: int, camera: Any, credentials: tuple[str, str] | None,
              wanted: StreamKind) -> None:
        tile = self._tiles[index]
        name = str(getattr(camera, "name", "") or QCoreApplication.translate("WallView", "Camera"))
        tile.camera_id = getattr(camera, "id", None)
        kind, uri = pick_stream(camera, wanted)
        self._shown[index] = _Shown(camera, credentials, None)
        if not uri:
            tile.set_unavailable(name, QCoreApplication.translate("WallView", "no stream address"))
            return
        source = uri
        if credentials is not None:
            try:
                source = with_credentials(uri, credentials[0], credentials[1])
            except ValueError:
                tile.set_unavailable(name, QCoreApplication.translate("WallView", "invalid stream address"))
                return
        key = _KEY_UNSAFE_RE.sub("_", f"cam{getattr(camera, 'id', index)}-{kind}")
        try:
            url = self._engine.play_url_for(key, source, self._hub)
        except HubError as exc:
            log.warning("cannot show camera %s: %s", name, exc)
            tile.set_unavailable(name, str(exc))
            return
        self._shown[index] = _Shown(camera, credentials, kind)
        tile.set_camera(name, url, stream_key=key)
        state = self._hub.state(key)
        if state is not None and state.state in ("reconnecting", "offline"):
            tile.on_stream_state(state)

    def _on_tile_clicked(self, index: int) -> None:
        self.select_tile(index)
        self.setFocus()

    def _on_tile_tile_dropped(self, target: int, wall_token: str, source: int) -> None:
        if wall_token == self._token:
            self.swap_tiles(source, target)

    def _on_hub_state(self, state: StreamState) -> None:
        for tile in self._tiles:
            tile.on_stream_state(state)

    def _on_timer_tick(self) -> None:
        for tile in self._tiles:
            tile.refresh()

    def _on_retire_timer_tick(self) -> None:
        if self._retired:
            tile = self._retired.pop(0)
            tile.shutdown()
            tile.deleteLater()
        if not self._retired:
            self._retire_timer.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._keys.handle(event):
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The keyboard's menu key: the menu of the selected tile, at its centre.
        tile = self.tile_at(self._selected)
        if tile is not None and event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.tile_menu_requested.emit(self._selected, tile.mapToGlobal(tile.rect().center()))
            event.accept()
            return
        super().contextMenuEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._closed and self._shown:
            self._resize_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def neighbour_of_selected(self, direction: str) -> int | None:
        if not self._tiles:
            return None
        return self._layout.neighbour(self._selected, direction)  # type: ignore[arg-type]
