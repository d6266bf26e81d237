"""Commune audit report dialog: PDF + CSV written in the background for the chosen commune
and date, an audit-trail entry, the offer to open the folder, and a clear error message."""
from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.security.audit import AuditTrail
from app.storage.database import Database
from app.storage.repositories import SiteRepository
from tests.ui.health_fixtures import Commune, open_database, seed_commune
from ui.reports.audit_dialog import AUDIT_REPORT_ACTION, AuditReportDialog, report_moment

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 on 20/11 in Vietnam


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def commune(db: Database) -> Commune:
    return seed_commune(db, NOW, days=8, step=timedelta(hours=1))


def test_report_is_dated_at_the_end_of_the_chosen_day() -> None:
    assert report_moment(NOW.date(), NOW) == NOW  # today: as of now
    earlier = report_moment(datetime(2026, 11, 17).date(), NOW)
    assert earlier == datetime(2026, 11, 17, 17, 0, tzinfo=UTC)  # midnight 18/11 in Vietnam


def test_dialog_writes_pdf_and_csv_and_offers_the_folder(
        qtbot: QtBot, db: Database, commune: Commune, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    opened: list[Path] = []
    dialog = AuditReportDialog(db, SiteRepository(db).list_sites(),
                               output_dir=tmp_path / "bao-cao", agency_name="Công an phường",
                               audit=AuditTrail(db), open_folder=opened.append,
                               clock=lambda: NOW)
    qtbot.addWidget(dialog)
    # Communes and wards are offered first.
    assert dialog.site_combo.itemData(0) == commune.commune_id
    dialog.site_combo.setCurrentIndex(dialog.site_combo.findData(commune.commune_id))
    dialog.date_edit.setDate(QDate(2026, 11, 19))  # yesterday: state as of its end
    dialog.show()
    dialog.create_report()
    assert not dialog.create_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result_files is not None, timeout=30_000)
    files = dialog.result_files
    assert files is not None and files.cameras == 7
    assert files.pdf.parent == tmp_path / "bao-cao"
    assert files.pdf.name == "ra_soat_camera_Phường_Hoàn_Kiếm_20261119.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(files.pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=30).stdout
    assert "Phường Hoàn Kiếm" in text and "Thành phố Hà Nội" in text
    assert "Chợ Hàng Da – lối vào" in text
    with files.csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    names = {row[1] for row in rows[1:] if len(row) > 1}
    assert "Phố Huế – Hàng Bài" in names
    # At the end of 19/11 the camera that broke 5 h before 10:00 on 20/11 was still working.
    hue = next(row for row in rows if len(row) > 1 and row[1] == "Phố Huế – Hàng Bài")
    assert hue[-1] == "working"

    [entry] = AuditTrail(db).latest("site", str(commune.commune_id), (AUDIT_REPORT_ACTION,))
    assert entry.details["cameras"] == 7 and entry.details["pdf"] == str(files.pdf)

    box = dialog.open_folder_box
    assert isinstance(box, QMessageBox)
    open_button = next(b for b in box.buttons()
                       if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    open_button.click()
    assert opened == [tmp_path / "bao-cao"]


def test_unwritable_folder_gives_a_message(qtbot: QtBot, db: Database, commune: Commune,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text: warnings.append(text))
    dialog = AuditReportDialog(db, SiteRepository(db).list_sites(), output_dir=blocker,
                               clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.create_report()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.result_files is None
    assert warnings and "could not be written" in warnings[0]
    assert not list(tmp_path.glob("**/*.partial"))
