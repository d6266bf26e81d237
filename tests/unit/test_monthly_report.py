"""The monthly summary against figures worked out by hand, on SQLite and PostgreSQL."""
from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.reports.monthly import MonthlyReportService, gather_monthly, month_bounds
from app.review.catalogue import ViolationCatalogue
from app.security.audit import AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.models import Violation
from tests.security_support import World, build_world

VN = timedelta(hours=7)


def _vn(*args: int) -> datetime:
    """A Vietnam wall-clock time as UTC."""
    return datetime(*args, tzinfo=UTC) - VN


def _add(world: World, camera: int, code: str, state: str, detected: datetime,
         verified_h: float | None = None, verifier: str | None = None,
         approved_h: float | None = None, approver: str | None = None) -> None:
    with world.db.session() as session:
        row = Violation(camera_id=camera, type_code=code, plate="30A-123.45", state=state,
                        detected_at=detected)
        if verified_h is not None and verifier:
            row.verified_at = detected + timedelta(hours=verified_h)
            row.verified_by_id = world.by_role[verifier].user_id
            if approved_h is not None and approver:
                row.approved_at = row.verified_at + timedelta(hours=approved_h)
                row.approved_by_id = world.by_role[approver].user_id
        session.add(row)


def _fixture(world: World) -> None:
    cam1, cam2 = world.cameras
    _add(world, cam1, "7/7/c", "approved", _vn(2025, 3, 1, 0, 30), 2, "duty_officer", 4,
         "supervisor")  # 28 Feb 17:30 UTC: March in Vietnam
    _add(world, cam1, "7/7/c", "forwarded", _vn(2025, 3, 10, 10), 1, "investigator", 1,
         "supervisor")
    _add(world, cam2, "6/9/b", "verified", _vn(2025, 3, 31, 23, 30), 3, "duty_officer")
    _add(world, cam2, "6/9/b", "detected", _vn(2025, 3, 15, 9))
    _add(world, cam1, "7/2/h", "rejected", _vn(2025, 3, 20, 9))
    _add(world, cam1, "7/7/c", "detected", _vn(2025, 4, 1, 0, 10))  # April
    _add(world, cam1, "7/7/c", "fined", _vn(2025, 2, 10, 9))
    _add(world, cam2, "6/12", "detected", _vn(2025, 2, 11, 9))
    _add(world, cam2, "6/12", "detected", _vn(2025, 2, 11, 10))


def test_month_bounds_are_vietnam_calendar_months() -> None:
    start, end = month_bounds(2025, 12)
    assert start.astimezone(UTC) == datetime(2025, 11, 30, 17, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2025, 12, 31, 17, tzinfo=UTC)
    with pytest.raises(ValueError):
        month_bounds(2025, 13)


def test_figures_match_the_hand_count(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    _fixture(world)
    s = gather_monthly(migrated_db, 2025, 3, ViolationCatalogue.load())
    assert (s.total, s.previous_total) == (5, 3)
    assert s.change_percent == pytest.approx(200 / 3)
    assert [(t.code, t.count, t.previous) for t in s.by_type] == [
        ("7/7/c", 2, 1), ("6/9/b", 2, 0), ("7/2/h", 1, 0), ("6/12", 0, 2)]
    assert s.by_type[0].title == "Vượt đèn đỏ (mô tô, xe gắn máy)"
    assert {state: n for state, _, n in s.by_state} == {
        "detected": 1, "verified": 1, "approved": 1, "forwarded": 1, "fined": 0,
        "closed": 0, "rejected": 1}
    assert s.by_camera == (("Camera 1", 3), ("Camera 2", 2))
    assert [(o.name, o.verified, o.approved) for o in s.by_officer] == [
        ("Người dùng duty_officer", 2, 0), ("Người dùng supervisor", 0, 2),
        ("Người dùng investigator", 1, 0)]
    assert (s.detected_to_verified.count, s.detected_to_verified.median_h) == (3, 2.0)
    assert s.detected_to_verified.p90_h == pytest.approx(2.8)
    assert (s.verified_to_approved.median_h, s.verified_to_approved.p90_h) == pytest.approx(
        (2.5, 3.7))
    assert (s.detected_to_approved.median_h, s.detected_to_approved.p90_h) == pytest.approx(
        (4.0, 5.6))
    assert len(s.daily) == 31 and sum(s.daily) == 5
    assert [day + 1 for day, n in enumerate(s.daily) if n] == [1, 10, 15, 20, 31]
    assert len(s.previous_daily) == 28 and s.previous_daily[10] == 2


def test_pdf_export_is_permission_checked_and_audited(migrated_db: Database,
                                                      tmp_path: Path) -> None:
    world = build_world(migrated_db)
    _fixture(world)
    service = MonthlyReportService(migrated_db, world.audit, ViolationCatalogue.load(),
                                   agency_name="Phòng CSGT Công an tỉnh Lâm Đồng",
                                   clock=world.clock)
    with pytest.raises(PermissionDenied):
        service.summary(world.by_role["duty_officer"], 2025, 3)
    pdf = service.export_pdf(world.by_role["supervisor"], 2025, 3, tmp_path / "m.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    records = world.audit.query(world.by_role["supervisor"],
                                AuditQuery(action="report.export")).records
    assert records[0].details["period"] == "2025-03"
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                       text=True, check=True).stdout.split())
        for expected in ("BÁO CÁO TỔNG HỢP VI PHẠM THEO THÁNG", "Tháng 03/2025",
                         "Vượt đèn đỏ (mô tô, xe gắn máy)", "Người dùng duty_officer",
                         "Phát hiện → Xác minh", "2,8 giờ", "tăng 66,7%"):
            assert expected in text, expected
