"""The analysis tile: the last analysed frame with tracks, scene items, light, counts and
fresh violations painted over it by Qt (DESIGN.md §2: Qt cannot paint over libvlc).

Updates arrive on the analysis thread (``on_update``). Only the latest one is kept; its
frame becomes a QImage there (QImage, unlike QPixmap, may be built off the GUI thread) and a
queued signal tells the GUI thread. Painting runs on a 20 Hz timer and only when something
changed, so a busy channel costs at most 20 repaints a second whatever its frame rate.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHideEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.analytics.channel import ChannelUpdate
from app.analytics.rules import RuleHit
from app.analytics.scene import SceneConfig
from ui.analytics.overlay import (
    VIOLATION_COLOUR,
    ImageFit,
    bgr_to_qimage,
    class_label,
    draw_label,
    draw_scene,
    draw_track,
    hit_label,
    overlay_font,
)

log = logging.getLogger(__name__)

REPAINT_INTERVAL_MS = 50  # 20 Hz at most
FLASH_S = 3.0  # how long a fresh violation stays flagged


@dataclass(frozen=True)
class _Flash:
    hit: RuleHit
    until: float  # time.monotonic()


class AnalysisView(QWidget):
    _arrived = Signal()  # emitted from the analysis thread; queued to the GUI thread

    def __init__(self, camera_id: int | None = None, parent: QWidget | None = None, *,
                 title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("analysisView")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.camera_id = camera_id
        self.title = title
        self._scene = SceneConfig()
        self._lock = threading.Lock()
        self._pending: tuple[ChannelUpdate, QImage] | None = None
        self._update: ChannelUpdate | None = None
        self._image: QImage | None = None
        self._flashes: list[_Flash] = []
        self._message = ""
        self._dirty = True
        self.repaints = 0  # painted frames (what the timer saved is visible in tests/bench)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)

    # Public API -------------------------------------------------------------------------------
    def set_scene(self, scene: SceneConfig) -> None:
        self._scene = scene
        self._dirty = True

    def set_message(self, text: str) -> None:
        """A status line (starting, reconnecting, analytics off) drawn over the picture."""
        self._message = text
        self._dirty = True

    def on_update(self, camera_id: int, update: ChannelUpdate, frame: np.ndarray) -> None:
        """Thread-safe: called on the analysis thread for every analysed frame."""
        if self.camera_id is not None and camera_id != self.camera_id:
            return
        image = bgr_to_qimage(frame)
        with self._lock:
            signal_needed = self._pending is None
            self._pending = (update, image)  # a newer frame replaces one not yet shown
        if signal_needed:
            try:
                self._arrived.emit()
            except RuntimeError:  # the widget is gone during shutdown
                log.debug("analysis update after the view was deleted")

    def clear(self) -> None:
        with self._lock:
            self._pending = None
        self._update = None
        self._image = None
        self._flashes.clear()
        self._dirty = True
        self.update()

    @property
    def latest(self) -> ChannelUpdate | None:
        return self._update

    # Qt events ---------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _on_arrived(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None:
            return
        self._update, self._image = pending
        now = time.monotonic()
        for hit in self._update.hits:
            if hit.is_violation or hit.kind in ("crowd", "intrusion"):
                self._flashes.append(_Flash(hit, now + FLASH_S))
        self._dirty = True
        if not self._timer.isActive():  # hidden or rendered off-screen: paint on demand
            self.update()

    def _on_timer(self) -> None:
        now = time.monotonic()
        if self._flashes:
            before = len(self._flashes)
            self._flashes = [f for f in self._flashes if f.until > now]
            self._dirty = self._dirty or len(self._flashes) != before or bool(self._flashes)
        if self._dirty:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self._dirty = False
        self.repaints += 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#0d1117"))
        area = QRectF(self.rect())
        image, update = self._image, self._update
        size = QSizeF(image.size()) if image is not None else QSizeF(16, 9)
        fit = ImageFit(size, area)
        painter.setFont(overlay_font(self.font(), fit.rect.height()))
        if image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fit.rect, image)
        light = update.light.value if update is not None else None
        draw_scene(painter, fit, self._scene, light=light, labels=False)
        now = time.monotonic()
        fresh = [f.hit for f in self._flashes if f.until > now]
        flagged = {h.track_id for h in fresh if h.track_id is not None}
        if update is not None:
            # A track predicted past the image edge is drawn only as far as the picture goes.
            painter.save()
            painter.setClipRect(fit.rect)
            for track in update.frame.tracks:
                draw_track(painter, fit, track, violation=track.track_id in flagged)
            painter.restore()
            self._paint_counts(painter, fit, update)
        draw_scene(painter, fit, self._scene, light=light, labels=True)
        if fresh:
            present = {t.track_id for t in update.frame.tracks} if update is not None else set()
            self._paint_flash(painter, fit, fresh, now, present)
        self._paint_header(painter, fit, image is None)
        painter.end()

    # Painting parts ----------------------------------------------------------------------------
    def _paint_counts(self, painter: QPainter, fit: ImageFit, update: ChannelUpdate) -> None:
        if not update.counts:
            return
        parts = [f"{class_label(cls)} {n}"
                 for cls, n in sorted(update.counts.items(), key=lambda kv: -kv[1])]
        text = self.tr("Counted: {items}").format(items=" · ".join(parts))
        draw_label(painter, QPointF(fit.rect.left() + 4, fit.rect.bottom() - 4), text,
                   QColor("#f0f6fc"))

    def _paint_flash(self, painter: QPainter, fit: ImageFit, fresh: list[RuleHit],
                     now: float, present: set[int]) -> None:
        # A pulsing red frame draws the eye to the tile; the label says what happened.
        pulse = 0.5 + 0.5 * abs((now * 2) % 2 - 1)
        colour = QColor(VIOLATION_COLOUR)
        colour.setAlphaF(0.4 + 0.6 * pulse)
        painter.setPen(QPen(colour, 6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(fit.rect.adjusted(3, 3, -3, -3))
        for hit in fresh:  # tracks still in view are already drawn red
            if hit.box is not None and hit.track_id not in present:
                x0, y0, x1, y1 = hit.box
                painter.setPen(QPen(VIOLATION_COLOUR, 4))
                painter.drawRect(QRectF(fit.pixel(x0, y0), fit.pixel(x1, y1)))
        latest = fresh[-1]
        text = "⚠ " + hit_label(latest.kind)
        if latest.track_id is not None:
            text += f" · #{latest.track_id}"
        if latest.where:
            text += " · " + latest.where
        if len(fresh) > 1:
            text += "  " + self.tr("(+{n} more)").format(n=len(fresh) - 1)
        draw_label(painter, QPointF(fit.rect.left() + 8, fit.rect.top() + 8), text,
                   QColor("#ffffff"), QColor(200, 20, 20, 230), above=False)

    def _paint_header(self, painter: QPainter, fit: ImageFit, waiting: bool) -> None:
        lines = [t for t in (self.title, self._message) if t]
        if waiting and not self._message:
            lines.append(self.tr("Waiting for analysed frames…"))
        if not lines:
            return
        if waiting:
            painter.setPen(QPen(QColor("#8b949e")))
            painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            painter.drawText(fit.rect, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
            return
        text = "  ·  ".join(lines)
        metrics_width = painter.fontMetrics().horizontalAdvance(text) + 12
        draw_label(painter, QPointF(fit.rect.right() - metrics_width - 4, fit.rect.top() + 4), text,
                   QColor("#f0f6fc"), above=False)
