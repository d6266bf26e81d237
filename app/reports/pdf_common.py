"""The frame the A4 summary reports (monthly violations, gateway traffic) share: paragraph
styles, the heading block (agency, title, period, time written) and writing the PDF."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from app.cameras.health import VIETNAM_TZ
from app.hashing import write_atomically
from app.reports.fonts import ReportFonts, register_report_fonts
from app.storage.types import utc_now


@dataclass(frozen=True)
class ReportStyles:
    fonts: ReportFonts
    base: ParagraphStyle
    bold: ParagraphStyle
    centre: ParagraphStyle
    title: ParagraphStyle

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain text (escaped: names may hold '<' or '&')."""
        return Paragraph(escape(text), style or self.base)


def report_styles() -> ReportStyles:
    fonts = register_report_fonts()
    base = ParagraphStyle("base", fontName=fonts.regular, fontSize=9, leading=11.5)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER, fontSize=10)
    return ReportStyles(
        fonts, base, ParagraphStyle("bold", parent=base, fontName=fonts.bold), centre,
        ParagraphStyle("title", parent=centre, fontName=fonts.bold, fontSize=14, leading=18))


def report_heading(styles: ReportStyles, title: str, period: str, agency_name: str,
                   generated_at: datetime | None) -> list[Flowable]:
    now = (generated_at or utc_now()).astimezone(VIETNAM_TZ)
    p = styles.p
    return [p((agency_name or "CÔNG AN").upper(), styles.bold), Spacer(1, 4 * mm),
            p(title, styles.title), p(period, styles.centre),
            p(f"Lập lúc {now:%H:%M ngày %d/%m/%Y}", styles.centre), Spacer(1, 5 * mm)]


def write_report_pdf(story: list[Flowable], path: Path, *, title: str,
                     agency_name: str) -> Path:
    """Lay out `story` on A4 pages and write it to `path` atomically."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                      topMargin=12 * mm, bottomMargin=12 * mm, title=title,
                      author=agency_name, creator="Trực Ban").build(story)
    write_atomically(path, buffer.getvalue())
    return path
