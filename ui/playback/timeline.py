"""A custom-painted time axis over minutes to days: recorded ranges per source, marks for
events, violations and bookmarks, a playhead and a selection for export.

Mouse: click or drag in the rows scrubs (`position_requested` while dragging, throttled;
`scrub_finished` on release); drag on the ruler, or with the middle or right button, pans;
Shift+drag selects a range; the wheel zooms around the cursor. Keys: Left/Right step,
Page Up/Page Down jump to the previous/next mark, +/- zoom.

Data for the visible window (plus a margin each side, so panning does not wait) is loaded in
the background by the `loader` given; the widget repaints on a timer, not per change.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.recording.dto import MarkKind, RecordedRange, SourceRef, TimelineMark
from app.recording.export import VIETNAM_TIME
from ui.dashboards.background import BackgroundRunner

LABEL_W = 130
RULER_H = 26
MAX_ROW_H = 36
MIN_SPAN = timedelta(minutes=2)
MAX_SPAN = timedelta(days=7)
SCRUB_THROTTLE_MS = 60
REPAINT_MS = 66  # ≈15 Hz
RELOAD_DELAY_MS = 150
TICK_STEPS = [timedelta(seconds=s) for s in (1, 5, 10, 30, 60, 300, 600, 1800, 3600,
                                             3 * 3600, 6 * 3600, 12 * 3600, 86400)]
MARK_COLOURS = {MarkKind.EVENT: QColor("#f0a030"), MarkKind.VIOLATION: QColor("#e04848"),
                MarkKind.BOOKMARK: QColor("#4aa3ff")}
RANGE_COLOUR = QColor("#3c8c50")
LIVE_COLOUR = QColor("#52b86a")


@dataclass(frozen=True)
class TimelineData:
    start: datetime
    end: datetime
    ranges: tuple[RecordedRange, ...]
    marks: tuple[TimelineMark, ...]


Loader = Callable[[Sequence[SourceRef], datetime, datetime], TimelineData]


class TimelineWidget(QWidget):
    position_requested = Signal(object)  # datetime, while scrubbing
    scrub_finished = Signal(object)  # datetime
    selection_changed = Signal(object)  # (start, end), or () when cleared
    data_loaded = Signal()

    def __init__(self, loader: Loader | None = None, parent: QWidget | None = None, *,
                 display_tz: tzinfo = VIETNAM_TIME, runner: BackgroundRunner | None = None
                 ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(RULER_H + 2 * 24)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._loader = loader
        self._tz = display_tz
        self._runner = runner or BackgroundRunner(parent=self, name="timeline-data")
        self._owns_runner = runner is None
        self._sources: list[tuple[SourceRef, str]] = []
        now = datetime.now(VIETNAM_TIME).astimezone()
        self._start = now - timedelta(hours=1)
        self._span = timedelta(hours=1)
        self._data = TimelineData(self._start, self._start, (), ())
        self._loaded_window: tuple[datetime, datetime] | None = None
        self._loading = False
        self.playhead: datetime | None = None
        self.selection: tuple[datetime, datetime] | None = None
        self._drag: str | None = None  # "scrub", "pan", "select"
        self._drag_origin: tuple[float, datetime] | None = None
        self._pending_scrub: datetime | None = None
        self._dirty = True
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(SCRUB_THROTTLE_MS)
        self._throttle.timeout.connect(self._flush_scrub)
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(RELOAD_DELAY_MS)
        self._reload.timeout.connect(self._load)
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_MS)
        self._repaint.timeout.connect(self._repaint_if_dirty)
        self._repaint.start()

    # ----- public -------------------------------------------------------------------------
    @property
    def window_start(self) -> datetime:
        return self._start

    @property
    def window_end(self) -> datetime:
        return self._start + self._span

    @property
    def data(self) -> TimelineData:
        return self._data

    @property
    def sources(self) -> list[SourceRef]:
        return [s for s, _ in self._sources]

    def set_sources(self, sources: Sequence[tuple[SourceRef, str]]) -> None:
        self._sources = list(sources)[:8]
        self.reload()

    def set_window(self, start: datetime, span: timedelta) -> None:
        span = min(max(span, MIN_SPAN), MAX_SPAN)
        self._start, self._span = start, span
        self._dirty = True
        if not self._covered():
            self._reload.start()

    def center_on(self, when: datetime) -> None:
        self.set_window(when - self._span / 2, self._span)

    def zoom(self, factor: float, around: datetime | None = None) -> None:
        """factor < 1 zooms in (shows less time)."""
        around = around or self.playhead or (self._start + self._span / 2)
        span = min(max(self._span * factor, MIN_SPAN), MAX_SPAN)
        ratio = (around - self._start) / self._span
        self.set_window(around - span * ratio, span)

    def set_playhead(self, when: datetime | None) -> None:
        self.playhead = when
        if when is not None and not self._start <= when <= self.window_end and not self._drag:
            self.center_on(when)  # follow playback out of the window
        self._dirty = True

    def set_selection(self, start: datetime | None, end: datetime | None) -> None:
        self.selection = None if start is None or end is None else (min(start, end),
                                                                    max(start, end))
        self._dirty = True
        self.selection_changed.emit(self.selection or ())

    def reload(self) -> None:
        self._loaded_window = None
        self._reload.start()

    def x_for(self, when: datetime) -> float:
        width = max(1, self.width() - LABEL_W)
        return LABEL_W + (when - self._start) / self._span * width

    def time_at(self, x: float) -> datetime:
        width = max(1, self.width() - LABEL_W)
        return self._start + self._span * ((x - LABEL_W) / width)

    def row_rect(self, row: int) -> QRectF:
        count = max(1, len(self._sources))
        height = min(MAX_ROW_H, (self.height() - RULER_H) / count)
        return QRectF(LABEL_W, RULER_H + row * height, self.width() - LABEL_W, height)

    def adjacent_mark(self, when: datetime, forward: bool) -> TimelineMark | None:
        times = [m.time for m in self._data.marks]
        if forward:
            index = bisect.bisect_right(times, when + timedelta(milliseconds=1))
            return self._data.marks[index] if index < len(times) else None
        index = bisect.bisect_left(times, when - timedelta(milliseconds=1)) - 1
        return self._data.marks[index] if index >= 0 else None

    def shutdown(self) -> None:
        for timer in (self._throttle, self._reload, self._repaint):
            timer.stop()
        if self._owns_runner:
            self._runner.shutdown()

    # ----- loading -----------------------------------------------------------------------
    def _covered(self) -> bool:
        window = self._loaded_window
        return window is not None and window[0] <= self._start and self.window_end <= window[1]

    def _load(self) -> None:
        if self._loader is None or not self._sources:
            self._data = TimelineData(self._start, self.window_end, (), ())
            self._dirty = True
            return
        if self._loading:
            self._reload.start()  # one query at a time; ask again when it ends
            return
        start, end = self._start - self._span, self.window_end + self._span
        self._loading = True
        self._runner.run(self._loader, list(self.sources), start, end,
                         on_done=self._on_loaded, on_failed=self._on_load_failed)

    def _on_loaded(self, data: TimelineData) -> None:
        self._loading = False
        self._data = data
        self._loaded_window = (data.start, data.end)
        self._dirty = True
        self.data_loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.setToolTip(self.tr("The timeline could not be loaded: {error}").format(error=exc))

    # ----- painting ----------------------------------------------------------------------
    def _repaint_if_dirty(self) -> None:
        if self._dirty:
            self._dirty = False
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1e1f22"))
        self._paint_ruler(painter)
        rows = {source: n for n, (source, _label) in enumerate(self._sources)}
        for n, (_source, label) in enumerate(self._sources):
            rect = self.row_rect(n)
            painter.fillRect(rect.adjusted(0, 2, 0, -2), QColor("#2a2c30"))
            painter.setPen(QColor("#d0d0d0"))
            painter.drawText(QRectF(4, rect.top(), LABEL_W - 8, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             label)
        painter.setClipRect(QRectF(LABEL_W, 0, self.width() - LABEL_W, self.height()))
        if self.selection is not None:
            left, right = self.x_for(self.selection[0]), self.x_for(self.selection[1])
            painter.fillRect(QRectF(left, RULER_H, right - left, self.height()),
                             QColor(255, 255, 255, 40))
        for item in self._data.ranges:
            row = rows.get(item.source)
            if row is None:
                continue
            rect = self.row_rect(row)
            left, right = self.x_for(item.start), self.x_for(item.end)
            painter.fillRect(QRectF(left, rect.top() + 6, max(1.0, right - left),
                                    rect.height() - 12),
                             LIVE_COLOUR if item.live else RANGE_COLOUR)
        for mark in self._data.marks:
            row = rows.get(mark.source)
            if row is not None:
                _paint_mark(painter, mark, self.row_rect(row), self.x_for)
        if self.playhead is not None:
            x = self.x_for(self.playhead)
            painter.setPen(QColor("#ffffff"))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.end()

    def _paint_ruler(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, self.width(), RULER_H), QColor("#2b2d31"))
        width = max(1, self.width() - LABEL_W)
        step = next((s for s in TICK_STEPS if s / self._span * width >= 90), TICK_STEPS[-1])
        local_start = self._start.astimezone(self._tz)
        midnight = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
        seconds = step.total_seconds()
        first = midnight + timedelta(seconds=((local_start - midnight).total_seconds()
                                              // seconds + 1) * seconds)
        painter.setPen(QColor("#a8a8a8"))
        tick = first
        while tick < self.window_end:
            x = self.x_for(tick)
            painter.drawLine(QPointF(x, RULER_H - 6), QPointF(x, RULER_H))
            fmt = "%d/%m" if step >= timedelta(days=1) else (
                "%H:%M:%S" if step < timedelta(minutes=1) else "%H:%M")
            text = tick.astimezone(self._tz).strftime(fmt)
            if step < timedelta(days=1) and tick.astimezone(self._tz).hour == 0 and \
                    tick.astimezone(self._tz).minute == 0:
                text = tick.astimezone(self._tz).strftime("%d/%m")
            painter.drawText(QPointF(x + 3, RULER_H - 9), text)
            tick += step

    # ----- mouse and keys ----------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        x, y = event.position().x(), event.position().y()
        if x < LABEL_W:
            return
        when = self.time_at(x)
        if event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.RightButton) \
                or y < RULER_H:
            self._drag, self._drag_origin = "pan", (x, self._start)
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._drag, self._drag_origin = "select", (x, when)
            self.set_selection(when, when)
        elif event.button() == Qt.MouseButton.LeftButton:
            self._drag = "scrub"
            self._scrub_to(when, immediate=True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._drag == "pan" and self._drag_origin is not None:
            origin_x, origin_start = self._drag_origin
            width = max(1, self.width() - LABEL_W)
            self.set_window(origin_start - self._span * ((x - origin_x) / width), self._span)
        elif self._drag == "select" and self._drag_origin is not None:
            self.set_selection(self._drag_origin[1], self.time_at(max(x, LABEL_W)))
        elif self._drag == "scrub":
            self._scrub_to(self.time_at(max(x, LABEL_W)))
        elif x >= LABEL_W:
            self._hover(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag == "scrub":
            when = self.time_at(max(event.position().x(), LABEL_W))
            self._throttle.stop()
            self._pending_scrub = None
            self.playhead = when
            self._dirty = True
            self.scrub_finished.emit(when)
        elif drag == "select" and self.selection is not None and \
                self.selection[0] == self.selection[1]:
            self.set_selection(None, None)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(0.8 ** steps, self.time_at(event.position().x()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        here = self.playhead or (self._start + self._span / 2)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = max(timedelta(seconds=1), self._span / 200)
            self._jump(here + (step if key == Qt.Key.Key_Right else -step))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            mark = self.adjacent_mark(here, forward=key == Qt.Key.Key_PageDown)
            if mark is not None:
                self._jump(mark.time)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(0.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(2.0)
        else:
            super().keyPressEvent(event)

    def _jump(self, when: datetime) -> None:
        self.set_playhead(when)
        self.position_requested.emit(when)
        self.scrub_finished.emit(when)

    def _scrub_to(self, when: datetime, immediate: bool = False) -> None:
        self.playhead = when
        self._dirty = True
        if immediate:
            self.position_requested.emit(when)
            self._throttle.start()
            return
        self._pending_scrub = when
        if not self._throttle.isActive():
            self._flush_scrub()
            self._throttle.start()

    def _flush_scrub(self) -> None:
        if self._pending_scrub is not None:
            when, self._pending_scrub = self._pending_scrub, None
            self.position_requested.emit(when)

    def _hover(self, event: QMouseEvent) -> None:
        x, y = event.position().x(), event.position().y()
        rows = {source: n for n, (source, _l) in enumerate(self._sources)}
        best: TimelineMark | None = None
        for mark in self._data.marks:
            row = rows.get(mark.source)
            if row is None or not self.row_rect(row).contains(QPointF(LABEL_W + 1, y)):
                continue
            if abs(self.x_for(mark.time) - x) <= 6:
                best = mark
                break
        if best is None:
            QToolTip.hideText()
            return
        kind = {MarkKind.EVENT: self.tr("Event"), MarkKind.VIOLATION: self.tr("Violation"),
                MarkKind.BOOKMARK: self.tr("Bookmark")}[best.kind]
        when = best.time.astimezone(self._tz).strftime("%d/%m/%Y %H:%M:%S")
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{kind} · {when}\n{best.label}", self)


def _paint_mark(painter: QPainter, mark: TimelineMark, rect: QRectF,
                x_for: Callable[[datetime], float]) -> None:
    colour = MARK_COLOURS[mark.kind]
    x = x_for(mark.time)
    top, bottom = rect.top() + 2, rect.bottom() - 2
    painter.setPen(colour)
    painter.setBrush(colour)
    if mark.kind is MarkKind.EVENT:  # a triangle pointing down
        painter.drawPolygon(QPolygonF([QPointF(x - 5, top), QPointF(x + 5, top),
                                       QPointF(x, top + 8)]))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    elif mark.kind is MarkKind.VIOLATION:  # a diamond in the middle
        mid = (top + bottom) / 2
        painter.drawPolygon(QPolygonF([QPointF(x, mid - 6), QPointF(x + 6, mid),
                                       QPointF(x, mid + 6), QPointF(x - 6, mid)]))
    else:  # a flag, and a bar for a bookmarked range
        if mark.end is not None:
            end = x_for(mark.end)
            painter.fillRect(QRectF(x, bottom - 4, max(1.0, end - x), 3), colour)
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.drawRect(QRectF(x, top, 7, 5))
