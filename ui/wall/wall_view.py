"""The video wall: an N×N grid of `VideoTile`s fed through the stream hub.

Small tiles play a camera's sub-stream; a single full-size tile plays the main stream. Clocks,
fps and states repaint on a 1 Hz timer rather than on every event.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QWidget

from app.video.engine import VlcEngine
from app.video.hub import HubError, StreamHub, StreamState
from app.video.urls import with_credentials
from ui.bridge import StreamStateBridge
from ui.wall.tile import VideoTile

log = logging.getLogger(__name__)

MAX_GRID = 5
_KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_-]")



@dataclass(frozen=True)
class _Shown:
    camera: Any  # CameraDTO-like: id, name, sub_profile, main_profile
    credentials: tuple[str, str] | None


class WallView(QWidget):
    selection_changed = Signal(int)

    def __init__(
        self, engine: VlcEngine, hub: StreamHub, parent: QWidget | None = None, grid: int = 2
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._hub = hub
        self._tiles: list[VideoTile] = []
        self._shown: dict[int, _Shown] = {}
        self._grid_size = 0
        self._selected = 0
        self._closed = False
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#101214"))
        self.setPalette(palette)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._bridge = StreamStateBridge(hub, self)
        self._bridge.state_changed.connect(self._on_hub_state)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_tick)
        self._timer.start()
        self.set_grid(grid)

    # ----- public ----------------------------------------------------------------------------
    @property
    def tiles(self) -> tuple[VideoTile, ...]:
        return tuple(self._tiles)

    @property
    def grid_size(self) -> int:
        return self._grid_size

    @property
    def selected_index(self) -> int:
        return self._selected

    def set_grid(self, n: int) -> None:
        """Show n×n tiles (1..5). Cameras in tiles that disappear are closed."""
        if not isinstance(n, int) or not 1 <= n <= MAX_GRID:
            raise ValueError(QCoreApplication.translate("WallView", "The grid must be 1×1 to 5×5."))
        if n == self._grid_size:
            return
        was_single = self._grid_size == 1
        wanted = n * n
        while len(self._tiles) > wanted:
            tile = self._tiles.pop()
            self._shown.pop(tile.index, None)
            self._layout.removeWidget(tile)
            tile.shutdown()
            tile.deleteLater()
        while len(self._tiles) < wanted:
            tile = VideoTile(self._engine, len(self._tiles), self)
            tile.clicked.connect(self.select_tile)
            self._tiles.append(tile)
        for index, tile in enumerate(self._tiles):
            self._layout.addWidget(tile, index // n, index % n)
        for row in range(MAX_GRID):
            self._layout.setRowStretch(row, 1 if row < n else 0)
            self._layout.setColumnStretch(row, 1 if row < n else 0)
        self._grid_size = n
        self.select_tile(min(self._selected, wanted - 1))
        if was_single != (n == 1):  # crossing full-size: switch main <-> sub streams
            for index, shown in list(self._shown.items()):
                self.show_camera(shown.camera, index, shown.credentials)

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
        tile = self._tiles[index]
        name = str(getattr(camera, "name", "") or QCoreApplication.translate("WallView", "Camera"))
        self._shown[index] = _Shown(camera, credentials)
        profile_name, uri = self._pick_stream(camera)
        if not uri:
            tile.set_unavailable(name, QCoreApplication.translate("WallView", "no stream address"))
            return index
        source = uri
        if credentials is not None:
            try:
                source = with_credentials(uri, credentials[0], credentials[1])
            except ValueError:
                tile.set_unavailable(name, QCoreApplication.translate("WallView", "invalid stream address"))
                return index
        key = _KEY_UNSAFE_RE.sub("_", f"cam{getattr(camera, 'id', index)}-{profile_name}")
        try:
            url = self._engine.play_url_for(key, source, self._hub)
        except HubError as exc:
            log.warning("cannot show camera %s: %s", name, exc)
            tile.set_unavailable(name, str(exc))
            return index
        tile.set_camera(name, url, stream_key=key)
        state = self._hub.state(key)
        if state is not None and state.state in ("reconnecting", "offline"):
            tile.on_stream_state(state)
        return index

    def clear(self) -> None:
        self._shown.clear()
        for tile in self._tiles:
            tile.clear()

    def shutdown(self) -> None:
        """Stop the timer, stop listening to the hub and release every player."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._bridge.detach()
        for tile in self._tiles:
            tile.shutdown()

    # ----- internals -------------------------------------------------------------------------
    def _choose_tile(self, tile_index: int | None) -> int:
        if tile_index is not None:
            if not 0 <= tile_index < len(self._tiles):
                raise ValueError(QCoreApplication.translate("WallView", "There is no tile {index} on this wall.").format(index=tile_index + 1))
            return tile_index
        for tile in self._tiles:
            if tile.index not in self._shown:
                return tile.index
        return self._selected

    def _pick_stream(self, camera: Any) -> tuple[str, str | None]:
        main = getattr(getattr(camera, "main_profile", None), "stream_uri", None)
        sub = getattr(getattr(camera, "sub_profile", None), "stream_uri", None)
        if self._grid_size == 1:
            return ("main", main) if main else ("sub", sub)
        return ("sub", sub) if sub else ("main", main)

    def _on_hub_state(self, state: StreamState) -> None:
        for tile in self._tiles:
            tile.on_stream_state(state)

    def _on_timer_tick(self) -> None:
        for tile in self._tiles:
            tile.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
