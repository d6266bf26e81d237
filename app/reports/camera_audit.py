"""Camera audit report per commune/ward ("rà soát, đánh giá thực trạng camera"), PDF and CSV.

For each camera of the commune (and the locations below it): name, location, purpose, state
(working / degraded / broken / never connected), the cause, when a picture last arrived,
uptime over the last 7 days and open maintenance tickets; then totals per state. The PDF is
A4 landscape with DejaVu Sans embedded so every Vietnamese letter prints.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.cameras.health import (
    BROKEN,
    DEGRADED,
    NEVER_CONNECTED,
    STATES,
    VIETNAM_TZ,
    WORKING,
    HealthService,
    assess_sample,
    uptime_percent,
)
from app.cameras.maintenance import MaintenanceService
from app.hashing import write_atomically
from app.reports.fonts import register_report_fonts
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.repositories import CameraRepository, SiteRepository
from app.storage.types import utc_now

TITLE = "BÁO CÁO RÀ SOÁT, ĐÁNH GIÁ THỰC TRẠNG CAMERA"
STATE_LABELS = {WORKING: "Hoạt động tốt", DEGRADED: "Suy giảm", BROKEN: "Hỏng",
                NEVER_CONNECTED: "Chưa kết nối"}
PURPOSE_LABELS = {"traffic": "Giao thông", "security": "An ninh trật tự"}
ISSUE_LABELS = {"stream_down": "Mất hình", "onvif_down": "Không truy cập được ONVIF",
                "low_fps": "Tốc độ khung hình thấp", "no_bitrate": "Không có dữ liệu hình",
                "clock_drift": "Lệch đồng hồ"}
STATE_COLOURS = {WORKING: colors.HexColor("#d9f2d9"), DEGRADED: colors.HexColor("#fff2cc"),
                 BROKEN: colors.HexColor("#f8d0d0"), NEVER_CONNECTED: colors.HexColor("#e6e6e6")}
COLUMNS = ("STT", "Tên camera", "Vị trí", "Mục đích", "Trạng thái", "Nguyên nhân",
           "Lần cuối có hình", "Hoạt động 7 ngày", "Phiếu sửa chữa đang mở")


@dataclass(frozen=True)
class AuditRow:
    camera_id: int
    name: str
    location: str
    purpose: str
    state: str
    cause: str
    last_seen: datetime | None
    uptime_7d_pct: float | None
    open_tickets: int

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class CameraAudit:
    area_name: str  # the commune/ward
    parent_name: str  # its province ("" for a top-level site)
    agency_name: str
    generated_at: datetime
    rows: tuple[AuditRow, ...]

    @property
    def totals(self) -> dict[str, int]:
        counts = Counter(row.state for row in self.rows)
        return {state: counts.get(state, 0) for state in STATES}


def build_camera_audit(db: Database, site_id: int, *, agency_name: str = "",
                       now: datetime | None = None, interval_s: float = 300.0) -> CameraAudit:
    """Gather the audit of the site `site_id` (a commune/ward) and everything below it."""
    now = now or utc_now()
    sites = SiteRepository(db).list_sites()
    by_id = {s.id: s for s in sites}
    area = by_id.get(site_id)
    if area is None:
        raise NotFoundError(f"Site {site_id} does not exist.")
    children: dict[int | None, list[int]] = {}
    for site in sites:
        children.setdefault(site.parent_id, []).append(site.id)
    location_of: dict[int, str] = {site_id: ""}
    pending = [site_id]
    while pending:
        parent = pending.pop()
        for child in children.get(parent, []):
            if child in location_of:
                continue
            prefix = location_of[parent]
            location_of[child] = f"{prefix} / {by_id[child].name}" if prefix else by_id[child].name
            pending.append(child)
    health = HealthService(db, interval_s=interval_s)
    # The state as it was at `now`: a report dated in the past must not show later samples.
    latest = health.latest_samples(until=now)
    seen = health.last_seen(until=now)
    tickets = MaintenanceService(db).open_ticket_counts()
    rows = []
    for camera in CameraRepository(db).list_cameras():
        if camera.site_id not in location_of:
            continue
        sample = latest.get(camera.id)
        state = sample.state if sample else NEVER_CONNECTED
        cause = ""
        if sample is not None and state != WORKING:
            profile = camera.sub_profile
            codes = assess_sample(sample, profile.fps if profile else None).codes
            cause = ", ".join(ISSUE_LABELS.get(code, code) for code in codes)
        rows.append(AuditRow(
            camera.id, camera.name, location_of[camera.site_id], camera.purpose, state, cause,
            seen.get(camera.id), uptime_percent(health.uptime_by_day(camera.id, 7, now)),
            tickets.get(camera.id, 0)))
    province = by_id.get(area.parent_id) if area.parent_id is not None else None
    return CameraAudit(area.name, province.name if province else "", agency_name, now, tuple(rows))


def _local(value: datetime | None, tz: tzinfo = VIETNAM_TZ) -> str:
    return "" if value is None else value.astimezone(tz).strftime("%d/%m/%Y %H:%M")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def _cells(index: int, row: AuditRow) -> list[str]:
    return [str(index), row.name, row.location, PURPOSE_LABELS.get(row.purpose, row.purpose),
            row.state_label, row.cause, _local(row.last_seen) or "Chưa có",
            _percent(row.uptime_7d_pct), str(row.open_tickets)]


# --------------------------------------------------------------------------------- CSV
def write_audit_csv(audit: CameraAudit, path: Path) -> Path:
    """The same rows as the PDF, UTF-8 with BOM for Excel; written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "Mã trạng thái"])
    for index, row in enumerate(audit.rows, start=1):
        cells = _cells(index, row)
        # Excel runs cells starting with = + - @ as formulas.
        writer.writerow([("'" + c if c[:1] in "=+-@" else c) for c in cells] + [row.state])
    writer.writerow([])
    for state, count in audit.totals.items():
        writer.writerow(["", "Tổng", "", "", STATE_LABELS[state], "", "", "", str(count), state])
    write_atomically(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


# --------------------------------------------------------------------------------- PDF
def write_audit_pdf(audit: CameraAudit, path: Path) -> Path:
    """Render the audit as an A4 landscape PDF; raises FontMissingError without DejaVu."""
    fonts = register_report_fonts()
    base = ParagraphStyle("base", fontName=fonts.regular, fontSize=8.5, leading=10.5)
    bold = ParagraphStyle("bold", parent=base, fontName=fonts.bold)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER, fontSize=10, leading=13)
    centre_bold = ParagraphStyle("centre_bold", parent=centre, fontName=fonts.bold)
    title = ParagraphStyle("title", parent=centre_bold, fontSize=15, leading=19, spaceAfter=4)

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text), style)

    agency = audit.agency_name or "CÔNG AN"
    header = Table([[p(agency.upper(), centre_bold),
                     p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", centre_bold)],
                    [p(audit.area_name.upper(), centre), p("Độc lập - Tự do - Hạnh phúc",
                                                            centre_bold)]],
                   colWidths=[110 * mm, 150 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    area = audit.area_name + (f", {audit.parent_name}" if audit.parent_name else "")
    story: list = [header, Spacer(1, 8 * mm), p(TITLE, title),
                   p(f"Địa bàn: {area}", centre),
                   p(f"Thời điểm lập báo cáo: {_local(audit.generated_at)}", centre),
                   Spacer(1, 5 * mm)]

    total = len(audit.rows)
    summary = [[p("Trạng thái", bold), p("Số camera", bold), p("Tỷ lệ", bold)]]
    for state, count in audit.totals.items():
        share = _percent(100.0 * count / total) if total else "—"
        summary.append([p(STATE_LABELS[state]), p(str(count)), p(share)])
    summary.append([p("Tổng cộng", bold), p(str(total), bold), p("")])
    summary_table = Table(summary, colWidths=[45 * mm, 25 * mm, 25 * mm], hAlign="LEFT")
    summary_style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                     ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee"))]
    for index, state in enumerate(audit.totals, start=1):
        summary_style.append(("BACKGROUND", (0, index), (0, index), STATE_COLOURS[state]))
    summary_table.setStyle(TableStyle(summary_style))
    story += [p("I. Tổng hợp theo trạng thái", bold), Spacer(1, 2 * mm), summary_table,
              Spacer(1, 5 * mm), p("II. Chi tiết từng camera", bold), Spacer(1, 2 * mm)]

    data = [[p(column, bold) for column in COLUMNS]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for index, row in enumerate(audit.rows, start=1):
        data.append([p(cell) for cell in _cells(index, row)])
        style.append(("BACKGROUND", (4, index), (4, index), STATE_COLOURS.get(
            row.state, colors.white)))
    if not audit.rows:
        data.append([p("Không có camera nào trên địa bàn.")] + [p("")] * (len(COLUMNS) - 1))
    widths = [12, 48, 44, 24, 24, 43, 28, 20, 24]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 10 * mm)]
    signatures = Table([[p("NGƯỜI LẬP BÁO CÁO", centre_bold), p("THỦ TRƯỞNG ĐƠN VỊ",
                                                                  centre_bold)],
                        [p("(Ký, ghi rõ họ tên)", centre), p("(Ký, đóng dấu)", centre)]],
                       colWidths=[130 * mm, 130 * mm])
    story.append(signatures)

    def footer(canvas: object, doc: SimpleDocTemplate) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(fonts.regular, 8)  # type: ignore[attr-defined]
        canvas.drawRightString(  # type: ignore[attr-defined]
            doc.pagesize[0] - 12 * mm, 8 * mm, f"{TITLE.capitalize()} — {audit.area_name} — "
                                               f"Trang {doc.page}")
        canvas.restoreState()  # type: ignore[attr-defined]

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=15 * mm, title=TITLE, author=agency,
        subject=f"{TITLE} — {audit.area_name}", creator="Trực Ban",
        initialFontName=fonts.regular, initialFontSize=9)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    write_atomically(path, buffer.getvalue())
    return path

