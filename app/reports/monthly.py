"""Monthly summary of violations: counts, processing times and trends, as data and as a PDF.

One core query (``gather_monthly``) serves both the PDF and the in-app dashboard. The month
is a calendar month in Vietnam time; a case belongs to the month in which it was detected.

Processing times come from the violation's own timestamps (detected_at, verified_at,
approved_at), which the workflow sets in the same transaction as the audit entry, so they
agree with the audit trail without walking it. Median and 90th percentile use linear
interpolation between the two nearest values (numpy's default), in hours.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.cameras.health import VIETNAM_TZ
from app.reports.charts import bar_chart, line_chart
from app.reports.pdf_common import report_heading, report_styles, write_report_pdf
from app.review.catalogue import ViolationCatalogue
from app.review.states import STATE_LABELS, ViolationState
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.models import Camera, User, Violation
from app.storage.types import utc_now

log = logging.getLogger(__name__)

TITLE = "BÁO CÁO TỔNG HỢP VI PHẠM THEO THÁNG"
REPORT_EXPORTED = "report.export"


@dataclass(frozen=True)
class DurationStats:
    count: int
    median_h: float | None
    p90_h: float | None


@dataclass(frozen=True)
class TypeCount:
    code: str
    title: str
    count: int
    previous: int  # same type, previous month


@dataclass(frozen=True)
class OfficerCount:
    name: str
    verified: int
    approved: int


@dataclass(frozen=True)
class MonthlySummary:
    year: int
    month: int
    total: int
    previous_total: int
    by_type: tuple[TypeCount, ...]
    by_state: tuple[tuple[str, str, int], ...]  # (state, Vietnamese label, count)
    by_camera: tuple[tuple[str, int], ...]  # (camera name, count)
    by_officer: tuple[OfficerCount, ...]
    detected_to_verified: DurationStats
    verified_to_approved: DurationStats
    detected_to_approved: DurationStats
    daily: tuple[int, ...]  # cases per day of the month
    previous_daily: tuple[int, ...]

    @property
    def change_percent(self) -> float | None:
        if not self.previous_total:
            return None
        return 100.0 * (self.total - self.previous_total) / self.previous_total


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """[start, end) of the calendar month in Vietnam time."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValueError(f"{month}/{year} is not a month the report can cover.")
    start = datetime(year, month, 1, tzinfo=VIETNAM_TZ)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=VIETNAM_TZ)
    return start, end


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def duration_stats(hours: list[float]) -> DurationStats:
    if not hours:
        return DurationStats(0, None, None)
    values = np.asarray(hours, dtype=float)
    return DurationStats(len(hours), float(np.percentile(values, 50)),
                         float(np.percentile(values, 90)))


def _daily(times: list[datetime], start: datetime, end: datetime) -> tuple[int, ...]:
    days = (end - start).days
    counts = [0] * days
    for moment in times:
        counts[(moment.astimezone(VIETNAM_TZ).date() - start.date()).days] += 1
    return tuple(counts)


def gather_monthly(db: Database, year: int, month: int,
                   catalogue: ViolationCatalogue | None = None) -> MonthlySummary:
    """Every figure of the month, in a handful of grouped queries."""
    start, end = month_bounds(year, month)
    p_start, p_end = month_bounds(*previous_month(year, month))
    v = Violation
    in_month = sa.and_(v.detected_at >= start, v.detected_at < end)
    in_previous = sa.and_(v.detected_at >= p_start, v.detected_at < p_end)
    with db.session() as session:
        types = Counter({code: n for code, n in session.execute(
            sa.select(v.type_code, sa.func.count()).where(in_month).group_by(v.type_code))})
        previous_types = Counter({code: n for code, n in session.execute(
            sa.select(v.type_code, sa.func.count()).where(in_previous)
            .group_by(v.type_code))})
        states = dict(session.execute(sa.select(v.state, sa.func.count()).where(in_month)
                                      .group_by(v.state)).all())
        cameras = session.execute(
            sa.select(Camera.name, sa.func.count()).select_from(v)
            .join(Camera, Camera.id == v.camera_id)
            .where(in_month).group_by(Camera.id, Camera.name)
            .order_by(sa.func.count().desc(), Camera.name)).all()
        officers: dict[str, list[int]] = {}
        for column, slot in ((v.verified_by_id, 0), (v.approved_by_id, 1)):
            name = sa.func.coalesce(sa.func.nullif(User.display_name, ""), User.username)
            for who, n in session.execute(
                    sa.select(name, sa.func.count()).select_from(v)
                    .join(User, User.id == column)
                    .where(in_month).group_by(User.id, name)):
                officers.setdefault(str(who), [0, 0])[slot] += int(n)
        times = session.execute(sa.select(v.detected_at, v.verified_at, v.approved_at)
                                .where(in_month)).all()
        previous_times = list(session.scalars(sa.select(v.detected_at).where(in_previous)))

    def hours(a: datetime, b: datetime) -> float:
        return (b - a).total_seconds() / 3600.0

    to_verified = [hours(d, ver) for d, ver, _ in times if ver is not None]
    to_approved = [hours(ver, app) for _, ver, app in times if ver is not None and app]
    whole = [hours(d, app) for d, _, app in times if app is not None]

    def title(code: str) -> str:
        return catalogue.title(code, start.date()) if catalogue else code
    by_type = tuple(TypeCount(code, title(code), types[code], previous_types[code])
                    for code in sorted(set(types) | set(previous_types),
                                       key=lambda c: (-types[c], -previous_types[c], c)))
    by_state = tuple((s.value, STATE_LABELS[s], int(states.get(s.value, 0)))
                     for s in ViolationState)
    by_officer = tuple(sorted((OfficerCount(name, a, b) for name, (a, b) in officers.items()),
                              key=lambda o: (-(o.verified + o.approved), o.name)))
    return MonthlySummary(
        year, month, sum(types.values()), sum(previous_types.values()), by_type, by_state,
        tuple((str(name), int(n)) for name, n in cameras), by_officer,
        duration_stats(to_verified), duration_stats(to_approved), duration_stats(whole),
        _daily([d for d, _, _ in times], start, end), _daily(previous_times, p_start, p_end))


# --------------------------------------------------------------------------------- PDF
def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} giờ".replace(".", ",")


def write_monthly_pdf(summary: MonthlySummary, path: Path, *, agency_name: str = "",
                      generated_at: datetime | None = None) -> Path:
    styles = report_styles()
    p, bold = styles.p, styles.bold

    def table(rows: list[list[str]], widths: list[float]) -> Table:
        data = [[p(c, bold) for c in rows[0]]] + [[p(c) for c in r] for r in rows[1:]]
        result = Table(data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
        result.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                    ("BACKGROUND", (0, 0), (-1, 0),
                                     colors.HexColor("#dde4ee"))]))
        return result

    s = summary
    change = s.change_percent
    trend = ("không có số liệu tháng trước" if change is None else
             f"{'tăng' if change >= 0 else 'giảm'} {abs(change):.1f}%".replace(".", ","))
    story: list = report_heading(styles, TITLE, f"Tháng {s.month:02d}/{s.year}", agency_name,
                                 generated_at)
    story += [p(f"Tổng số vi phạm phát hiện: {s.total} (tháng trước: "
                f"{s.previous_total}; {trend}).", bold), Spacer(1, 3 * mm)]
    story += [p("I. Theo loại vi phạm", bold), Spacer(1, 1 * mm),
              table([["Mã", "Loại vi phạm", "Tháng này", "Tháng trước", "Chênh lệch"]] +
                    [[t.code, t.title, str(t.count), str(t.previous),
                      f"{t.count - t.previous:+d}"] for t in s.by_type],
                    [16, 100, 20, 22, 22]), Spacer(1, 2 * mm),
              bar_chart("Số vi phạm theo loại", [t.code for t in s.by_type],
                        [("Tháng này", [t.count for t in s.by_type]),
                         ("Tháng trước", [t.previous for t in s.by_type])],
                        width=500, height=190, legend_width=70), Spacer(1, 3 * mm)]
    days = [str(d) for d in range(1, len(s.daily) + 1)]
    prev = list(s.previous_daily[: len(s.daily)]) + [0] * max(0, len(s.daily) -
                                                              len(s.previous_daily))
    story += [line_chart("Số vi phạm theo ngày", days,
                         [("Tháng này", list(s.daily)), ("Tháng trước", prev)],
                         width=500, height=170), Spacer(1, 3 * mm)]
    story += [p("II. Theo trạng thái xử lý", bold), Spacer(1, 1 * mm),
              table([["Trạng thái", "Số vụ"]] + [[label, str(n)] for _, label, n in s.by_state],
                    [60, 25]), Spacer(1, 3 * mm),
              p("III. Theo camera", bold), Spacer(1, 1 * mm),
              table([["Camera", "Số vụ"]] + [[name, str(n)] for name, n in s.by_camera],
                    [120, 25]), Spacer(1, 3 * mm),
              p("IV. Theo cán bộ xử lý", bold), Spacer(1, 1 * mm),
              table([["Cán bộ", "Đã xác minh", "Đã phê duyệt"]] +
                    [[o.name, str(o.verified), str(o.approved)] for o in s.by_officer],
                    [90, 30, 30]), Spacer(1, 3 * mm),
              p("V. Thời gian xử lý", bold), Spacer(1, 1 * mm),
              table([["Giai đoạn", "Số vụ", "Trung vị", "90% số vụ trong"]] +
                    [[label, str(d.count), _hours(d.median_h), _hours(d.p90_h)]
                     for label, d in (("Phát hiện → Xác minh", s.detected_to_verified),
                                      ("Xác minh → Phê duyệt", s.verified_to_approved),
                                      ("Phát hiện → Phê duyệt", s.detected_to_approved))],
                    [60, 20, 35, 35])]
    return write_report_pdf(story, path, title=TITLE, agency_name=agency_name)


class MonthlyReportService:
    """The report as the UI asks for it: permission-checked, exports audited."""

    def __init__(self, db: Database, audit: AuditTrail, catalogue: ViolationCatalogue, *,
                 agency_name: str = "", clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._catalogue = catalogue
        self._agency_name = agency_name
        self._clock = clock

    def summary(self, principal: Principal | None, year: int, month: int) -> MonthlySummary:
        require(principal, Permission.VIEW_REPORTS)
        return gather_monthly(self._db, year, month, self._catalogue)

    def export_pdf(self, principal: Principal | None, year: int, month: int,
                   path: Path) -> Path:
        summary = self.summary(principal, year, month)
        write_monthly_pdf(summary, path, agency_name=self._agency_name,
                          generated_at=self._clock())
        self._audit.append(principal, REPORT_EXPORTED, "report", f"monthly-{year}-{month:02d}",
                           {"report": "monthly", "period": f"{year}-{month:02d}",
                            "file": str(path), "total": summary.total})
        return path

    def default_month(self) -> tuple[int, int]:
        """The month before the current one (the usual report to print)."""
        today = self._clock().astimezone(VIETNAM_TZ).date()
        return previous_month(today.year, today.month)
