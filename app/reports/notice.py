"""Notice of violation ("Thông báo vi phạm hành chính — phạt nguội") as an A4 PDF.

One page per case: agency header, the violation with its legal basis and fine range from the
catalogue (as in force on the day of the violation), time in Vietnam time, place, camera,
plate, the evidence pictures with their annotations burned in and each picture's SHA-256,
the look-up code with its QR code, and the signature block.

Printing is a core service: it checks print_notice (per camera), refuses cases that are not
approved yet, checks each picture against its recorded SHA-256 before printing it, and writes
one audit entry per printed notice in the same transaction that publishes the file (the
file is renamed into place inside that transaction).
"""
from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import sqlalchemy as sa
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from app.cameras.health import VIETNAM_TZ
from app.hashing import sha256_file
from app.reports.evidence_images import AnnotationShape
from app.reports.fonts import register_report_fonts
from app.review.catalogue import CatalogueEntry
from app.review.states import ViolationState
from app.storage.database import Database
from app.storage.models import Annotation, Camera, Evidence, Site, Violation

log = logging.getLogger(__name__)

TITLE = "THÔNG BÁO VI PHẠM HÀNH CHÍNH (PHẠT NGUỘI)"
PRINTABLE_STATES = frozenset({ViolationState.APPROVED, ViolationState.FORWARDED,
                              ViolationState.FINED})
PICTURE_KINDS = ("image", "snapshot")
MAX_PICTURES = 2
# No 0/O, 1/I/L: the code is read aloud and typed by hand.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class NoticeConfig:
    agency_name: str = "CÔNG AN TỈNH"
    agency_address: str = ""
    parent_agency: str = ""  # the line above the agency in the header, e.g. "BỘ CÔNG AN"
    issuing_place: str = ""  # "Hà Nội" in "Hà Nội, ngày ... tháng ... năm ..."
    lookup_url: str = ""  # when set, the QR code holds this URL followed by the code
    signer_title: str = "THỦ TRƯỞNG ĐƠN VỊ"


@dataclass(frozen=True)
class NoticePicture:
    kind: str
    path: Path
    sha256: str
    captured_at: datetime
    annotations: tuple[AnnotationShape, ...] = ()


@dataclass(frozen=True)
class NoticeCase:
    violation_id: int
    camera_id: int
    type_code: str
    plate: str | None
    state: ViolationState
    detected_at: datetime
    camera_name: str
    place: str
    lookup_code: str | None
    pictures: tuple[NoticePicture, ...]


class NoticeError(Exception):
    """A notice cannot be printed; ``user_message`` says why (also ``str()``)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def local_time(value: datetime) -> str:
    return value.astimezone(VIETNAM_TZ).strftime("%H giờ %M phút %S giây, ngày %d/%m/%Y")


def new_lookup_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _site_path(sites: dict[int, Site], site_id: int | None) -> str:
    names: list[str] = []
    seen: set[int] = set()
    while site_id is not None and site_id in sites and site_id not in seen:
        seen.add(site_id)
        names.append(sites[site_id].name)
        site_id = sites[site_id].parent_id
    return ", ".join(names)


def load_cases(db: Database, violation_ids: Sequence[int],
               evidence_dir: Path | None = None) -> dict[int, NoticeCase]:
    """The cases with camera, place, pictures and their annotations, in a few queries."""
    ids = sorted(set(violation_ids))
    if not ids:
        return {}
    with db.session() as session:
        rows = list(session.scalars(sa.select(Violation).where(Violation.id.in_(ids))))
        cameras = {c.id: c for c in session.scalars(sa.select(Camera).where(
            Camera.id.in_({r.camera_id for r in rows})))}
        sites = {s.id: s for s in session.scalars(sa.select(Site))}
        evidence = list(session.scalars(sa.select(Evidence).where(
            Evidence.violation_id.in_(ids), Evidence.kind.in_(PICTURE_KINDS))
            .order_by(Evidence.id)))
        shapes: dict[int, list[AnnotationShape]] = {}
        if evidence:
            for note in session.scalars(sa.select(Annotation).where(
                    Annotation.evidence_id.in_([e.id for e in evidence]))
                    .order_by(Annotation.id)):
                shapes.setdefault(note.evidence_id, []).append(
                    AnnotationShape(note.kind, dict(note.geometry or {}), note.text or ""))
        pictures: dict[int, list[NoticePicture]] = {}
        for item in evidence:
            path = Path(item.path)
            if not path.is_absolute() and evidence_dir is not None:
                path = evidence_dir / path
            assert item.violation_id is not None
            pictures.setdefault(item.violation_id, []).append(NoticePicture(
                item.kind, path, item.sha256, item.captured_at,
                tuple(shapes.get(item.id, ()))))
        cases = {}
        for row in rows:
            camera = cameras.get(row.camera_id)
            place = _site_path(sites, camera.site_id) if camera else ""
            cases[row.id] = NoticeCase(
                row.id, row.camera_id, row.type_code, row.plate, ViolationState(row.state),
                row.detected_at, camera.name if camera else f"Camera {row.camera_id}",
                place, row.lookup_code,
                tuple(pictures.get(row.id, ())))
    return cases


def ensure_lookup_code(db: Database, violation_id: int) -> str:
    """The case's look-up code, created on first use.

    Written with a plain UPDATE (not through the ORM's version column) on purpose: giving a
    case its code is not a decision, and must not make a reviewer's open copy look stale.
    """
    for _ in range(5):
        code = new_lookup_code()
        with db.session() as session:
            current = session.execute(sa.select(Violation.lookup_code).where(
                Violation.id == violation_id)).scalar_one_or_none()
            if current:
                return str(current)
            taken = session.execute(sa.select(Violation.id).where(
                Violation.lookup_code == code)).first()
            if taken:
                continue
            session.execute(sa.update(Violation).where(
                Violation.id == violation_id, Violation.lookup_code.is_(None))
                .values(lookup_code=code))
        with db.session() as session:
            stored = session.execute(sa.select(Violation.lookup_code).where(
                Violation.id == violation_id)).scalar_one()
            if stored:
                return str(stored)
    raise NoticeError("A look-up code could not be created; try again.")


def verified_pictures(case: NoticeCase) -> list[NoticePicture]:
    """The pictures to print, each checked against its recorded SHA-256."""
    if not case.pictures:
        raise NoticeError(f"Violation #{case.violation_id} has no picture to print.")
    checked = []
    for picture in case.pictures[:MAX_PICTURES]:
        try:
            actual = sha256_file(picture.path)
        except OSError:
            raise NoticeError(f"The evidence picture {picture.path.name} of violation "
                              f"#{case.violation_id} is missing.") from None
        if actual != picture.sha256:
            raise NoticeError(f"The evidence picture {picture.path.name} of violation "
                              f"#{case.violation_id} no longer matches its SHA-256; it was "
                              f"changed after capture and cannot be printed.")
        checked.append(picture)
    return checked


# --------------------------------------------------------------------------------- PDF
class _Styles:
    def __init__(self) -> None:
        fonts = register_report_fonts()
        self.regular, self.bold = fonts.regular, fonts.bold
        self.base = ParagraphStyle("base", fontName=fonts.regular, fontSize=9.5, leading=12)
        self.justify = ParagraphStyle("justify", parent=self.base, alignment=TA_JUSTIFY)
        self.bold_p = ParagraphStyle("bold", parent=self.base, fontName=fonts.bold)
        self.small = ParagraphStyle("small", parent=self.base, fontSize=7.5, leading=9.5)
        self.centre = ParagraphStyle("centre", parent=self.base, alignment=TA_CENTER)
        self.centre_bold = ParagraphStyle("centre_bold", parent=self.centre,
                                          fontName=fonts.bold)
        self.title = ParagraphStyle("title", parent=self.centre_bold, fontSize=14.5,
                                    leading=19, spaceBefore=2, spaceAfter=2)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.base)


def _qr(data: str, size: float) -> Drawing:
    widget = QrCodeWidget(data, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _picture_flowable(png: bytes, max_w: float, max_h: float) -> Image:
    image = Image(io.BytesIO(png))
    scale = min(max_w / image.imageWidth, max_h / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def notice_story(case: NoticeCase, entry: CatalogueEntry | None, lookup_code: str,
                 pictures: Sequence[tuple[NoticePicture, bytes]], config: NoticeConfig,
                 styles: _Styles, issued_at: datetime) -> list[Flowable]:
    """The flowables of one notice (one A4 page)."""
    s, p = styles, styles.p
    local = issued_at.astimezone(VIETNAM_TZ)
    place = config.issuing_place or "……………"
    header = Table([
        [p((config.parent_agency or "").upper(), s.centre),
         p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.centre_bold)],
        [p(config.agency_name.upper(), s.centre_bold), p("Độc lập - Tự do - Hạnh phúc",
                                                          s.centre_bold)],
        [p("Số:          /TB", s.centre),
         p(f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}", s.centre)]],
        colWidths=[75 * mm, 105 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    plate = case.plate or "(chưa xác định)"
    story: list[Flowable] = [
        header, Spacer(1, 3 * mm), p(TITLE, s.title),
        p("Về trật tự, an toàn giao thông trong lĩnh vực giao thông đường bộ", s.centre),
        Spacer(1, 2 * mm),
        p(f"Kính gửi: Chủ phương tiện mang biển kiểm soát {plate}", s.bold_p), Spacer(1, 1 * mm),
        p(f"Qua hệ thống camera giám sát, {config.agency_name} phát hiện phương tiện nêu dưới "
          f"đây có hành vi vi phạm hành chính về trật tự, an toàn giao thông đường bộ:",
          s.justify), Spacer(1, 1.5 * mm)]
    if entry is not None:
        act = f"{entry.title}: {entry.text}"
        basis = f"Quy định tại {entry.legal_basis}"
        fine = f"Phạt tiền {entry.fine_range}"
        points = (f"Trừ {entry.licence_points:02d} điểm giấy phép lái xe"
                  if entry.licence_points else "Không")
        vehicle = entry.vehicle_label
    else:
        act, basis, fine, points, vehicle = (f"Mã vi phạm {case.type_code}",
                                             "Chưa có trong danh mục", "—", "—", "—")
    rows = [("Biển kiểm soát", plate), ("Loại phương tiện", vehicle),
            ("Thời gian vi phạm", f"{local_time(case.detected_at)} (giờ Việt Nam)"),
            ("Địa điểm vi phạm", case.place or case.camera_name), ("Camera ghi nhận", case.camera_name),
            ("Hành vi vi phạm", act), ("Căn cứ pháp lý", basis), ("Mức phạt tiền", fine),
            ("Trừ điểm GPLX", points)]
    if entry is not None and entry.supplementary:
        rows.append(("Hình thức bổ sung", entry.supplementary))
    rows.append(("Mã tra cứu", lookup_code))
    details = Table([[p(k, s.bold_p), p(v, s.justify)] for k, v in rows],
                    colWidths=[42 * mm, 138 * mm])
    details.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef1f6"))]))
    story += [details, Spacer(1, 2 * mm), p("Hình ảnh vi phạm:", s.bold_p)]
    width = (180 * mm - 4 * mm * (len(pictures) - 1)) / max(1, len(pictures))
    cells, captions = [], []
    for number, (picture, png) in enumerate(pictures, start=1):
        cells.append(_picture_flowable(png, width, 52 * mm))
        captions.append(p(f"Ảnh {number} — chụp lúc {local_time(picture.captured_at)}\n"
                          f"SHA-256: {picture.sha256}", s.small))
    if cells:
        gallery = Table([cells, captions], colWidths=[width + 4 * mm] * len(cells))
        gallery.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("ALIGN", (0, 0), (-1, 0), "CENTER")]))
        story.append(gallery)
    story.append(Spacer(1, 2 * mm))
    address = f", địa chỉ: {config.agency_address}" if config.agency_address else ""
    request = p(f"Đề nghị chủ phương tiện hoặc người điều khiển phương tiện đến "
                f"{config.agency_name}{address} để giải quyết vụ việc theo quy định; khi đến "
                f"mang theo thông báo này và giấy tờ tùy thân, giấy tờ của phương tiện. "
                f"Tra cứu vụ việc bằng mã tra cứu {lookup_code} hoặc quét mã QR bên cạnh.",
                s.justify)
    qr_data = f"{config.lookup_url}{lookup_code}" if config.lookup_url else lookup_code
    qr = Table([[_qr(qr_data, 27 * mm)], [p(lookup_code, s.centre_bold)]],
               colWidths=[34 * mm])
    block = Table([[request, qr]], colWidths=[146 * mm, 34 * mm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    signature = Table([
        [p("Nơi nhận:\n- Như trên;\n- Lưu: hồ sơ vụ việc.", s.small),
         p(config.signer_title.upper(), s.centre_bold)],
        [p(""), p("(Ký, ghi rõ họ tên, đóng dấu)", s.centre)]],
        colWidths=[90 * mm, 90 * mm])
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [block, Spacer(1, 2 * mm), signature]
    return story


def page_size() -> tuple[float, float]:
    return A4

