"""Health dashboard on a real SQLite database: counts per state, the broken list (sorting,
filtering), the selected camera's uptime/history, and "Probe now" through HealthMonitor."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.cameras.health import STATE_CHANGED_EVENT, HealthPolicy, HealthService
from app.cameras.maintenance import MaintenanceService
from app.cameras.probe import CancelFlag, HealthMonitor, ProbeResult
from app.security.secrets import Credentials, CredentialVault
from app.storage.database import Database
from app.storage.dto import CameraDTO
from app.storage.repositories import (
    CameraRepository,
    EventRepository,
    HealthRepository,
    SiteRepository,
)
from tests.ui.health_fixtures import Commune, open_database, seed_commune
from ui.dashboards.health_dashboard import HealthDashboard
from ui.dashboards.health_data import HealthDashboardData
from ui.dashboards.problem_table import CAMERA_ID_ROLE, ProblemTableModel

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def commune(db: Database) -> Commune:
    return seed_commune(db, NOW, days=8)


def make_dashboard(qtbot: QtBot, db: Database, tmp_path: Path,
                   monitor: HealthMonitor | None = None) -> HealthDashboard:
    data = HealthDashboardData(HealthService(db), MaintenanceService(db, tmp_path / "evidence"),
                               CameraRepository(db).list_cameras, SiteRepository(db).list_sites)
    dashboard = HealthDashboard(data, monitor, clock=lambda: NOW)
    qtbot.addWidget(dashboard)
    dashboard.resize(1300, 800)
    return dashboard


def listed(dashboard: HealthDashboard) -> list[str]:
    proxy = dashboard.problem_proxy
    return [proxy.index(row, ProblemTableModel.CAMERA).data() for row in range(proxy.rowCount())]


def wait_loaded(qtbot: QtBot, dashboard: HealthDashboard) -> None:
    qtbot.waitUntil(lambda: not dashboard.loading and dashboard.camera_combo.count() > 0)


def test_counts_broken_list_sorting_filtering_and_history(
        qtbot: QtBot, db: Database, commune: Commune, tmp_path: Path) -> None:
    MaintenanceService(db, tmp_path / "evidence").open_from_broken(
        commune.id("Chợ Hàng Da – lối vào"))
    dashboard = make_dashboard(qtbot, db, tmp_path)
    dashboard.show()
    wait_loaded(qtbot, dashboard)
    try:
        assert dashboard.counts_chart.counts() == {"working": 3, "degraded": 1, "broken": 2,
                                                   "never_connected": 1}
        # Default filter: broken cameras only, longest broken first.
        assert listed(dashboard) == ["Chợ Hàng Da – lối vào", "Phố Huế – Hàng Bài"]
        first = dashboard.problem_proxy.index(0, ProblemTableModel.TICKETS)
        assert first.data() == "1"
        assert dashboard.problem_proxy.index(0, ProblemTableModel.SITE).data() == "Chợ Hàng Da"
        assert "connection refused" in dashboard.problem_proxy.index(
            0, ProblemTableModel.REASON).data()
        dashboard.problem_view.sortByColumn(ProblemTableModel.SINCE,
                                            Qt.SortOrder.DescendingOrder)
        assert listed(dashboard) == ["Phố Huế – Hàng Bài", "Chợ Hàng Da – lối vào"]
        dashboard.problem_view.sortByColumn(ProblemTableModel.TICKETS,
                                            Qt.SortOrder.DescendingOrder)
        assert listed(dashboard)[0] == "Chợ Hàng Da – lối vào"

        dashboard.state_filter.setCurrentIndex(dashboard.state_filter.findData(""))
        assert sorted(listed(dashboard)) == sorted([
            "Chợ Hàng Da – lối vào", "Phố Huế – Hàng Bài", "Cổng UBND phường",
            "Camera chưa đấu nối"])
        dashboard.search.setText("hàng bài")  # site or camera, case-insensitive
        assert listed(dashboard) == ["Phố Huế – Hàng Bài"]
        dashboard.search.clear()

        # Choosing a row selects the camera and loads its uptime and stream history.
        broken_long = commune.id("Chợ Hàng Da – lối vào")
        for row in range(dashboard.problem_proxy.rowCount()):
            index = dashboard.problem_proxy.index(row, 0)
            if index.data(CAMERA_ID_ROLE) == broken_long:
                dashboard.problem_view.setCurrentIndex(index)
        assert dashboard.selected_camera == broken_long
        qtbot.waitUntil(lambda: not dashboard.loading
                        and dashboard.uptime_chart.values()[-1] == 0.0)
        uptime = dashboard.uptime_chart.values()
        assert len(uptime) == 7 and uptime[0] == pytest.approx(100.0)
        assert dashboard.history_chart.sample_count > 200
        dashboard.range_combo.setCurrentIndex(dashboard.range_combo.findData(30))
        qtbot.waitUntil(lambda: not dashboard.loading
                        and len(dashboard.uptime_chart.values()) == 30)
        assert dashboard.uptime_chart.values()[0] is None  # before the samples began

        requested: list[int] = []
        dashboard.ticket_requested.connect(requested.append)
        dashboard.ticket_button.click()
        assert requested == [broken_long]
    finally:
        dashboard.shutdown()


class FailingThenUpProbe:
    def __call__(self, camera: CameraDTO, credentials: Credentials | None, timeout: float,
                 cancel: CancelFlag | None) -> ProbeResult:
        if camera.name.startswith("Phố Huế"):
            return ProbeResult(camera.id, NOW, True, True, fps=25.0, bitrate_kbps=900,
                               width=640, height=360)
        return ProbeResult(camera.id, NOW, False, False, stream_error="no route to host")


def test_probe_now_sweeps_with_progress_and_state_changes_become_events(
        qtbot: QtBot, db: Database, commune: Commune, tmp_path: Path) -> None:
    monitor = HealthMonitor(CameraRepository(db), HealthRepository(db), EventRepository(db),
                            CredentialVault(Fernet.generate_key()), max_concurrency=2,
                            policy=HealthPolicy(failures_to_broken=1, successes_to_working=1),
                            probe=FailingThenUpProbe())
    dashboard = make_dashboard(qtbot, db, tmp_path, monitor)
    dashboard.show()
    wait_loaded(qtbot, dashboard)
    try:
        dialog = dashboard.probe_now()
        assert dialog is not None and not dashboard.probe_button.isEnabled()
        dialog.canceled.disconnect()  # keep the sweep running whatever the test runner does
        qtbot.waitUntil(lambda: dashboard.progress_dialog is None, timeout=20_000)
        assert dashboard.last_sweep_progress == (7, 7)
        qtbot.waitUntil(lambda: not dashboard.loading)
        assert dashboard.probe_button.isEnabled()
        counts = dashboard.counts_chart.counts()
        # Phố Huế came back; the others failed (policy: one failure = broken), except the
        # camera that never answered at all, which stays "never connected".
        assert counts == {"working": 1, "degraded": 0, "broken": 5, "never_connected": 1}
        events = [e for e in EventRepository(db).recent(50) if e.kind == STATE_CHANGED_EVENT]
        changed = {e.camera_id: (e.data["old_state"], e.data["new_state"]) for e in events}
        assert changed[commune.id("Phố Huế – Hàng Bài")] == ("broken", "working")
        assert changed[commune.id("Cổng UBND phường")] == ("degraded", "broken")
        assert commune.id("Chợ Hàng Da – lối vào") not in changed  # still broken: no event
    finally:
        dashboard.shutdown()
    assert not monitor.running
    QApplication.processEvents()
