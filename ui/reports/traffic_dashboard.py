"""In-app traffic counts at the gateways: the same figures as the traffic PDF (gather_traffic).

Stacked bars per hour of the day for the chosen gateway (or all of them), each class's share,
the peak hour and the busiest gateway of each day. Data is gathered on a worker thread.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.charts import PALETTE
from app.reports.traffic import TrafficReport, TrafficReportService, class_label
from app.security.permissions import Principal
from ui.reports.dashboard_base import ReportDashboard


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class TrafficDashboard(ReportDashboard):
    def __init__(self, service: TrafficReportService, principal: Principal | None, *,
                 parent: QWidget | None = None) -> None:
        super().__init__("traffic", parent)
        self.setObjectName("trafficDashboard")
        self.setWindowTitle(self.tr("Traffic report"))
        self._service = service
        self._principal = principal
        self.report: TrafficReport | None = None

        today = service.today()
        self.from_edit = QDateEdit(_qdate(today))
        self.to_edit = QDateEdit(_qdate(today))
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.gateway_combo = QComboBox()
        self.gateway_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.gateway_combo.currentIndexChanged.connect(self._on_gateway_changed)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From:")))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(self.tr("To:")))
        top.addWidget(self.to_edit)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Gateway:")))
        top.addWidget(self.gateway_combo)

        self.status_label.setObjectName("trafficStatus")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("trafficSummary")
        self.summary_label.setWordWrap(True)
        self.hour_plot = pg.PlotWidget(title=self.tr("Vehicles per hour of the day"))
        self.share_plot = pg.PlotWidget(title=self.tr("Share of each vehicle class (%)"))
        for plot in (self.hour_plot, self.share_plot):
            plot.setBackground("w")
            plot.showGrid(y=True, alpha=0.3)
        self.hour_plot.addLegend(offset=(-10, 10))
        self.share_table = QTableWidget(0, 3)
        self.share_table.setHorizontalHeaderLabels([self.tr("Vehicle class"), self.tr("Count"),
                                                    self.tr("Share")])
        self.share_table.verticalHeader().setVisible(False)
        self.share_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.summary_label)
        charts = QHBoxLayout()
        charts.addWidget(self.hour_plot, 3)
        side = QVBoxLayout()
        side.addWidget(self.share_plot, 1)
        side.addWidget(self.share_table, 1)
        charts.addLayout(side, 1)
        layout.addLayout(charts, 1)

    def reload(self) -> None:
        self.load(_date(self.from_edit.date()), _date(self.to_edit.date()))

    def load(self, first_day: date, last_day: date) -> None:
        if self.busy:
            return
        self.from_edit.setDate(_qdate(first_day))
        self.to_edit.setDate(_qdate(last_day))
        self._start(self.tr("Loading…"), self._on_report_finished, self._service.report,
                    self._principal, first_day, last_day)

    def _on_report_finished(self, report: object) -> None:
        assert isinstance(report, TrafficReport)
        self.report = report
        self.status_label.setText("")
        self.gateway_combo.blockSignals(True)
        self.gateway_combo.clear()
        self.gateway_combo.addItem(self.tr("All gateways"), None)
        for gateway in report.gateways:
            self.gateway_combo.addItem(gateway.name, gateway.camera_id)
        self.gateway_combo.blockSignals(False)
        self._show_summary(report)
        self._show_hours(report, None)

    def _on_gateway_changed(self, index: int) -> None:
        if self.report is None:
            return
        camera_id = self.gateway_combo.itemData(index)
        gateway = next((g for g in self.report.gateways if g.camera_id == camera_id), None)
        self._show_hours(self.report, gateway)

    def _show_summary(self, report: TrafficReport) -> None:
        lines = [self.tr("{total} vehicles counted.").format(total=report.total)]
        peak = report.peak_hour()
        if peak is not None:
            lines.append(self.tr("Peak hour: {hour}:00 on {day} ({count} vehicles).").format(
                hour=f"{peak[0].hour:02d}", day=f"{peak[0]:%d/%m/%Y}", count=peak[1]))
        for day, name, count in report.busiest_by_day():
            lines.append(self.tr("Busiest gateway on {day}: {name} ({count} vehicles).").format(
                day=f"{day:%d/%m/%Y}", name=name, count=count))
        self.summary_label.setText("\n".join(lines))
        totals = report.class_totals()
        shares = report.class_shares()
        self.share_table.setRowCount(len(report.classes))
        for row, (cls, n, share) in enumerate(zip(report.classes, totals, shares,
                                                  strict=True)):
            for column, text in enumerate((class_label(cls), str(n), f"{share:.1f}%")):
                self.share_table.setItem(row, column, QTableWidgetItem(text))
        self.share_table.resizeColumnsToContents()
        self.share_plot.clear()
        for index, share in enumerate(shares):
            colour = PALETTE[index % len(PALETTE)]
            self.share_plot.addItem(pg.BarGraphItem(
                x=[index], height=[share], width=0.6,
                brush=pg.mkBrush(int(colour.red * 255), int(colour.green * 255),
                                 int(colour.blue * 255))))
        self.share_plot.getAxis("bottom").setTicks(
            [[(i, class_label(c)) for i, c in enumerate(report.classes)]])

    def _show_hours(self, report: TrafficReport, gateway: object) -> None:
        profile = report.hour_of_day_profile(gateway)  # type: ignore[arg-type]
        self.hour_plot.clear()
        bottoms = [0] * 24
        for index, cls in enumerate(report.classes):
            heights = [profile[h][index] for h in range(24)]
            colour = PALETTE[index % len(PALETTE)]
            self.hour_plot.addItem(pg.BarGraphItem(
                x=list(range(24)), y0=list(bottoms), height=heights, width=0.8,
                brush=pg.mkBrush(int(colour.red * 255), int(colour.green * 255),
                                 int(colour.blue * 255)), name=class_label(cls)))
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        self.hour_plot.getAxis("bottom").setTicks([[(h, f"{h:02d}") for h in range(0, 24, 2)]])

    def _on_export_clicked(self) -> None:
        first = _date(self.from_edit.date())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the traffic report"),
            str(Path.home() / f"luu-luong-{first:%Y-%m-%d}.pdf"), self.tr("PDF files (*.pdf)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self._start(self.tr("Exporting…"), self._on_export_finished, self._service.export_pdf,
                    self._principal, _date(self.from_edit.date()), _date(self.to_edit.date()),
                    path)
