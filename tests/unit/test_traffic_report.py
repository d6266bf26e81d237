"""Traffic counts at the gateways against figures worked out by hand."""
from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.reports.traffic import TrafficReportService, gather_traffic
from app.security.audit import AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.models import CountBucket
from app.storage.repositories import CameraRepository
from tests.security_support import build_world


def _vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC) - timedelta(hours=7)


def _fixture(db: Database) -> dict[str, int]:
    cameras = CameraRepository(db)
    ids = {
        "north": cameras.add(CameraCreate(name="Cửa ngõ phía Bắc", host="10.1.0.1", port=80,
                                          tags=("gateway",))).id,
        "south": cameras.add(CameraCreate(name="Cửa ngõ phía Nam", host="10.1.0.2", port=80,
                                          tags=("cửa ngõ",))).id,
        "centre": cameras.add(CameraCreate(name="Trung tâm", host="10.1.0.3", port=80)).id,
    }
    counts = [
        ("north", _vn(2025, 3, 5, 7), "motorbike", "in", 100),
        ("north", _vn(2025, 3, 5, 7), "motorbike", "out", 20),
        ("north", _vn(2025, 3, 5, 7), "car", "in", 30),
        ("north", _vn(2025, 3, 5, 8), "motorbike", "in", 50),
        ("north", _vn(2025, 3, 5, 8), "car", "in", 10),
        ("north", _vn(2025, 3, 5, 17), "motorbike", "in", 80),
        ("south", _vn(2025, 3, 5, 7), "motorbike", "in", 40),
        ("south", _vn(2025, 3, 5, 18), "car", "in", 60),
        ("south", _vn(2025, 3, 5, 18), "truck", "in", 10),
        ("south", _vn(2025, 3, 5, 0), "car", "in", 5),  # 4 March 17:00 UTC
        ("north", _vn(2025, 3, 4, 23), "motorbike", "in", 999),  # the day before
        ("centre", _vn(2025, 3, 5, 7), "motorbike", "in", 500),  # not a gateway
        ("south", _vn(2025, 3, 6, 9), "motorbike", "in", 300),
    ]
    with db.session() as session:
        for key, hour, cls, direction, n in counts:
            session.add(CountBucket(camera_id=ids[key], hour_start=hour, object_class=cls,
                                    direction=direction, count=n))
    return ids


def test_one_day_matches_the_hand_count(migrated_db: Database) -> None:
    _fixture(migrated_db)
    report = gather_traffic(migrated_db, date(2025, 3, 5), date(2025, 3, 5))
    assert len(report.hours) == 24
    assert [g.name for g in report.gateways] == ["Cửa ngõ phía Bắc", "Cửa ngõ phía Nam"]
    assert [g.total for g in report.gateways] == [290, 115]
    assert report.classes == ("motorbike", "car", "truck")
    assert report.class_totals() == [290, 105, 10]
    assert report.class_shares() == pytest.approx([100 * 290 / 405, 100 * 105 / 405,
                                                   100 * 10 / 405])
    hourly = report.hourly_totals()
    assert {h: n for h, n in enumerate(hourly) if n} == {0: 5, 7: 190, 8: 60, 17: 80, 18: 70}
    peak = report.peak_hour()
    assert peak is not None and (peak[0].hour, peak[1]) == (7, 190)
    assert report.busiest_by_day() == [(date(2025, 3, 5), "Cửa ngõ phía Bắc", 290)]
    north = report.gateways[0]
    assert north.counts[7] == (120, 30, 0)


def test_range_and_named_cameras(migrated_db: Database) -> None:
    ids = _fixture(migrated_db)
    report = gather_traffic(migrated_db, date(2025, 3, 5), date(2025, 3, 6))
    assert len(report.hours) == 48
    assert report.busiest_by_day() == [(date(2025, 3, 5), "Cửa ngõ phía Bắc", 290),
                                       (date(2025, 3, 6), "Cửa ngõ phía Nam", 300)]
    peak = report.peak_hour()
    assert peak is not None and (peak[0].day, peak[0].hour, peak[1]) == (6, 9, 300)
    profile = report.hour_of_day_profile()
    assert sum(profile[9]) == 300 and sum(profile[7]) == 190
    centre = gather_traffic(migrated_db, date(2025, 3, 5), date(2025, 3, 5), [ids["centre"]])
    assert [(g.name, g.total) for g in centre.gateways] == [("Trung tâm", 500)]
    with pytest.raises(ValueError):
        gather_traffic(migrated_db, date(2025, 3, 6), date(2025, 3, 5))


def test_pdf_is_permission_checked_and_audited(migrated_db: Database, tmp_path: Path) -> None:
    world = build_world(migrated_db)
    _fixture(migrated_db)
    service = TrafficReportService(migrated_db, world.audit, agency_name="Công an tỉnh Lâm Đồng")
    with pytest.raises(PermissionDenied):
        service.report(world.by_role["duty_officer"], date(2025, 3, 5), date(2025, 3, 5))
    pdf = service.export_pdf(world.by_role["supervisor"], date(2025, 3, 5), date(2025, 3, 5),
                             tmp_path / "traffic.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    entries = world.audit.query(world.by_role["supervisor"],
                                AuditQuery(action="report.export")).records
    assert entries[0].details["report"] == "traffic"
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                       text=True, check=True).stdout.split())
        for expected in ("Ngày 05/03/2025", "Tổng lượt phương tiện: 405",
                         "Giờ cao điểm: 07:00–07:59",
                         "Cửa ngõ đông nhất ngày 05/03/2025: Cửa ngõ phía Bắc (290 lượt)",
                         "Xe máy", "71,6%"):
            assert expected in text, expected
