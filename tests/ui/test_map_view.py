"""Camera map on a real SQLite database: markers coloured by health on the coordinates grid,
clicking selects a camera, an imported image calibrated with reference points, cameras dropped
onto it, and positions that survive a restart (layout JSON)."""
from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent, QImage
from pytestqt.qtbot import QtBot

from app.cameras.health import HealthService
from app.cameras.map_calibration import IMAGE_MODE, MapLayoutStore
from app.storage.database import Database
from app.storage.repositories import CameraRepository, HealthRepository
from tests.ui.health_fixtures import CAMERAS, Commune, open_database, seed_commune
from ui.cameras.camera_mime import encode_camera_ids
from ui.dashboards.health_states import state_colour
from ui.map.map_view import CameraMapView, camera_map_loader

NOW = datetime.now(UTC).replace(microsecond=0)
LAT0, LON0 = 21.0270, 105.8520  # the image's top-left corner; 0.5 m per pixel, north up
M_PER_DEG = 111_195.0


def pixel_of(lat: float, lon: float) -> tuple[float, float]:
    east = (lon - LON0) * M_PER_DEG * math.cos(math.radians(LAT0))
    north = (lat - LAT0) * M_PER_DEG
    return 800 + east / 0.5, 600 - north / 0.5


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def commune(db: Database) -> Commune:
    return seed_commune(db, NOW, days=1, step=timedelta(hours=1))


def make_map(qtbot: QtBot, db: Database, config: Path) -> CameraMapView:
    view = CameraMapView(MapLayoutStore(config),
                         camera_map_loader(CameraRepository(db).list_cameras, HealthService(db)))
    qtbot.addWidget(view)
    view.resize(1100, 700)
    return view


def expected_states(commune: Commune) -> dict[int, str]:
    story = {"working": "working", "degraded": "degraded", "broken_long": "broken",
             "broken_recent": "broken", "none": "never_connected"}
    return {commune.id(name): story[kind] for name, *_rest, kind in CAMERAS}


def test_grid_map_colours_by_health_and_click_selects(qtbot: QtBot, db: Database,
                                                      commune: Commune, tmp_path: Path) -> None:
    view = make_map(qtbot, db, tmp_path / "config")
    try:
        view.show()
        qtbot.waitUntil(lambda: not view.loading and len(view.markers) == 6)
        states = expected_states(commune)
        for camera_id, marker in view.markers.items():
            assert marker.colour == state_colour(states[camera_id]), marker.name
        # The camera without coordinates waits in the list beside the map.
        assert [view.unplaced.item(r).text() for r in range(view.unplaced.count())] == [
            "Camera chưa đấu nối"]
        # North is up: the northernmost camera is drawn highest.
        north = commune.id("Chợ Hàng Da – lối vào")
        assert view.markers[north].y() == min(m.y() for m in view.markers.values())

        target = view.markers[commune.id("Cổng UBND phường")]
        point = view.view.mapFromScene(target.scenePos())
        activated: list[int] = []
        view.camera_activated.connect(activated.append)
        qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert activated == [commune.id("Cổng UBND phường")]

        # Health changes reach the colours on the next (timer-driven) refresh.
        working = commune.id("Lý Thái Tổ – Tràng Tiền")
        HealthRepository(db).add_sample(working, onvif_ok=False, stream_ok=False,
                                        state="broken", time=datetime.now(UTC))
        view.refresh()
        qtbot.waitUntil(lambda: view.markers[working].colour == state_colour("broken"))
    finally:
        view.shutdown()


def test_image_map_calibration_drop_and_positions_round_trip(
        qtbot: QtBot, db: Database, commune: Commune, tmp_path: Path) -> None:
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#d8d0c0"))
    plan = tmp_path / "ban-do-phuong.png"
    assert image.save(str(plan))
    config = tmp_path / "config"
    view = make_map(qtbot, db, config)
    try:
        view.show()
        qtbot.waitUntil(lambda: not view.loading and len(view.markers) == 6)
        view.import_image(plan)
        qtbot.waitUntil(lambda: view.mode == IMAGE_MODE and view.unplaced.count() == 7)
        assert view.markers == {}  # not calibrated, nothing placed yet

        for lat, lon in [(21.0310, 105.8460), (21.0200, 105.8570)]:
            assert view.add_reference_point(*pixel_of(lat, lon), lat, lon)
        assert "2 reference points" in view.status_label.text()
        assert len(view.markers) == 6 and view.unplaced.count() == 1
        gate = commune.id("Cổng UBND phường")
        assert (view.markers[gate].x(), view.markers[gate].y()) == pytest.approx(
            pixel_of(21.0281, 105.8560), abs=1.0)

        # Drag the camera without coordinates from the list onto the image.
        loose = commune.id("Camera chưa đấu nối")
        drop_at = view.view.mapFromScene(QPointF(400, 300))
        mime = encode_camera_ids([loose])
        event = QDropEvent(QPointF(drop_at), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        view.view.dropEvent(event)
        assert view.unplaced.count() == 0
        assert (view.markers[loose].x(), view.markers[loose].y()) == pytest.approx(
            (400, 300), abs=2.0)
        # Moving a camera by hand overrides its coordinates on this image.
        view.place_camera(gate, QPointF(1234.5, 678.0))
        placed = {loose: (view.markers[loose].x(), view.markers[loose].y()),
                  gate: (1234.5, 678.0)}
    finally:
        view.shutdown()

    stored = json.loads((config / "camera_map.json").read_text(encoding="utf-8"))
    assert stored["mode"] == IMAGE_MODE and stored["image_path"] == str(plan)
    assert len(stored["reference_points"]) == 2 and len(stored["image_sha256"]) == 64
    assert set(stored["positions"]) == {str(loose), str(gate)}

    again = make_map(qtbot, db, config)
    try:
        again.show()
        qtbot.waitUntil(lambda: not again.loading and len(again.markers) == 7)
        for camera_id, (x, y) in placed.items():
            assert (again.markers[camera_id].x(), again.markers[camera_id].y()) == \
                pytest.approx((x, y), abs=0.01)
        assert again.mode_combo.currentData() == IMAGE_MODE
    finally:
        again.shutdown()
