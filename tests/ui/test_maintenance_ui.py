"""Maintenance UI on a real SQLite database: a ticket opened from a broken camera on the
dashboard, assigned, costed, photographed and closed; permissions; overdue schedules."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.cameras.health import HealthService
from app.cameras.maintenance import CLOSED, OPEN, MaintenanceService
from app.security.permissions import Permission, Principal
from app.storage.database import Database
from app.storage.repositories import CameraRepository, SiteRepository
from tests.ui.health_fixtures import Commune, open_database, seed_commune
from ui.dashboards.health_dashboard import HealthDashboard
from ui.dashboards.health_data import HealthDashboardData
from ui.dashboards.problem_table import CAMERA_ID_ROLE
from ui.maintenance.maintenance_window import MaintenanceWindow
from ui.maintenance.overdue_indicator import OverdueIndicator
from ui.maintenance.schedule_view import OVERDUE_BACKGROUND, SOON_BACKGROUND
from ui.maintenance.ticket_dialog import TicketDialog

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
BROKEN = "Chợ Hàng Da – lối vào"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def commune(db: Database) -> Commune:
    return seed_commune(db, NOW, days=4, step=timedelta(hours=1))


def photo(tmp_path: Path, name: str, colour: str) -> Path:
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path = tmp_path / name
    assert image.save(str(path), "PNG")
    return path


def window_for(qtbot: QtBot, service: MaintenanceService, db: Database) -> MaintenanceWindow:
    window = MaintenanceWindow(service, CameraRepository(db).list_cameras, today=lambda: TODAY)
    qtbot.addWidget(window)
    return window


def wait_dialog(qtbot: QtBot, window: MaintenanceWindow) -> TicketDialog:
    qtbot.waitUntil(lambda: window.ticket_dialog is not None)
    assert window.ticket_dialog is not None
    return window.ticket_dialog


def test_ticket_lifecycle_from_a_broken_camera(qtbot: QtBot, db: Database, commune: Commune,
                                               tmp_path: Path) -> None:
    evidence = tmp_path / "data" / "evidence"
    service = MaintenanceService(db, evidence)
    dashboard = HealthDashboard(HealthDashboardData(
        HealthService(db), service, CameraRepository(db).list_cameras,
        SiteRepository(db).list_sites), clock=lambda: NOW)
    qtbot.addWidget(dashboard)
    window = window_for(qtbot, service, db)
    dashboard.ticket_requested.connect(window.new_ticket_for_camera)
    camera_id = commune.id(BROKEN)
    try:
        dashboard.show()
        qtbot.waitUntil(lambda: not dashboard.loading and dashboard.problem_proxy.rowCount() > 0)
        rows = [dashboard.problem_proxy.index(r, 0) for r in
                range(dashboard.problem_proxy.rowCount())]
        dashboard.problem_view.setCurrentIndex(
            next(i for i in rows if i.data(CAMERA_ID_ROLE) == camera_id))
        dashboard.ticket_button.click()
        dialog = wait_dialog(qtbot, window)
        # Pre-filled from the camera's health: state and the cause.
        assert dialog.camera_label.text() == BROKEN
        assert "broken" in dialog.title_edit.text()
        assert "connection refused" in dialog.title_edit.text()
        assert "Health state: broken" in dialog.note_edit.toPlainText()

        dialog.assignee_edit.setText("Nguyễn Văn An – Tổ kỹ thuật")
        dialog.cost_spin.setValue(1_250_000)
        first = photo(tmp_path, "cot-den.png", "#884422")
        dialog.attach_photos([first])
        assert dialog.photo_list.count() == 1
        qtbot.waitUntil(lambda: not dialog.photo_list.item(0).icon().isNull())
        saved: list[object] = []
        dialog.ticket_saved.connect(saved.append)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        qtbot.waitUntil(lambda: bool(saved), timeout=10_000)

        [ticket] = service.tickets(camera_id)
        assert (ticket.status, ticket.assignee, ticket.cost_vnd) == (
            OPEN, "Nguyễn Văn An – Tổ kỹ thuật", 1_250_000)
        digest = hashlib.sha256(first.read_bytes()).hexdigest()
        assert [p.sha256 for p in ticket.photos] == [digest]
        stored = ticket.photos[0].path
        assert stored.is_file() and stored.name == f"{digest}.png"
        assert stored.is_relative_to(evidence) and service.verify_photo(ticket.photos[0])

        # The list shows it; open it from there, add a note and close it.
        window.show()
        qtbot.waitUntil(lambda: not window.loading and window.select_ticket(ticket.id))
        assert window.ticket_proxy.rowCount() == 1
        dialog = window.edit_selected_ticket()
        assert dialog is not None and dialog.photo_list.count() == 1
        dialog.note_edit.setPlainText("Đã thay bộ nguồn 12V, camera có hình trở lại.")
        saved.clear()
        dialog.ticket_saved.connect(saved.append)
        dialog.close_ticket_button.click()
        qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
        closed = service.get(ticket.id)
        assert closed.status == CLOSED and closed.closed_at is not None
        assert "Đã thay bộ nguồn 12V" in closed.notes
        assert "Health state: broken" in closed.notes
        assert closed.cost_vnd == 1_250_000 and len(closed.photos) == 1
        # Closed tickets leave the default "open tickets" filter.
        qtbot.waitUntil(lambda: not window.loading and window.ticket_proxy.rowCount() == 0)
        window.status_filter.setCurrentIndex(window.status_filter.findData(""))
        assert window.ticket_proxy.rowCount() == 1
    finally:
        dashboard.shutdown()
        window.shutdown()


def test_ticket_needs_the_maintenance_permission_and_keeps_the_input(
        qtbot: QtBot, db: Database, commune: Commune, tmp_path: Path) -> None:
    viewer = Principal(7, "truc.ban", "Trực ban", "operator",
                       frozenset({Permission.VIEW_LIVE}))
    service = MaintenanceService(db, tmp_path / "evidence", principal=lambda: viewer)
    window = window_for(qtbot, service, db)
    try:
        window.new_ticket_for_camera(commune.id(BROKEN))
        dialog = wait_dialog(qtbot, window)
        dialog.assignee_edit.setText("Lê Văn Bình")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        assert "not saved" in dialog.last_error and dialog.error_label.isVisible()
        assert dialog.assignee_edit.text() == "Lê Văn Bình"  # nothing the user typed is lost
        assert service.tickets() == []
    finally:
        window.shutdown()


def test_overdue_schedules_are_highlighted_and_counted(qtbot: QtBot, db: Database,
                                                       commune: Commune,
                                                       tmp_path: Path) -> None:
    service = MaintenanceService(db, tmp_path / "evidence")
    service.set_schedule(commune.id(BROKEN), 90, next_due=date(2026, 11, 1))
    service.set_schedule(commune.id("Cổng UBND phường"), 30, next_due=date(2026, 11, 24))
    service.set_schedule(commune.id("Phố Huế – Hàng Bài"), 180, next_due=date(2027, 1, 10))
    window = window_for(qtbot, service, db)
    holder = QWidget()
    qtbot.addWidget(holder)
    indicator = OverdueIndicator(service, today=lambda: TODAY, parent=holder)
    window.overdue_count_changed.connect(indicator.set_count)
    counted: list[int] = []
    window.overdue_count_changed.connect(counted.append)
    try:
        window.show()
        qtbot.waitUntil(lambda: bool(counted), timeout=10_000)
        assert counted == [1]
        model = window.schedule_model
        assert model.rowCount() == 3
        backgrounds = [model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
                       for r in range(3)]
        assert backgrounds[0].color() == OVERDUE_BACKGROUND
        assert backgrounds[1].color() == SOON_BACKGROUND
        assert backgrounds[2] is None
        assert model.index(0, 0).data() == BROKEN
        assert model.index(0, 4).data() == "Overdue by 19 day(s)"
        assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
        assert "1" in window.overdue_label.text()
        assert not indicator.isHidden() and indicator.count == 1

        # Maintenance done today: nothing overdue any more.
        window.tabs.setCurrentIndex(1)
        window.schedule_view.setCurrentIndex(model.index(0, 0))
        counted.clear()
        window.done_button.click()
        qtbot.waitUntil(lambda: bool(counted), timeout=10_000)
        assert counted == [0] and indicator.isHidden()
        schedule = next(s for s in service.schedules() if s.camera_id == commune.id(BROKEN))
        assert (schedule.last_done, schedule.next_due) == (TODAY, date(2027, 2, 18))

        other = OverdueIndicator(service, today=lambda: date(2027, 3, 1), parent=holder)
        other.start()
        qtbot.waitUntil(lambda: other.count == 3)
        other.shutdown()
    finally:
        indicator.shutdown()
        window.shutdown()
