"""Traffic counts at the gateway cameras (cameras "cửa ngõ") from the hourly CountBuckets.

For a day or a range of days (Vietnam time): counts per hour and vehicle class for each
gateway camera (both directions added up), the peak hour, the busiest gateway of each day
and each class's share. One core query (``gather_traffic``) feeds the dashboard and the PDF.

Gateway cameras are those tagged "gateway" (or "cửa ngõ"); when none is tagged, every camera
that has counts in the period is reported. The caller may also name the cameras.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.cameras.health import VIETNAM_TZ
from app.reports.charts import bar_chart, pie_chart
from app.reports.pdf_common import report_heading, report_styles, write_report_pdf
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.models import Camera, CountBucket
from app.storage.types import utc_now

log = logging.getLogger(__name__)

TITLE = "BÁO CÁO LƯU LƯỢNG PHƯƠNG TIỆN QUA CÁC CỬA NGÕ"
GATEWAY_TAGS = frozenset({"gateway", "cửa ngõ", "cua ngo"})
CLASS_LABELS = {"car": "Ô tô", "motorbike": "Xe máy", "motorcycle": "Xe máy",
                "bus": "Xe buýt", "truck": "Xe tải", "bicycle": "Xe đạp",
                "person": "Người đi bộ", "pedestrian": "Người đi bộ"}
MAX_DAYS = 92


def class_label(name: str) -> str:
    return CLASS_LABELS.get(name, name)


@dataclass(frozen=True)
class GatewayCounts:
    camera_id: int
    name: str
    # counts[h][c]: hour h of the period (see TrafficReport.hours), class c (.classes)
    counts: tuple[tuple[int, ...], ...]

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)

    def hourly_totals(self) -> list[int]:
        return [sum(row) for row in self.counts]


@dataclass(frozen=True)
class TrafficReport:
    first_day: date
    last_day: date
    hours: tuple[datetime, ...]  # local hour starts, every hour of the period
    classes: tuple[str, ...]  # by total, busiest first
    gateways: tuple[GatewayCounts, ...]  # busiest first

    @property
    def total(self) -> int:
        return sum(g.total for g in self.gateways)

    def class_totals(self) -> list[int]:
        return [sum(g.counts[h][c] for g in self.gateways for h in range(len(self.hours)))
                for c in range(len(self.classes))]

    def class_shares(self) -> list[float]:
        total = self.total
        return [100.0 * n / total if total else 0.0 for n in self.class_totals()]

    def hourly_totals(self) -> list[int]:
        return [sum(g.counts[h][c] for g in self.gateways for c in range(len(self.classes)))
                for h in range(len(self.hours))]

    def peak_hour(self) -> tuple[datetime, int] | None:
        """The busiest hour over every gateway (the earliest on a tie)."""
        totals = self.hourly_totals()
        if not totals or max(totals) == 0:
            return None
        index = totals.index(max(totals))
        return self.hours[index], totals[index]

    def hour_of_day_profile(self, gateway: GatewayCounts | None = None) -> list[list[int]]:
        """[hour 0–23][class]: the period's counts added up by hour of the day."""
        profile = [[0] * len(self.classes) for _ in range(24)]
        sources = [gateway] if gateway is not None else list(self.gateways)
        for source in sources:
            for h, moment in enumerate(self.hours):
                for c, n in enumerate(source.counts[h]):
                    profile[moment.hour][c] += n
        return profile

    def busiest_by_day(self) -> list[tuple[date, str, int]]:
        """(day, gateway, count) for each day that has counts."""
        result = []
        day = self.first_day
        while day <= self.last_day:
            indexes = [h for h, moment in enumerate(self.hours) if moment.date() == day]
            best = max(((sum(sum(g.counts[h]) for h in indexes), g.name)
                        for g in self.gateways), default=(0, ""), key=lambda x: x[0])
            if best[0] > 0:
                result.append((day, best[1], best[0]))
            day += timedelta(days=1)
        return result


def _is_gateway(tags: Sequence[str]) -> bool:
    return any(str(tag).strip().lower() in GATEWAY_TAGS for tag in tags or ())


def gather_traffic(db: Database, first_day: date, last_day: date,
                   camera_ids: Sequence[int] | None = None) -> TrafficReport:
    if last_day < first_day:
        raise ValueError("The last day must not be before the first day.")
    if (last_day - first_day).days >= MAX_DAYS:
        raise ValueError(f"A traffic report covers at most {MAX_DAYS} days.")
    start = datetime.combine(first_day, datetime.min.time(), VIETNAM_TZ)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), VIETNAM_TZ)
    hours = tuple(start + timedelta(hours=h) for h in range(int((end - start).total_seconds()
                                                                  // 3600)))
    b = CountBucket
    with db.session() as session:
        cameras = {c.id: c for c in session.scalars(sa.select(Camera))}
        rows = session.execute(
            sa.select(b.camera_id, b.hour_start, b.object_class, sa.func.sum(b.count))
            .where(b.hour_start >= start, b.hour_start < end)
            .group_by(b.camera_id, b.hour_start, b.object_class)).all()
        if camera_ids:
            wanted = set(camera_ids)
        else:
            wanted = {cid for cid, cam in cameras.items() if _is_gateway(cam.tags)}
            if not wanted:
                wanted = {cid for cid, _, _, _ in rows}
        names = {cid: cameras[cid].name if cid in cameras else f"Camera {cid}"
                 for cid in wanted}
    class_totals: dict[str, int] = {}
    for cid, _, cls, n in rows:
        if cid in wanted:
            class_totals[cls] = class_totals.get(cls, 0) + int(n or 0)
    classes = tuple(sorted(class_totals, key=lambda c: (-class_totals[c], c)))
    class_index = {c: i for i, c in enumerate(classes)}
    hour_index = {moment: i for i, moment in enumerate(hours)}
    grid = {cid: [[0] * len(classes) for _ in hours] for cid in wanted}
    for cid, hour_start, cls, n in rows:
        if cid not in wanted:
            continue
        h = hour_index.get(hour_start.astimezone(VIETNAM_TZ).replace(minute=0, second=0,
                                                                     microsecond=0))
        if h is not None:
            grid[cid][h][class_index[cls]] += int(n or 0)
    gateways = [GatewayCounts(cid, names[cid], tuple(tuple(r) for r in grid[cid]))
                for cid in wanted]
    gateways.sort(key=lambda g: (-g.total, g.name))
    return TrafficReport(first_day, last_day, hours, classes, tuple(gateways))


# --------------------------------------------------------------------------------- PDF
def _period(report: TrafficReport) -> str:
    if report.first_day == report.last_day:
        return f"Ngày {report.first_day:%d/%m/%Y}"
    return f"Từ ngày {report.first_day:%d/%m/%Y} đến ngày {report.last_day:%d/%m/%Y}"


def write_traffic_pdf(report: TrafficReport, path: Path, *, agency_name: str = "",
                      generated_at: datetime | None = None) -> Path:
    styles = report_styles()
    fonts, p, bold = styles.fonts, styles.p, styles.bold

    def table(rows: list[list[str]], widths: list[float], size: float = 9) -> Table:
        result = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
        result.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("FONTNAME", (0, 0), (-1, -1), fonts.regular), ("FONTSIZE", (0, 0), (-1, -1), size),
            ("FONTNAME", (0, 0), (-1, 0), fonts.bold),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee"))]))
        return result

    labels = [class_label(c) for c in report.classes]
    peak = report.peak_hour()
    story: list = report_heading(styles, TITLE, _period(report), agency_name, generated_at)
    story.append(p(f"Tổng lượt phương tiện: {report.total:,}".replace(",", "."), bold))
    if peak:
        story.append(p(f"Giờ cao điểm: {peak[0]:%H}:00–{peak[0]:%H}:59 ngày "
                       f"{peak[0]:%d/%m/%Y} ({peak[1]:,} lượt)".replace(",", ".")))
    for day, name, count in report.busiest_by_day():
        story.append(p(f"Cửa ngõ đông nhất ngày {day:%d/%m/%Y}: {name} ({count:,} lượt)"
                       .replace(",", ".")))
    story += [Spacer(1, 3 * mm), p("I. Cơ cấu theo loại phương tiện", bold)]
    shares = report.class_shares()
    story.append(table([["Loại phương tiện", "Số lượt", "Tỷ lệ"]] +
                       [[label, str(n), f"{share:.1f}%".replace(".", ",")] for label, n, share
                        in zip(labels, report.class_totals(), shares, strict=True)],
                       [50, 30, 25]))
    story += [pie_chart("Tỷ lệ theo loại phương tiện", labels, report.class_totals(),
                        width=320, height=150), Spacer(1, 3 * mm),
              p("II. Lưu lượng theo giờ tại từng cửa ngõ", bold), Spacer(1, 2 * mm)]
    hours = [f"{h:02d}" for h in range(24)]
    for gateway in report.gateways:
        profile = report.hour_of_day_profile(gateway)
        series = [(label, [profile[h][c] for h in range(24)]) for c, label in enumerate(labels)]
        story += [bar_chart(f"{gateway.name} — {gateway.total:,} lượt".replace(",", "."),
                            hours, series, width=500, height=170, stacked=True,
                            legend_width=70), Spacer(1, 2 * mm)]
    header = ["Giờ"] + [g.name[:18] for g in report.gateways] + ["Tổng"]
    totals_by_gateway = [report.hour_of_day_profile(g) for g in report.gateways]
    rows = [[f"{h:02d}:00"] + [str(sum(t[h])) for t in totals_by_gateway] +
            [str(sum(sum(t[h]) for t in totals_by_gateway))] for h in range(24)]
    width = min(35.0, 150.0 / max(1, len(report.gateways)))
    story += [p("Bảng lưu lượng theo giờ trong ngày", bold), Spacer(1, 1 * mm),
              table([header] + rows, [18] + [width] * len(report.gateways) + [20], size=7.5)]
    return write_report_pdf(story, path, title=TITLE, agency_name=agency_name)


class TrafficReportService:
    def __init__(self, db: Database, audit: AuditTrail, *, agency_name: str = "",
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._agency_name = agency_name
        self._clock = clock

    def report(self, principal: Principal | None, first_day: date, last_day: date,
               camera_ids: Sequence[int] | None = None) -> TrafficReport:
        require(principal, Permission.VIEW_REPORTS)
        return gather_traffic(self._db, first_day, last_day, camera_ids)

    def export_pdf(self, principal: Principal | None, first_day: date, last_day: date,
                   path: Path, camera_ids: Sequence[int] | None = None) -> Path:
        report = self.report(principal, first_day, last_day, camera_ids)
        write_traffic_pdf(report, path, agency_name=self._agency_name,
                          generated_at=self._clock())
        self._audit.append(principal, "report.export", "report",
                           f"traffic-{first_day.isoformat()}",
                           {"report": "traffic", "from": first_day.isoformat(),
                            "to": last_day.isoformat(), "file": str(path),
                            "total": report.total})
        return path

    def today(self) -> date:
        return self._clock().astimezone(VIETNAM_TZ).date()
