"""Report dialogs and dashboards on a real database: print, publish, monthly, traffic."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.reports.lookup_export import LookupPublisher
from app.reports.monthly import MonthlyReportService
from app.reports.notice import NoticeConfig
from app.reports.notice_printing import NoticePrinter
from app.reports.traffic import TrafficReportService
from app.review.catalogue import ViolationCatalogue
from app.review.states import ViolationState
from tests.report_support import add_case, add_site_camera
from tests.security_support import World, sqlite_world
from tests.unit.test_monthly_report import _fixture as monthly_fixture
from tests.unit.test_traffic_report import _fixture as traffic_fixture
from ui.reports.monthly_dashboard import MonthlyDashboard
from ui.reports.print_notices_dialog import PrintNoticesDialog
from ui.reports.publish_lookup_dialog import PublishLookupDialog
from ui.reports.traffic_dashboard import TrafficDashboard


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from sqlite_world(tmp_path)


def test_print_dialog_prints_and_reports(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    camera = add_site_camera(world)
    ids = [add_case(world, camera, tmp_path / "ev", state=ViolationState.APPROVED,
                    plate=f"30A-{i:03d}.45").violation_id for i in range(3)]
    ids.append(add_case(world, camera, tmp_path / "ev", state=ViolationState.DETECTED,
                        plate="30A-999.99").violation_id)
    printer = NoticePrinter(world.db, world.audit, ViolationCatalogue.load(),
                            NoticeConfig(agency_name="Công an phường Hoàn Kiếm"))
    dialog = PrintNoticesDialog(printer, world.by_role["supervisor"], ids,
                                default_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start(tmp_path / "out" / "notices.pdf")
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert dialog.result_value is not None and len(dialog.result_value.printed) == 3
    assert (tmp_path / "out" / "notices.pdf").exists()
    assert "3" in dialog.status_label.text() and dialog.details.isVisible()
    assert dialog.progress.value() == dialog.progress.maximum()
    dialog.grab().save(str(tmp_path / "print-dialog.png"))
    # A role without the right gets the core's message, not a traceback.
    denied = PrintNoticesDialog(printer, world.by_role["duty_officer"], ids)
    qtbot.addWidget(denied)
    denied.start(tmp_path / "denied.pdf")
    qtbot.waitUntil(lambda: not denied.running, timeout=10000)
    assert denied.error_text and not (tmp_path / "denied.pdf").exists()
    dialog.close()
    denied.close()


def test_publish_dialog(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    camera = add_site_camera(world)
    add_case(world, camera, tmp_path / "ev", state=ViolationState.APPROVED)
    dialog = PublishLookupDialog(LookupPublisher(world.db, world.audit,
                                                 ViolationCatalogue.load()),
                                 world.by_role["supervisor"])
    qtbot.addWidget(dialog)
    dialog.start(tmp_path / "public")
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert dialog.result_value is not None and dialog.result_value.records == 1
    assert (tmp_path / "public" / "index.html").exists()
    dialog.close()


def test_monthly_dashboard_shows_the_month(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    monthly_fixture(world)
    service = MonthlyReportService(world.db, world.audit, ViolationCatalogue.load(),
                                   clock=world.clock)
    board = MonthlyDashboard(service, world.by_role["supervisor"])
    qtbot.addWidget(board)
    board.resize(1200, 800)
    board.show()
    board.load(2025, 3)
    qtbot.waitUntil(lambda: board.summary is not None, timeout=15000)
    assert board.summary is not None and board.summary.total == 5
    assert "5" in board.total_label.text()
    assert board.officer_table.rowCount() == 3
    assert board.time_table.item(0, 2).text() == "2.0"
    board.grab().save(str(tmp_path / "monthly.png"))
    board.export_to(tmp_path / "monthly.pdf")
    qtbot.waitUntil(lambda: not board.busy, timeout=15000)
    assert (tmp_path / "monthly.pdf").exists()
    denied = MonthlyDashboard(service, world.by_role["duty_officer"])
    qtbot.addWidget(denied)
    denied.load(2025, 3)
    qtbot.waitUntil(lambda: not denied.busy, timeout=10000)
    assert denied.summary is None and denied.status_label.text()
    board.close()
    denied.close()


def test_traffic_dashboard_shows_the_day(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    traffic_fixture(world.db)
    service = TrafficReportService(world.db, world.audit, clock=world.clock)
    board = TrafficDashboard(service, world.by_role["supervisor"])
    qtbot.addWidget(board)
    board.resize(1200, 700)
    board.show()
    board.load(date(2025, 3, 5), date(2025, 3, 5))
    qtbot.waitUntil(lambda: board.report is not None, timeout=15000)
    assert board.report is not None and board.report.total == 405
    assert "07:00" in board.summary_label.text()
    assert "Cửa ngõ phía Bắc" in board.summary_label.text()
    assert board.gateway_combo.count() == 3
    board.gateway_combo.setCurrentIndex(2)
    assert board.share_table.rowCount() == 3
    board.grab().save(str(tmp_path / "traffic.png"))
    board.close()
