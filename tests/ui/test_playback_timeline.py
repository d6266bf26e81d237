"""The timeline paints ranges and marks where their times are and scrubs by mouse and keys."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.recording.dto import MarkKind, RecordedRange, SourceRef, TimelineMark
from ui.playback.timeline import (
    LIVE_COLOUR,
    MARK_COLOURS,
    RANGE_COLOUR,
    TimelineData,
    TimelineWidget,
)

T0 = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
CAM1, CAM2 = SourceRef.camera(1), SourceRef.camera(2)


def _minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def _loader(sources: Sequence[SourceRef], start: datetime, end: datetime) -> TimelineData:
    ranges = (RecordedRange(CAM1, _minutes(10), _minutes(25), 15, False),
              RecordedRange(CAM2, _minutes(30), _minutes(50), 20, True))
    marks = (TimelineMark(MarkKind.EVENT, 1, CAM1, _minutes(12), None, "Xe dừng", "warning"),
             TimelineMark(MarkKind.VIOLATION, 2, CAM2, _minutes(40), None, "6/9/b 30A-123.45",
                          "detected"),
             TimelineMark(MarkKind.BOOKMARK, 3, CAM1, _minutes(20), None, "Chú ý", "info"))
    return TimelineData(start, end, tuple(r for r in ranges if r.source in sources),
                        tuple(sorted((m for m in marks if m.source in sources),
                                     key=lambda m: m.time)))


@pytest.fixture
def timeline(qtbot) -> TimelineWidget:  # type: ignore[no-untyped-def]
    widget = TimelineWidget(_loader)
    qtbot.addWidget(widget)
    widget.resize(730, 26 + 2 * 36 + 10)
    widget.set_window(T0, timedelta(hours=1))
    with qtbot.waitSignal(widget.data_loaded, timeout=5000):
        widget.set_sources([(CAM1, "Camera 1"), (CAM2, "Camera 2")])
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _close(colour: QColor, expected: QColor) -> bool:
    return (abs(colour.red() - expected.red()) < 12 and abs(colour.green() - expected.green())
            < 12 and abs(colour.blue() - expected.blue()) < 12)


def test_ranges_and_marks_are_painted_at_their_times(timeline: TimelineWidget) -> None:
    image = timeline.grab().toImage()
    row1, row2 = timeline.row_rect(0), timeline.row_rect(1)
    assert timeline.x_for(_minutes(30)) == pytest.approx(130 + 300, abs=0.5)

    def pixel(when: datetime, y: float) -> QColor:
        return image.pixelColor(round(timeline.x_for(when)), round(y))

    assert _close(pixel(_minutes(17), row1.center().y()), RANGE_COLOUR)
    assert _close(pixel(_minutes(10.4), row1.center().y()), RANGE_COLOUR)
    assert not _close(pixel(_minutes(9.6), row1.center().y()), RANGE_COLOUR)
    assert not _close(pixel(_minutes(26), row1.center().y()), RANGE_COLOUR)
    assert not _close(pixel(_minutes(17), row2.center().y()), RANGE_COLOUR)
    assert _close(pixel(_minutes(35), row2.center().y()), LIVE_COLOUR)
    # A violation is a diamond in the middle of its row; an event a triangle at the top.
    assert _close(pixel(_minutes(40), row2.center().y()), MARK_COLOURS[MarkKind.VIOLATION])
    assert not _close(pixel(_minutes(40), row1.center().y()), MARK_COLOURS[MarkKind.VIOLATION])
    assert _close(pixel(_minutes(12), row1.top() + 4), MARK_COLOURS[MarkKind.EVENT])
    assert _close(pixel(_minutes(20), row1.top() + 4), MARK_COLOURS[MarkKind.BOOKMARK])


def _move(widget: TimelineWidget, x: float, y: float) -> None:
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(x, y), widget.mapToGlobal(QPointF(x, y)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_dragging_scrubs_with_positions_and_a_final_time(qtbot, timeline: TimelineWidget) -> None:
    requested: list[datetime] = []
    finished: list[datetime] = []
    timeline.position_requested.connect(requested.append)
    timeline.scrub_finished.connect(finished.append)
    y = timeline.row_rect(0).center().y()
    start_x, end_x = timeline.x_for(_minutes(5)), timeline.x_for(_minutes(45))
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPointF(start_x, y).toPoint())
    for step in range(1, 21):
        _move(timeline, start_x + (end_x - start_x) * step / 20, y)
        qtbot.wait(15)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPointF(end_x, y).toPoint())
    assert requested[0] == pytest.approx(_minutes(5), abs=timedelta(seconds=10))
    assert 2 <= len(requested) <= 21  # throttled, yet it showed frames along the way
    assert requested == sorted(requested)
    assert finished == [pytest.approx(_minutes(45), abs=timedelta(seconds=10))]
    assert timeline.playhead == finished[0]


def test_keys_step_and_jump_between_marks(qtbot, timeline: TimelineWidget) -> None:
    timeline.set_playhead(_minutes(13))
    finished: list[datetime] = []
    timeline.scrub_finished.connect(finished.append)
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_PageDown)
    qtbot.keyClick(timeline, Qt.Key.Key_PageDown)
    qtbot.keyClick(timeline, Qt.Key.Key_PageUp)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert finished[:3] == [_minutes(20), _minutes(40), _minutes(20)]
    assert finished[3] > _minutes(20)
    span = timeline.window_end - timeline.window_start
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline.window_end - timeline.window_start == span / 2
    for _ in range(12):
        qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    assert timeline.window_end - timeline.window_start == timedelta(days=7)
