"""pyqtgraph charts of the health dashboard: cameras per state, uptime per day, fps/bitrate.

Charts only receive whole data sets from the dashboard's timer-driven refresh; they never
repaint per probe or per event.
"""
from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.cameras.health import VIETNAM_TZ, DailyUptime
from app.storage.dto import HealthSampleDTO
from ui import pyside_refcounts
from ui.dashboards.health_states import (
    CHART_BACKGROUND,
    STATE_COLOURS,
    STATE_ORDER,
    state_colour,
    state_label,
)

# DateAxisItem counts the offset like time.timezone: seconds west of UTC.
_VIETNAM_OFFSET_S = -int(VIETNAM_TZ.utcoffset(None).total_seconds())  # type: ignore[union-attr]


def _plot(parent: QWidget | None = None, **kwargs: object) -> pg.PlotWidget:
    pyside_refcounts.install()  # pyqtgraph emits on every repaint
    widget = pg.PlotWidget(parent, background=CHART_BACKGROUND, **kwargs)
    widget.setMenuEnabled(False)
    widget.setMouseEnabled(x=False, y=False)
    widget.hideButtons()
    widget.showGrid(x=False, y=True, alpha=0.25)
    return widget


class StateCountChart(QWidget):
    """One bar per state (working, degraded, broken, never connected)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot(self)
        self.plot.setTitle(QCoreApplication.translate("HealthCharts", "Cameras by state"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._bars: pg.BarGraphItem | None = None
        self._counts: dict[str, int] = dict.fromkeys(STATE_ORDER, 0)
        self.set_counts(self._counts)

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts = {state: int(counts.get(state, 0)) for state in STATE_ORDER}
        heights = [self._counts[state] for state in STATE_ORDER]
        if self._bars is not None:
            self.plot.removeItem(self._bars)
        self._bars = pg.BarGraphItem(
            x=list(range(len(STATE_ORDER))), height=heights, width=0.6,
            brushes=[STATE_COLOURS[s] for s in STATE_ORDER], pens=[None] * len(STATE_ORDER))
        self.plot.addItem(self._bars)
        ticks = [(i, f"{state_label(s)}: {self._counts[s]}") for i, s in enumerate(STATE_ORDER)]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(-0.6, len(STATE_ORDER) - 0.4, padding=0)
        self.plot.setYRange(0, max(1, *heights) * 1.15, padding=0)

    def counts(self) -> dict[str, int]:
        return dict(self._counts)


class UptimeChart(QWidget):
    """Uptime % per local day; days without any observation have no bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot(self)
        self.plot.setLabel("left", "%")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._bars: pg.BarGraphItem | None = None
        self._values: list[float | None] = []
        self.set_days([], "")

    def set_days(self, days: Sequence[DailyUptime], camera_name: str) -> None:
        title = QCoreApplication.translate("HealthCharts", "Uptime per day")
        if camera_name:
            title = QCoreApplication.translate("HealthCharts", "Uptime per day — {camera}").format(
                camera=camera_name)
        self.plot.setTitle(title)
        self._values = [d.percent for d in days]
        if self._bars is not None:
            self.plot.removeItem(self._bars)
            self._bars = None
        xs = [i for i, v in enumerate(self._values) if v is not None]
        heights = [v for v in self._values if v is not None]
        if xs:
            brushes = [state_colour("working" if h >= 99 else "degraded" if h >= 80 else "broken")
                       for h in heights]
            self._bars = pg.BarGraphItem(x=xs, height=heights, width=0.7, brushes=brushes,
                                         pens=[None] * len(xs))
            self.plot.addItem(self._bars)
        step = 1 if len(days) <= 10 else 5
        ticks = [(i, d.day.strftime("%d/%m")) for i, d in enumerate(days)
                 if i % step == 0 or i == len(days) - 1]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(-0.6, max(len(days), 1) - 0.4, padding=0)
        self.plot.setYRange(0, 105, padding=0)

    def values(self) -> list[float | None]:
        return list(self._values)


class StreamHistoryChart(QWidget):
    """Frame rate and bitrate of one camera over time; failed probes are red marks at zero."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fps_plot = _plot(self, axisItems={
            "bottom": pg.DateAxisItem(utcOffset=_VIETNAM_OFFSET_S)})
        self.bitrate_plot = _plot(self, axisItems={
            "bottom": pg.DateAxisItem(utcOffset=_VIETNAM_OFFSET_S)})
        self.fps_plot.setTitle(QCoreApplication.translate("HealthCharts", "Frame rate (fps)"))
        self.bitrate_plot.setTitle(QCoreApplication.translate("HealthCharts", "Bitrate (kbit/s)"))
        self.bitrate_plot.setXLink(self.fps_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fps_plot)
        layout.addWidget(self.bitrate_plot)
        pen = pg.mkPen("#58a6ff", width=1.5)
        self.fps_curve = self.fps_plot.plot([], [], pen=pen)
        self.bitrate_curve = self.bitrate_plot.plot([], [], pen=pg.mkPen("#d2a8ff", width=1.5))
        failed_brush = pg.mkBrush(STATE_COLOURS["broken"])
        self.fps_failures = pg.ScatterPlotItem(size=6, brush=failed_brush, pen=None)
        self.bitrate_failures = pg.ScatterPlotItem(size=6, brush=failed_brush, pen=None)
        self.fps_plot.addItem(self.fps_failures)
        self.bitrate_plot.addItem(self.bitrate_failures)
        self.sample_count = 0

    def set_samples(self, samples: Sequence[HealthSampleDTO]) -> None:
        ordered = sorted(samples, key=lambda s: s.time)
        self.sample_count = len(ordered)
        # NaN breaks the line where the stream was down instead of drawing across the gap.
        times = [s.time.timestamp() for s in ordered]
        fps = [s.fps if s.stream_ok and s.fps is not None else float("nan") for s in ordered]
        rate = [s.bitrate_kbps if s.stream_ok and s.bitrate_kbps is not None else float("nan")
                for s in ordered]
        self.fps_curve.setData(times, fps, connect="finite")
        self.bitrate_curve.setData(times, rate, connect="finite")
        down = [t for t, s in zip(times, ordered, strict=True) if not s.stream_ok]
        self.fps_failures.setData(down, [0.0] * len(down))
        self.bitrate_failures.setData(down, [0.0] * len(down))
        if times:
            self.fps_plot.setXRange(times[0], times[-1], padding=0.02)
        for plot in (self.fps_plot, self.bitrate_plot):
            plot.enableAutoRange(axis="y")
