"""Runs camera tours on the wall: one tile cycling through cameras, or the whole wall page by page.

Each tour is an app.wall.tours.TourRunner; one timer (only while some tour runs) asks them
whether a page is due. A left click on a touring tile pauses its tour (the operator wants to
look); the tile's tooltip and a small badge over its header say so, and the tile menu
resumes it. Qt cannot paint over libvlc's surface, so the badge sits on the header strip.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.wall.tours import Tour, TourPage, TourRunner, TourState

log = logging.getLogger(__name__)

TICK_MS = 500
LAYOUT = -1  # key of the whole-wall tour
_BADGE_RIGHT_GAP = 76  # leaves the header's clock readable


class WallLike(Protocol):
    """What the controller needs from ui.wall.wall_view.WallView."""

    @property
    def tiles(self) -> tuple[QWidget, ...]: ...

    def tile_at(self, index: int) -> QWidget | None: ...


@dataclass
class _Running:
    runner: TourRunner
    tiles: tuple[QWidget, ...]  # the tiles it drives, in slot order
    badges: tuple[QLabel, ...]


class TourController(QObject):
    """`show_camera(camera_id, tile_index)` puts a camera in a tile (the composition root's
    Workstation.show_camera, which looks up the camera and its credentials)."""

    tours_changed = Signal()  # a tour started, stopped, paused, resumed or moved on

    def __init__(self, wall: WallLike, show_camera: Callable[[int, int], object], *,
                 clock: Callable[[], float] = time.monotonic, interval_ms: int = TICK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wall = wall
        self._show_camera = show_camera
        self._clock = clock
        self._running: dict[int, _Running] = {}  # tile index or LAYOUT
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    # ----- starting and stopping -------------------------------------------------------------
    def start_tile_tour(self, tile_index: int, tour: Tour) -> None:
        """`tile_index` cycles through the tour's cameras (ends a whole-wall tour first)."""
        tile = self._wall.tile_at(tile_index)
        if tile is None:
            raise ValueError(f"there is no tile {tile_index}")
        self._end(LAYOUT)
        self._end(tile_index)
        runner = TourRunner(tour, slots=1, clock=self._clock)
        self._begin(tile_index, _Running(runner, (tile,), (self._badge_for(tile),)))

    def start_layout_tour(self, tour: Tour) -> None:
        """Every tile of the wall shows the next page of the tour's cameras together."""
        for key in list(self._running):
            self._end(key)
        tiles = tuple(self._wall.tiles)
        if not tiles:
            return
        runner = TourRunner(tour, slots=len(tiles), clock=self._clock)
        used = tiles[: runner.slots]
        self._begin(LAYOUT, _Running(runner, used, tuple(self._badge_for(t) for t in used)))

    def stop(self, tile_index: int) -> None:
        """Stop the tour shown in this tile (the whole-wall tour if the tile is part of it)."""
        key = self._key_for(tile_index)
        if key is not None:
            self._end(key)
            self.tours_changed.emit()

    def stop_all(self) -> None:
        for key in list(self._running):
            self._end(key)
        self.tours_changed.emit()

    def shutdown(self) -> None:
        self._timer.stop()
        for key in list(self._running):
            self._end(key)

    # ----- while running ---------------------------------------------------------------------
    def pause(self, tile_index: int) -> None:
        self._act(tile_index, lambda r: r.runner.pause())

    def resume(self, tile_index: int) -> None:
        self._act(tile_index, lambda r: r.runner.resume())

    def next(self, tile_index: int) -> None:
        def skip(running: _Running) -> None:
            self._apply(running, running.runner.next())
        self._act(tile_index, skip)

    def state_of(self, tile_index: int) -> TourState:
        key = self._key_for(tile_index)
        return TourState.STOPPED if key is None else self._running[key].runner.state

    def tour_of(self, tile_index: int) -> Tour | None:
        key = self._key_for(tile_index)
        return None if key is None else self._running[key].runner.tour

    def is_layout_tour(self, tile_index: int) -> bool:
        return self._key_for(tile_index) == LAYOUT

    @property
    def active(self) -> bool:
        return bool(self._running)

    def tick(self) -> None:
        """Move every tour whose dwell time is over to its next page; refresh the badges."""
        for key, running in list(self._running.items()):
            if not all(_alive(tile) for tile in running.tiles):
                log.info("tour %r ended: its tiles left the wall", running.runner.tour.name)
                self._end(key)
                self.tours_changed.emit()
                continue
            page = running.runner.due()
            if page is not None:
                self._apply(running, page)
            self._label(running)

    # ----- internals -------------------------------------------------------------------------
    def _begin(self, key: int, running: _Running) -> None:
        self._running[key] = running
        for tile in running.tiles:
            tile.clicked.connect(self._on_tile_clicked)  # type: ignore[attr-defined]
        self._apply(running, running.runner.start())
        self._label(running)
        if not self._timer.isActive():
            self._timer.start()
        self.tours_changed.emit()

    def _end(self, key: int) -> None:
        running = self._running.pop(key, None)
        if running is None:
            return
        running.runner.stop()
        for tile, badge in zip(running.tiles, running.badges, strict=True):
            if _alive(tile):
                try:
                    tile.clicked.disconnect(self._on_tile_clicked)  # type: ignore[attr-defined]
                except (RuntimeError, TypeError):
                    pass
                tile.setToolTip("")
                tile.removeEventFilter(self)
            if _alive(badge):
                badge.deleteLater()
        if not self._running:
            self._timer.stop()

    def _act(self, tile_index: int, action: Callable[[_Running], object]) -> None:
        key = self._key_for(tile_index)
        if key is None:
            return
        running = self._running[key]
        action(running)
        self._label(running)
        self.tours_changed.emit()

    def _key_for(self, tile_index: int) -> int | None:
        if tile_index in self._running:
            return tile_index
        layout = self._running.get(LAYOUT)
        if layout is not None and 0 <= tile_index < len(layout.tiles):
            return LAYOUT
        return None

    def _apply(self, running: _Running, page: TourPage) -> None:
        for tile, camera_id in zip(running.tiles, page.camera_ids, strict=True):
            index = int(getattr(tile, "index", -1))
            try:
                self._show_camera(camera_id, index)
            except Exception:  # one bad camera must not stop the whole tour
                log.exception("tour %r: camera %s could not be shown", running.runner.tour.name,
                              camera_id)

    def _on_tile_clicked(self, tile_index: int) -> None:
        if self.state_of(tile_index) is TourState.RUNNING:
            self.pause(tile_index)

    def _label(self, running: _Running) -> None:
        runner = running.runner
        page = runner.current
        if page is None:
            return
        position = f"{page.number + 1}/{runner.page_count}"
        seconds = math.ceil(runner.remaining_s())
        if runner.state is TourState.PAUSED:
            badge = self.tr("Tour paused")
            tip = self.tr("Tour '{name}' is paused. Right-click the tile and choose 'Resume tour' to go on.").format(name=runner.tour.name)
        else:
            badge = self.tr("Tour {position} · {seconds} s").format(
                position=position, seconds=seconds)
            tip = self.tr("Tour '{name}': page {position}, next in {seconds} s. Click the tile to pause it.").format(
                name=runner.tour.name, position=position,
                seconds=seconds)
        for tile, label in zip(running.tiles, running.badges, strict=True):
            if _alive(label):
                label.setText(badge)
                label.setProperty("paused", runner.state is TourState.PAUSED)
                label.setStyleSheet(_badge_style(runner.state is TourState.PAUSED))
                label.adjustSize()
                _place(label, tile)
                label.show()
                label.raise_()
            if _alive(tile):
                tile.setToolTip(tip)

    def _badge_for(self, tile: QWidget) -> QLabel:
        label = QLabel(tile)
        label.setObjectName("tourBadge")
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        tile.installEventFilter(self)
        return label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            for running in self._running.values():
                for tile, badge in zip(running.tiles, running.badges, strict=True):
                    if tile is watched and _alive(badge):
                        _place(badge, tile)
        return False


def _badge_style(paused: bool) -> str:
    colour = "#e0a030" if paused else "#3d9bff"
    return (f"QLabel#tourBadge {{ background: {colour}; color: #101214; border-radius: 3px;"
            " padding: 0px 4px; font-weight: bold; }")


def _place(badge: QLabel, tile: QWidget) -> None:
    x = max(4, tile.width() - badge.width() - _BADGE_RIGHT_GAP)
    badge.move(x, 3)


def _alive(widget: QObject) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # the C++ object was deleted (tile removed by a layout change)
        return False
    return True
