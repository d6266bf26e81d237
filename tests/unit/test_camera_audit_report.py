"""Commune camera audit: data gathered per state, PDF text with Vietnamese diacritics, CSV."""
from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cameras.maintenance import MaintenanceService
from app.reports import fonts
from app.reports.camera_audit import (
    TITLE,
    build_camera_audit,
    write_audit_csv,
    write_audit_pdf,
)
from app.reports.fonts import FontMissingError
from app.storage.database import Database
from app.storage.dto import CameraCreate, ProfileCreate
from app.storage.repositories import CameraRepository, HealthRepository, SiteRepository

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
SUB = ProfileCreate(token="sub", kind="sub", width=640, height=360, fps=25.0,
                    stream_uri="rtsp://10.0.0.1/sub")


def seed(db: Database, tmp_path: Path) -> int:
    sites = SiteRepository(db)
    junction = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Xuân Hương - Đà Lạt",
                                  "Ngã tư Hòa Bình"])
    commune = sites.get(junction).parent_id  # type: ignore[union-attr]
    elsewhere = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Lâm Viên - Đà Lạt"])
    cameras = CameraRepository(db)
    health = HealthRepository(db)

    def camera(name: str, host: str, site: int | None, purpose: str = "traffic") -> int:
        return cameras.add(CameraCreate(name=name, host=host, port=80, site_id=site,
                                        purpose=purpose, profiles=(SUB,))).id

    good = camera("Đèn đỏ hướng Bắc", "10.0.0.1", junction)
    slow = camera("Cổng UBND phường", "10.0.0.2", commune, "security")
    broken = camera("Chợ Đà Lạt – lối vào", "10.0.0.3", junction, "security")
    camera("Camera chưa đấu nối", "10.0.0.4", junction)
    camera("Camera phường khác", "10.0.0.5", elsewhere)
    for hours_ago in range(48, 0, -1):
        at = NOW - timedelta(hours=hours_ago)
        health.add_sample(good, onvif_ok=True, stream_ok=True, state="working", fps=25, time=at)
        health.add_sample(slow, onvif_ok=True, stream_ok=True, state="degraded", fps=6,
                          bitrate_kbps=300, clock_drift_s=0.5, time=at)
        up = hours_ago > 12
        health.add_sample(broken, onvif_ok=True, stream_ok=up,
                          state="working" if up else "broken", time=at,
                          message="" if up else "Stream: connection refused")
    maintenance = MaintenanceService(db, evidence_dir=tmp_path / "evidence")
    maintenance.open_from_broken(broken)
    closed = maintenance.open_ticket(good, "Lau ống kính")
    maintenance.close(closed.id)
    assert commune is not None
    return commune


def test_audit_rows_and_totals(migrated_db: Database, tmp_path: Path) -> None:
    commune = seed(migrated_db, tmp_path)
    audit = build_camera_audit(migrated_db, commune, agency_name="CÔNG AN TỈNH LÂM ĐỒNG",
                               now=NOW, interval_s=3600)
    rows = {row.name: row for row in audit.rows}
    assert set(rows) == {"Đèn đỏ hướng Bắc", "Cổng UBND phường", "Chợ Đà Lạt – lối vào",
                         "Camera chưa đấu nối"}
    assert (audit.area_name, audit.parent_name) == ("Phường Xuân Hương - Đà Lạt",
                                                    "Tỉnh Lâm Đồng")
    assert audit.totals == {"working": 1, "degraded": 1, "broken": 1, "never_connected": 1}
    broken = rows["Chợ Đà Lạt – lối vào"]
    assert (broken.state_label, broken.cause, broken.open_tickets) == ("Hỏng", "Mất hình", 1)
    assert broken.location == "Ngã tư Hòa Bình"
    assert broken.last_seen == NOW - timedelta(hours=13)
    assert broken.uptime_7d_pct == pytest.approx(100 * 36 / 48)
    assert rows["Cổng UBND phường"].cause == "Tốc độ khung hình thấp"
    assert rows["Cổng UBND phường"].location == ""
    assert rows["Đèn đỏ hướng Bắc"].open_tickets == 0  # its only ticket is closed
    never = rows["Camera chưa đấu nối"]
    assert (never.state_label, never.last_seen, never.uptime_7d_pct) == ("Chưa kết nối", None,
                                                                         None)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_pdf_and_csv(migrated_db: Database, tmp_path: Path) -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed")
    audit = build_camera_audit(migrated_db, seed(migrated_db, tmp_path),
                               agency_name="Công an tỉnh Lâm Đồng", now=NOW, interval_s=3600)
    pdf = write_audit_pdf(audit, tmp_path / "audit.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in (TITLE, "CÔNG AN TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Hoạt động tốt", "Suy giảm", "Hỏng", "Chưa kết nối", "Mất hình",
                     "Chợ Đà Lạt – lối vào", "Phường Xuân Hương - Đà Lạt", "20/11/2026 10:00",
                     "75,0%", "Tốc độ khung hình thấp"):
        assert expected in text, expected
    assert "Camera phường khác" not in text
    fonts_used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                                check=True).stdout
    embedded = [line.split()[0] for line in fonts_used.splitlines()[2:]
                if line.split()[-5:-2] == ["yes", "yes", "yes"]]
    # reportlab always lists Helvetica in its resources; the text is set in embedded DejaVu.
    assert sorted(name.split("+")[-1] for name in embedded) == ["DejaVuSans", "DejaVuSans-Bold"]
    png = Path("/tmp/camera_audit")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-singlefile", str(pdf),
                    str(png)], check=True)
    assert png.with_suffix(".png").stat().st_size > 10_000

    csv_path = write_audit_csv(audit, tmp_path / "audit.csv")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:5] == ["STT", "Tên camera", "Vị trí", "Mục đích", "Trạng thái"]
    body = [r for r in table[1:5]]
    assert sorted(r[4] for r in body) == sorted(["Hoạt động tốt", "Suy giảm", "Hỏng",
                                                 "Chưa kết nối"])
    assert [r[1] for r in body] == [row.name for row in audit.rows]
    totals = {r[4]: r[8] for r in table if len(r) > 1 and r[1] == "Tổng"}
    assert totals == {"Hoạt động tốt": "1", "Suy giảm": "1", "Hỏng": "1", "Chưa kết nối": "1"}


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    monkeypatch.setattr(fonts.pdfmetrics, "getRegisteredFontNames", list)
    with pytest.raises(FontMissingError, match="fonts-dejavu-core"):
        fonts.register_report_fonts()
