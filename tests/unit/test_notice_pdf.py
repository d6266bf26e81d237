"""Notices of violation: content, pictures, QR code, permissions, audit, batch and cancel."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import cv2
import pytest

from app.reports.notice import TITLE, NoticeConfig
from app.reports.notice_printing import NoticePrinter
from app.review.catalogue import ViolationCatalogue
from app.review.states import ViolationState
from app.security.audit import AuditAction, AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.models import Violation
from tests.report_support import add_case, add_site_camera
from tests.security_support import build_world

S = ViolationState
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) is not installed")


@pytest.fixture
def sqlite_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    db.upgrade()
    yield db
    db.dispose()


def _printer(world, tmp_path: Path) -> NoticePrinter:  # type: ignore[no-untyped-def]
    config = NoticeConfig(agency_name="Phòng Cảnh sát giao thông Công an TP Hà Nội",
                          agency_address="86 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội",
                          parent_agency="Công an Thành phố Hà Nội", issuing_place="Hà Nội")
    return NoticePrinter(world.db, world.audit, ViolationCatalogue.load(), config,
                         clock=world.clock)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


@needs_poppler
def test_notice_content_pictures_and_qr(sqlite_db: Database, tmp_path: Path) -> None:
    world = build_world(sqlite_db)
    camera = add_site_camera(world)
    case = add_case(world, camera, tmp_path / "evidence", state=S.APPROVED)
    printer = _printer(world, tmp_path)
    pdf = printer.print_notice(world.by_role["supervisor"], case.violation_id,
                               tmp_path / "out" / "notice.pdf")
    text = _text(pdf)
    flat = " ".join(text.split())
    for expected in (TITLE, "29-M1 123.45", "Điều 7",
                     "Không chấp hành hiệu lệnh của đèn tín hiệu giao thông", "4.000.000", "6.000.000", "điểm c khoản 7 Điều 7",
                     "168/2024/NĐ-CP", "08 giờ 00 phút 00 giây, ngày 01/03/2025",
                     "Ngã tư Tràng Tiền, Phường Hoàn Kiếm", "Camera ngã tư Hàng Xanh",
                     "Trừ 04 điểm", case.evidence_sha256, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "86 Lý Thường Kiệt", "THỦ TRƯỞNG ĐƠN VỊ"):
        assert expected in flat, expected
    assert "10.9.8.7" not in text  # the camera's address is internal
    with sqlite_db.session() as session:
        code = session.get(Violation, case.violation_id).lookup_code
    assert code and code in flat
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    assert any(" 640 " in line and " 360 " in line for line in listing), listing
    # The QR code decodes back to the look-up code.
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    page = cv2.imread(str(tmp_path / "page.png"))
    assert page is not None
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(page)
    assert decoded == code
    records = world.audit.query(world.by_role["supervisor"],
                                AuditQuery(action=AuditAction.NOTICE_PRINTED)).records
    assert [(r.object_id, r.details["lookup_code"]) for r in records] == [
        (str(case.violation_id), code)]
    assert world.audit.verify().ok


def test_printing_needs_the_right_and_an_approved_case(sqlite_db: Database,
                                                       tmp_path: Path) -> None:
    world = build_world(sqlite_db)
    camera = add_site_camera(world)
    approved = add_case(world, camera, tmp_path / "e1", state=S.APPROVED)
    detected = add_case(world, camera, tmp_path / "e2", state=S.DETECTED, plate="30A-111.11")
    printer = _printer(world, tmp_path)
    with pytest.raises(PermissionDenied):
        printer.print_notice(world.by_role["duty_officer"], approved.violation_id,
                             tmp_path / "x.pdf")
    from app.reports.notice import NoticeError
    with pytest.raises(NoticeError, match="only after approval"):
        printer.print_notice(world.by_role["supervisor"], detected.violation_id,
                             tmp_path / "y.pdf")
    # A picture changed after capture is refused, not printed.
    approved.evidence_path.write_bytes(approved.evidence_path.read_bytes() + b"x")
    with pytest.raises(NoticeError, match="SHA-256"):
        printer.print_notice(world.by_role["supervisor"], approved.violation_id,
                             tmp_path / "z.pdf")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*partial"))


def test_batch_into_one_file_and_into_a_folder(sqlite_db: Database, tmp_path: Path) -> None:
    world = build_world(sqlite_db)
    camera = add_site_camera(world)
    ids = [add_case(world, camera, tmp_path / f"e{i}", state=S.APPROVED,
                    plate=f"30A-{i:03d}.45", type_code="6/9/b").violation_id for i in range(3)]
    rejected = add_case(world, camera, tmp_path / "r", state=S.REJECTED, plate="30A-999.99")
    printer = _printer(world, tmp_path)
    seen: list[tuple[int, int]] = []
    result = printer.print_batch(world.by_role["supervisor"], [*ids, rejected.violation_id],
                                 tmp_path / "all.pdf",
                                 progress=lambda done, total, _m: seen.append((done, total)))
    assert result.printed == tuple(ids) and not result.cancelled
    assert [v for v, _ in result.skipped] == [rejected.violation_id]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "all.pdf")], capture_output=True,
                              text=True, check=True).stdout
        assert re.search(r"^Pages:\s+3$", info, re.MULTILINE), info
    folder = printer.print_batch(world.by_role["supervisor"], ids, tmp_path / "folder",
                                 single_file=False)
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == sorted(
        p.name for p in folder.outputs)
    assert len(folder.outputs) == 3
    assert world.audit.verify().ok


def test_cancel_stops_early_and_leaves_no_half_file(sqlite_db: Database,
                                                    tmp_path: Path) -> None:
    world = build_world(sqlite_db)
    camera = add_site_camera(world)
    ids = [add_case(world, camera, tmp_path / f"e{i}", state=S.APPROVED,
                    plate=f"30A-{i:03d}.45").violation_id for i in range(5)]
    printer = _printer(world, tmp_path)
    calls: list[int] = []

    def cancel_after(polls: int):  # type: ignore[no-untyped-def]
        calls.clear()

        def cancelled() -> bool:
            calls.append(1)
            return len(calls) > polls
        return cancelled

    out = tmp_path / "out"
    result = printer.print_batch(world.by_role["supervisor"], ids, out / "batch.pdf",
                                 cancelled=cancel_after(2))
    assert result.cancelled and result.outputs == ()
    assert list(out.iterdir()) == []  # neither the PDF nor its temporary file
    # Polled before each case, at each page and before publishing: 3 polls per notice.
    folder = printer.print_batch(world.by_role["supervisor"], ids, out / "each",
                                 single_file=False, cancelled=cancel_after(7))
    assert folder.cancelled and 0 < len(folder.outputs) < len(ids)
    assert sorted(p.name for p in (out / "each").iterdir()) == sorted(
        p.name for p in folder.outputs)
    printed = world.audit.query(world.by_role["supervisor"],
                                AuditQuery(action=AuditAction.NOTICE_PRINTED)).records
    assert len(printed) == len(folder.outputs)


def test_fallback_renderer_draws_boxes_and_blurs(tmp_path: Path) -> None:
    """Geometry the editor's renderer does not take (points, corners) is still burned in."""
    from PIL import Image

    from app.reports.evidence_images import AnnotationShape, render_for_notice
    from tests.report_support import BYSTANDER_BOX, CAR_BOX, region_sharpness, street_picture

    picture = street_picture(tmp_path / "p.png")
    left, top, right, bottom = CAR_BOX
    bl, bt, br, bb = BYSTANDER_BOX
    shapes = [AnnotationShape("vehicle", {"points": [[left, top], [right, bottom]]},
                              "Xe vi phạm"),
              AnnotationShape("blur", {"x1": bl, "y1": bt, "x2": br, "y2": bb})]
    import io

    out = Image.open(io.BytesIO(render_for_notice(picture, shapes))).convert("RGB")
    original = Image.open(picture).convert("RGB")
    red, _, blue = out.getpixel((left + 2, top))  # the box's top edge, off the white stripes
    assert red > 200 and blue < 100
    assert original.getpixel((left + 2, top))[2] > 200  # it was blue before
    assert region_sharpness(out, BYSTANDER_BOX) < 0.3 * region_sharpness(original,
                                                                          BYSTANDER_BOX)
