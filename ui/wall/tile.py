"""One video tile of the wall: a Qt-painted header above a native surface libvlc renders into.

Qt cannot paint over libvlc's native window, so the camera name, clock, state and measured fps
live in a header strip above it. The tile watches its player once a second (driven by the
wall's timer, not by events): an error, an end of stream or a decoded-frame count that stops
advancing makes it re-play with back-off, without blocking other tiles.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QFrame, QSizePolicy, QVBoxLayout, QWidget

from app.video.engine import TilePlayer, VlcEngine
from app.video.hub import StreamState
from ui.cameras.camera_mime import CAMERA_IDS_MIME, decode_camera_ids, encode_camera_ids

log = logging.getLogger(__name__)

HEADER_HEIGHT = 20
BORDER = 2
STALL_AFTER_S = 4.0
RETRY_INITIAL_S = 1.0
RETRY_CAP_S = 10.0
TILE_MIME = "application/x-trucban-wall-tile"  # a tile dragged onto another tile: swap them

_STATE_COLOURS = {
    "idle": QColor("#808080"),
    "connecting": QColor("#e0c040"),
    "live": QColor("#40c060"),
    "reconnecting": QColor("#e08030"),
    "offline": QColor("#e04040"),
}



def _state_label(state: str) -> str:
    labels = {
        "idle": QCoreApplication.translate("VideoTile", "no camera"),
        "connecting": QCoreApplication.translate("VideoTile", "connecting"),
        "live": QCoreApplication.translate("VideoTile", "live"),
        "reconnecting": QCoreApplication.translate("VideoTile", "reconnecting"),
        "offline": QCoreApplication.translate("VideoTile", "offline"),
    }
    return labels.get(state, state)


def encode_tile_drag(wall_token: str, index: int, camera_id: int | None) -> QMimeData:
    """A tile being dragged; it also carries its camera so that another wall can show it."""
    mime = encode_camera_ids([camera_id]) if camera_id is not None else QMimeData()
    mime.setData(TILE_MIME, json.dumps({"wall": wall_token, "index": index}).encode("ascii"))
    return mime


def decode_tile_drag(mime: QMimeData) -> tuple[str, int] | None:
    """(wall token, tile index) of a dragged tile, None when the drop is not a tile."""
    if not mime.hasFormat(TILE_MIME):
        return None
    try:
        raw = json.loads(bytes(mime.data(TILE_MIME).data()).decode("ascii"))
        token, index = raw["wall"], raw["index"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(token, str) or not isinstance(index, int) or isinstance(index, bool):
        return None
    return token, index


@dataclass(frozen=True)
class TileStatus:
    state: str  # idle | connecting | live | reconnecting | offline
    reason: str
    fps: float
    frames: int  # frames decoded since the last (re)play


class _TileHeader(QWidget):
    def __init__(self, tile: VideoTile) -> None:
        super().__init__(tile)
        self._tile = tile
        self.setFixedHeight(HEADER_HEIGHT)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        tile = self._tile
        status = tile.status
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202428"))
        text_rect = self.rect().adjusted(6, 0, -6, 0)
        painter.setPen(QColor("#f0f0f0"))
        clock = datetime.now().strftime("%H:%M:%S")
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock)
        clock_width = painter.fontMetrics().horizontalAdvance(clock) + 10
        left = QRect(text_rect)
        left.setRight(text_rect.right() - clock_width)
        state_text = _state_label(status.state)
        if status.state == "live":
            state_text += f" · {status.fps:.0f} fps"
        elif status.reason:
            state_text += f" · {status.reason}"
        name = tile.camera_name or ""
        name_width = min(painter.fontMetrics().horizontalAdvance(name) + 12, left.width() // 2)
        painter.drawText(
            QRect(left.left(), left.top(), name_width, left.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, name_width - 4),
        )
        state_rect = QRect(left.left() + name_width, left.top(), left.width() - name_width, left.height())
        painter.setPen(_STATE_COLOURS.get(status.state, QColor("#f0f0f0")))
        painter.drawText(
            state_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(state_text, Qt.TextElideMode.ElideRight, state_rect.width()),
        )


class VideoTile(QFrame):
    clicked = Signal(int)  # tile index
    double_clicked = Signal(int)
    menu_requested = Signal(int, QPoint)  # tile index, global position
    cameras_dropped = Signal(int, list)  # tile index, camera ids in drop order
    tile_dropped = Signal(int, str, int)  # target index, source wall token, source index

    def __init__(self, engine: VlcEngine, index: int, parent: QWidget | None = None,
                 wall_token: str = "") -> None:
        super().__init__(parent)
        self.index = index
        self.wall_token = wall_token
        self.camera_id: int | None = None  # set by the wall; carried by a drag of this tile
        self._press_at: QPoint | None = None
        self._player: TilePlayer | None = engine.create_player()
        self._attached = False
        self._selected = False
        self.camera_name = ""
        self.stream_key: str | None = None
        self._url: str | None = None
        self._state = "idle"
        self._reason = ""
        self._fps = 0.0
        self._frames = 0
        self._last_frames = 0
        self._last_decoded = 0
        self._last_sample_at = 0.0
        self._last_progress_at = 0.0
        self._retry_at: float | None = None
        self._retries = 0

        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(80, 60)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the wall takes the keys
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(BORDER, BORDER, BORDER, BORDER)
        layout.setSpacing(0)
        self._header = _TileHeader(self)
        layout.addWidget(self._header)
        # libvlc renders into this widget's own native window; only it becomes native.
        self._surface = QFrame(self)
        self._surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self._surface.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self._surface.setAutoFillBackground(True)
        palette = self._surface.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("black"))
        self._surface.setPalette(palette)
        layout.addWidget(self._surface, 1)

    # ----- public ----------------------------------------------------------------------------
    @property
    def player(self) -> TilePlayer | None:
        """The libvlc player of this tile (snapshots, mute); None once the tile is shut down."""
        return self._player

    @property
    def status(self) -> TileStatus:
        return TileStatus(self._state, self._reason, self._fps, self._frames)

    @property
    def video_surface(self) -> QWidget:
        return self._surface

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    def set_camera(self, name: str, url: str, stream_key: str | None = None) -> None:
        """Show a camera: `url` is what libvlc opens (usually the hub's local URL)."""
        self.camera_name = name
        self.stream_key = stream_key
        self._url = url
        self._retries = 0
        self._retry_at = None
        self._start("connecting", "")

    def set_unavailable(self, name: str, reason: str) -> None:
        """Name a camera that cannot be played (no stream address), with the reason."""
        self.clear()
        self.camera_name = name
        self._set_state("offline", reason)

    def clear(self) -> None:
        if self._player is not None and self._url is not None:
            self._player.stop()
            self._player.poll_events()
        self.camera_name = ""
        self.stream_key = None
        self._url = None
        self._retry_at = None
        self._fps = 0.0
        self._frames = 0
        self._set_state("idle", "")

    def shutdown(self) -> None:
        """Stop and release the player; the tile is unusable afterwards."""
        if self._player is not None:
            self._player.release()
            self._player = None
        self._url = None

    def on_stream_state(self, state: StreamState) -> None:
        """The hub's view of this tile's source (called in the GUI thread)."""
        if state.key != self.stream_key or self._url is None:
            return
        if state.state in ("reconnecting", "offline"):
            self._set_state(state.state, state.reason)
        elif state.state == "live" and self._state != "live":
            self._retry_at = time.monotonic()  # source is back: re-open now, not after back-off

    def refresh(self, now: float | None = None) -> None:
        """Once a second: measure fps, notice failures and stalls, retry when due, repaint."""
        now = time.monotonic() if now is None else now
        player = self._player
        if player is not None and self._url is not None:
            for event in player.poll_events():
                if event.kind in ("error", "ended") and self._retry_at is None:
                    self._schedule_retry(now, QCoreApplication.translate("VideoTile", "stream ended") if event.kind == "ended" else QCoreApplication.translate("VideoTile", "player error"))
            self._measure(now, player)
            if self._retry_at is not None and now >= self._retry_at:
                self._retries += 1
                self._start(self._state if self._state != "live" else "reconnecting", self._reason)
        self._header.update()

    # ----- internals -------------------------------------------------------------------------
    def _measure(self, now: float, player: TilePlayer) -> None:
        stats = player.stats()
        # fps counts displayed pictures (libvlc's decoded counter also counts packetizer
        # blocks, about twice the frame rate); progress is either counter moving.
        frames = stats.displayed
        elapsed = now - self._last_sample_at
        progressed = frames > self._last_frames or stats.decoded > self._last_decoded
        self._last_decoded = stats.decoded
        if progressed:
            if elapsed > 0:
                self._fps = max(0, frames - self._last_frames) / elapsed
            self._last_progress_at = now
            if self._state != "live" and self._retry_at is None:
                self._retries = 0
                self._set_state("live", "")
        elif self._retry_at is None and now - self._last_progress_at > STALL_AFTER_S:
            self._fps = 0.0
            self._schedule_retry(now, QCoreApplication.translate("VideoTile", "no picture for {seconds} s").format(seconds=int(STALL_AFTER_S)))
        self._frames = frames
        self._last_frames = frames
        self._last_sample_at = now

    def _schedule_retry(self, now: float, reason: str) -> None:
        delay = min(RETRY_CAP_S, RETRY_INITIAL_S * (2 ** min(self._retries, 6)))
        self._retry_at = now + delay
        if self._state not in ("reconnecting", "offline"):
            self._set_state("reconnecting", reason)
        log.info("tile %d: %s; re-opening in %.0f s", self.index, reason, delay)

    def _start(self, state: str, reason: str) -> None:
        player = self._player
        if player is None or self._url is None:
            return
        if not self._attached:
            player.attach(int(self._surface.winId()))
            self._attached = True
        self._retry_at = None
        player.stop()
        player.poll_events()  # events of the previous media are stale now
        player.play(self._url)
        now = time.monotonic()
        self._last_frames = 0
        self._last_decoded = 0
        self._frames = 0
        self._fps = 0.0
        self._last_sample_at = now
        self._last_progress_at = now
        self._set_state(state, reason)

    def _set_state(self, state: str, reason: str) -> None:
        self._state = state
        self._reason = reason
        self._header.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#101214"))
        if self._selected:
            pen = QPen(QColor("#3d9bff"))
            pen.setWidth(BORDER)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_at = event.position().toPoint()
            self.clicked.emit(self.index)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press_at = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.double_clicked.emit(self.index)
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        start = self._press_at
        if (start is not None and event.buttons() & Qt.MouseButton.LeftButton
                and self._url is not None
                and (event.position().toPoint() - start).manhattanLength()
                >= QApplication.startDragDistance()):
            self._press_at = None
            drag = QDrag(self)
            drag.setMimeData(encode_tile_drag(self.wall_token, self.index, self.camera_id))
            drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction)
            return
        super().mouseMoveEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.clicked.emit(self.index)
        self.menu_requested.emit(self.index, event.globalPos())
        event.accept()

    # ----- drops: cameras from the tree, or another tile ------------------------------------------
    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        mime = event.mimeData()
        source = decode_tile_drag(mime)
        if source is not None and source == (self.wall_token, self.index):
            return False  # dropped onto itself
        return source is not None or bool(decode_camera_ids(mime))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        mime = event.mimeData()
        source = decode_tile_drag(mime)
        event.acceptProposedAction()
        if source is not None and source[0] == self.wall_token:
            self.tile_dropped.emit(self.index, source[0], source[1])
        elif mime.hasFormat(CAMERA_IDS_MIME):
            self.cameras_dropped.emit(self.index, decode_camera_ids(mime))
