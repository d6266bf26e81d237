"""Charts for the PDF reports (reportlab graphics), labelled in DejaVu Sans.

Small wrappers so that every report draws its bars, lines and pies the same way: one palette,
Vietnamese labels that print, value axes starting at zero, long category labels shortened.
"""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from app.reports.fonts import register_report_fonts

PALETTE = [colors.HexColor(c) for c in (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf")]
Series = Sequence[tuple[str, Sequence[float]]]


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _frame(width: float, height: float, title: str) -> Drawing:
    fonts = register_report_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 12, title, fontName=fonts.bold, fontSize=10,
                       textAnchor="middle"))
    return drawing


def _legend(drawing: Drawing, series: Series, x: float, y: float) -> None:
    if len(series) < 2:
        return
    legend = Legend()
    legend.fontName = register_report_fonts().regular
    legend.fontSize = 7
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name)
                             for i, (name, _) in enumerate(series)]
    drawing.add(legend)


def _value_max(series: Series, stacked: bool) -> float:
    if stacked:
        totals = [sum(values) for values in zip(*[v for _, v in series], strict=True)]
        return max(totals, default=0)
    return max((max(values, default=0) for _, values in series), default=0)


def bar_chart(title: str, categories: Sequence[str], series: Series, *, width: float = 480,
              height: float = 200, stacked: bool = False, label_limit: int = 18,
              legend_width: float = 0) -> Drawing:
    """Vertical bars, one group per category; several series side by side or stacked."""
    fonts = register_report_fonts()
    drawing = _frame(width, height, title)
    if not categories or not series:
        drawing.add(String(width / 2, height / 2, "Không có dữ liệu", fontName=fonts.regular,
                           fontSize=9, textAnchor="middle"))
        return drawing
    if len(series) > 1 and not legend_width:
        legend_width = 80
    chart = VerticalBarChart()
    chart.x, chart.y = 35, 45
    chart.width = width - 50 - legend_width
    chart.height = height - 70
    chart.data = [list(values) for _, values in series]
    chart.categoryAxis.categoryNames = [_short(c, label_limit) for c in categories]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 6.5
    if len(categories) > 6:
        chart.categoryAxis.labels.angle = 35
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1.0, _value_max(series, stacked) * 1.1)
    if stacked:
        chart.categoryAxis.style = "stacked"
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    _legend(drawing, series, chart.x + chart.width + 12, height - 25)
    return drawing


def line_chart(title: str, categories: Sequence[str], series: Series, *, width: float = 480,
               height: float = 200, legend_width: float = 90) -> Drawing:
    fonts = register_report_fonts()
    drawing = _frame(width, height, title)
    if not categories or not series:
        drawing.add(String(width / 2, height / 2, "Không có dữ liệu", fontName=fonts.regular,
                           fontSize=9, textAnchor="middle"))
        return drawing
    chart = HorizontalLineChart()
    chart.x, chart.y = 35, 35
    chart.width = width - 50 - legend_width
    chart.height = height - 60
    chart.data = [list(values) for _, values in series]
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1.0, _value_max(series, False) * 1.1)
    for index in range(len(series)):
        chart.lines[index].strokeColor = PALETTE[index % len(PALETTE)]
        chart.lines[index].strokeWidth = 1.5
    drawing.add(chart)
    _legend(drawing, series, chart.x + chart.width + 12, height - 25)
    return drawing


def pie_chart(title: str, labels: Sequence[str], values: Sequence[float], *,
              width: float = 240, height: float = 180) -> Drawing:
    fonts = register_report_fonts()
    drawing = _frame(width, height, title)
    total = sum(values)
    if not total:
        drawing.add(String(width / 2, height / 2, "Không có dữ liệu", fontName=fonts.regular,
                           fontSize=9, textAnchor="middle"))
        return drawing
    pie = Pie()
    size = min(width * 0.5, height - 50)
    pie.x, pie.y, pie.width, pie.height = 15, (height - 20 - size) / 2, size, size
    pie.data = list(values)
    pie.labels = None
    for index in range(len(values)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
        pie.slices[index].strokeColor = colors.white
    drawing.add(pie)
    shares = [f"{_short(label, 16)} {100.0 * v / total:.1f}%".replace(".", ",")
              for label, v in zip(labels, values, strict=True)]
    _legend(drawing, [(s, [0.0]) for s in shares] if len(shares) > 1 else
            [(shares[0], [0.0]), ("", [0.0])], pie.x + size + 25, height - 30)
    return drawing
