"""In-app monthly summary: the same figures as the monthly PDF (gather_monthly), as charts.

Data is gathered on a worker thread; the GUI thread only draws the MonthlySummary it gets.
"""
from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.monthly import MonthlyReportService, MonthlySummary
from app.security.permissions import Principal
from ui.reports.dashboard_base import ReportDashboard

THIS_MONTH = (31, 119, 180)
LAST_MONTH = (255, 127, 14)


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class MonthlyDashboard(ReportDashboard):
    def __init__(self, service: MonthlyReportService, principal: Principal | None, *,
                 parent: QWidget | None = None) -> None:
        super().__init__("monthly", parent)
        self.setObjectName("monthlyDashboard")
        self.setWindowTitle(self.tr("Monthly report"))
        self._service = service
        self._principal = principal
        self.summary: MonthlySummary | None = None

        year, month = service.default_month()
        self.month_edit = QDateEdit(QDate(year, month, 1))
        self.month_edit.setDisplayFormat("MM/yyyy")
        self.month_edit.setCalendarPopup(True)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.status_label.setObjectName("monthlyStatus")
        self.status_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month:")))
        top.addWidget(self.month_edit)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        top.addWidget(self.status_label, 1)

        self.total_label = QLabel()
        self.total_label.setObjectName("monthlyTotal")
        self.type_plot = pg.PlotWidget(title=self.tr("Violations by type"))
        self.daily_plot = pg.PlotWidget(title=self.tr("Violations per day"))
        for plot in (self.type_plot, self.daily_plot):
            plot.setBackground("w")
            plot.showGrid(y=True, alpha=0.3)
            plot.addLegend(offset=(-10, 10))
        self.tables = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.total_label)
        charts = QHBoxLayout()
        charts.addWidget(self.type_plot, 1)
        charts.addWidget(self.daily_plot, 1)
        layout.addLayout(charts, 3)
        layout.addLayout(self.tables, 2)

    def reload(self) -> None:
        date = self.month_edit.date()
        self.load(date.year(), date.month())

    def load(self, year: int, month: int) -> None:
        """Gather the month on the worker thread; ``summary`` is set when it arrives."""
        if self.busy:
            return
        self.month_edit.setDate(QDate(year, month, 1))
        self._start(self.tr("Loading…"), self._on_summary_finished, self._service.summary,
                    self._principal, year, month)

    def _on_summary_finished(self, summary: object) -> None:
        assert isinstance(summary, MonthlySummary)
        self.summary = summary
        self.status_label.setText("")
        self._show(summary)

    def _show(self, s: MonthlySummary) -> None:
        change = s.change_percent
        trend = "—" if change is None else f"{change:+.1f}%"
        self.total_label.setText(self.tr(
            "{total} violations detected in {month:02d}/{year} (previous month {previous}, "
            "change {trend}).").format(total=s.total, month=s.month, year=s.year,
                                       previous=s.previous_total, trend=trend))
        self.type_plot.clear()
        x = list(range(len(s.by_type)))
        self.type_plot.addItem(pg.BarGraphItem(
            x=[i - 0.2 for i in x], height=[t.count for t in s.by_type], width=0.4,
            brush=pg.mkBrush(*THIS_MONTH), name=self.tr("This month")))
        self.type_plot.addItem(pg.BarGraphItem(
            x=[i + 0.2 for i in x], height=[t.previous for t in s.by_type], width=0.4,
            brush=pg.mkBrush(*LAST_MONTH), name=self.tr("Previous month")))
        self.type_plot.getAxis("bottom").setTicks([[(i, t.code) for i, t in
                                                    zip(x, s.by_type, strict=True)]])
        self.daily_plot.clear()
        days = list(range(1, len(s.daily) + 1))
        self.daily_plot.plot(days, list(s.daily), pen=pg.mkPen(THIS_MONTH, width=2),
                             symbol="o", symbolSize=5, name=self.tr("This month"))
        previous = list(s.previous_daily)
        self.daily_plot.plot(list(range(1, len(previous) + 1)), previous,
                             pen=pg.mkPen(LAST_MONTH, width=2, style=Qt.PenStyle.DashLine),
                             name=self.tr("Previous month"))
        while self.tables.count():
            item = self.tables.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.state_table = _table([self.tr("State"), self.tr("Cases")],
                                  [[label, str(n)] for _, label, n in s.by_state])
        self.camera_table = _table([self.tr("Camera"), self.tr("Cases")],
                                   [[name, str(n)] for name, n in s.by_camera])
        self.officer_table = _table(
            [self.tr("Officer"), self.tr("Verified"), self.tr("Approved")],
            [[o.name, str(o.verified), str(o.approved)] for o in s.by_officer])
        self.time_table = _table(
            [self.tr("Stage"), self.tr("Cases"), self.tr("Median (h)"), self.tr("90% (h)")],
            [[label, str(d.count), _hours(d.median_h), _hours(d.p90_h)] for label, d in (
                (self.tr("Detected → verified"), s.detected_to_verified),
                (self.tr("Verified → approved"), s.verified_to_approved),
                (self.tr("Detected → approved"), s.detected_to_approved))])
        for column, table in enumerate((self.state_table, self.camera_table,
                                        self.officer_table, self.time_table)):
            self.tables.addWidget(table, 0, column)

    def _on_export_clicked(self) -> None:
        date = self.month_edit.date()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the monthly report"),
            str(Path.home() / f"bao-cao-thang-{date.month():02d}-{date.year()}.pdf"),
            self.tr("PDF files (*.pdf)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        date = self.month_edit.date()
        self._start(self.tr("Exporting…"), self._on_export_finished, self._service.export_pdf,
                    self._principal, date.year(), date.month(), path)
