"""AnalyticsService with the real detector and pipeline: a simulated camera's sub-stream is
registered in the stream hub, analysed, shown in the analysis dock, and analysed again after a
restart of the workstation (restore_enabled)."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from app.analytics.channel import ChannelUpdate
from app.analytics.scene import CountingLine, SceneConfig
from app.analytics.service import AnalyticsService
from app.models.store import ModelStore
from app.security.audit import AuditTrail
from app.sim.farm import SimulatorFarm
from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO, ProfileCreate
from app.storage.repositories.cameras import CameraRepository
from app.video.hub import StreamHub
from tests.models_support import ROAD_USERS, models_folder, needs_road_users
from ui.analytics.analysis_dock import AnalysisDock, toggle_analysis

pytestmark = needs_road_users


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(f"sqlite:///{tmp_path / 'trucban.db'}")
    db.upgrade()
    yield db
    db.dispose()


@pytest.fixture
def hub() -> Iterator[StreamHub]:
    with StreamHub() as running:
        yield running


def _wait(predicate: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _service(database: Database, tmp_path: Path, hub: StreamHub) -> AnalyticsService:
    def register(camera: CameraDTO) -> str:
        profile = camera.sub_profile
        assert profile is not None
        return hub.register(f"cam{camera.id}-sub", profile.stream_uri)

    return AnalyticsService(database, AuditTrail(database), tmp_path / "evidence",
                            tmp_path / "models", tmp_path / "cache", register)


def test_live_analysis_through_the_hub_survives_a_restart(
        qtbot: QtBot, sim_farm: SimulatorFarm, database: Database, hub: StreamHub,
        tmp_path: Path) -> None:
    folder = models_folder()
    assert folder is not None
    assert ModelStore(tmp_path / "models").install_from_folder(folder, names={ROAD_USERS}).ok
    sim = sim_farm.cameras[0]
    camera = CameraRepository(database).add(CameraCreate(
        name="Ngã tư mô phỏng", host="127.0.0.1", port=sim.onvif_port,
        profiles=(ProfileCreate("sub", "sub", 640, 360, sim.rtsp_sub),)))
    service = _service(database, tmp_path, hub)
    service.scenes.save(camera.id, SceneConfig(
        lines=(CountingLine("giữa", (0.0, 0.5), (1.0, 0.5)),)), None)
    service.start()
    dock = AnalysisDock(service)
    qtbot.addWidget(dock, before_close_func=lambda d: d.shutdown())
    updates: list[tuple[int, ChannelUpdate, np.ndarray]] = []
    lock = threading.Lock()

    def collect(camera_id: int, update: ChannelUpdate, frame: np.ndarray) -> None:
        with lock:
            updates.append((camera_id, update, frame))

    service.subscribe(collect)
    try:
        future = toggle_analysis(service, camera, None, dock)
        assert future is not None
        future.result(timeout=120)
        qtbot.waitUntil(lambda: camera.id in dock.views, timeout=10000)
        registered = hub.keys()
        assert f"cam{camera.id}-sub" in registered  # one pull, shared through the hub
        assert _wait(lambda: len(updates) >= 5), service.status()
        with lock:
            camera_id, _, frame = updates[-1]
        assert camera_id == camera.id and frame.ndim == 3 and frame.std() > 5
        view = dock.views[camera.id]
        qtbot.waitUntil(lambda: view.latest is not None, timeout=10000)
        assert view.grab().toImage().width() > 0
    finally:
        service.stop()
    assert not service.running and service.scenes.enabled_cameras() == [camera.id]

    after = _service(database, tmp_path, hub)
    after.start()
    seen: list[int] = []
    after.subscribe(lambda camera_id, update, frame: seen.append(camera_id))
    try:
        assert after.restore_enabled([camera]) == {}
        assert _wait(lambda: len(seen) >= 3), after.status()
        after.disable(camera.id)
        assert after.scenes.enabled_cameras() == []
    finally:
        after.stop()
