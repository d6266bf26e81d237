"""The analysis tile paints the analysed frame with tracks, scene items, light and a flagged
violation, from updates delivered on another thread (only the latest one is kept)."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.analytics.channel import ChannelUpdate
from app.analytics.rules import RuleHit
from app.analytics.scene import CountingLine, SceneConfig, SignalConfig, Zone
from app.analytics.service import AnalyticsService
from app.analytics.signal import LightState
from app.analytics.types import RoadClass, TrackedFrame, TrackSnapshot
from app.security.audit import AuditTrail
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.repositories.cameras import CameraRepository
from ui.analytics.actions import AnalyticsActions
from ui.analytics.analysis_dock import AnalysisDock, toggle_analysis
from ui.analytics.analysis_view import AnalysisView
from ui.analytics.overlay import CLASS_COLOURS, LINE_COLOUR, VIOLATION_COLOUR

W, H = 640, 360
GREY = 60


def _track(track_id: int, box: tuple[float, float, float, float], cls: RoadClass,
           riders: int = 0) -> TrackSnapshot:
    return TrackSnapshot(track_id, box, cls, 0.9, (0.0, 0.0), 1.0, 5, False, riders)


def _update(frame_id: int, tracks: tuple[TrackSnapshot, ...], hits: tuple[RuleHit, ...] = (),
            light: LightState = LightState.RED) -> ChannelUpdate:
    return ChannelUpdate(TrackedFrame("7", frame_id, 1.7e9 + frame_id, W, H, tracks), hits,
                         light, {"car": 3, "two_wheeler": 5})


SCENE = SceneConfig(
    lines=(CountingLine("giữa", (0.05, 0.5), (0.45, 0.5), "a_to_b"),),
    zones=(Zone("cấm dừng", ((0.6, 0.1), (0.95, 0.1), (0.95, 0.4), (0.6, 0.4))),),
    signal=SignalConfig(roi=(0.02, 0.02, 0.08, 0.15)))


def _near(colour: QColor, expected: QColor, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in
               ((colour.red(), expected.red()), (colour.green(), expected.green()),
                (colour.blue(), expected.blue())))


def _render(view: AnalysisView) -> QImage:
    return view.grab().toImage()


def _deliver(qtbot: QtBot, view: AnalysisView, *updates: ChannelUpdate,
             camera_id: int = 7) -> None:
    frame = np.full((H, W, 3), GREY, np.uint8)
    worker = threading.Thread(
        target=lambda: [view.on_update(camera_id, u, frame) for u in updates])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: view.latest is updates[-1], timeout=5000)


def test_paints_boxes_lines_zones_and_signal(qtbot: QtBot) -> None:
    view = AnalysisView(camera_id=7)
    qtbot.addWidget(view)
    view.resize(W, H)
    view.set_scene(SCENE)
    car = _track(1, (100, 220, 220, 320), RoadClass.CAR)
    bike = _track(2, (400, 200, 460, 300), RoadClass.TWO_WHEELER, riders=2)
    _deliver(qtbot, view, _update(1, (car, bike)))
    image = _render(view)
    assert image.width() == W and image.height() == H
    assert _near(image.pixelColor(100, 300), CLASS_COLOURS["car"])  # car box, left edge
    assert _near(image.pixelColor(460, 280), CLASS_COLOURS["two_wheeler"])  # bike, right edge
    assert _near(image.pixelColor(int(0.35 * W), H // 2), LINE_COLOUR)  # counting line
    inside_zone = image.pixelColor(int(0.8 * W), int(0.3 * H))
    assert inside_zone.red() > GREY + 30 and inside_zone.green() < GREY + 10  # red tint
    assert _near(image.pixelColor(int(0.02 * W) + 1, int(0.1 * H)), QColor("#ff3b30"))  # red
    assert _near(image.pixelColor(300, 120), QColor(GREY, GREY, GREY), 6)  # frame elsewhere


def test_fresh_violation_is_flagged_in_red_and_other_cameras_are_ignored(
        qtbot: QtBot) -> None:
    view = AnalysisView(camera_id=7)
    qtbot.addWidget(view)
    view.resize(W, H)
    bike = _track(4, (300, 150, 360, 260), RoadClass.TWO_WHEELER, riders=3)
    hit = RuleHit("too_many_riders", 1.7e9, "", 4, RoadClass.TWO_WHEELER, bike.box)
    _deliver(qtbot, view, _update(1, (bike,), (hit,)))
    image = _render(view)
    assert _near(image.pixelColor(300, 200), VIOLATION_COLOUR, 50)  # the box turned red
    assert _near(image.pixelColor(5, H // 2), VIOLATION_COLOUR, 90)  # the pulsing frame

    frame = np.zeros((H, W, 3), np.uint8)
    before = view.latest
    view.on_update(8, _update(2, ()), frame)  # another camera's channel
    qtbot.wait(50)
    assert view.latest is before


def test_only_the_latest_update_is_kept(qtbot: QtBot) -> None:
    view = AnalysisView(camera_id=7)
    qtbot.addWidget(view)
    view.resize(W, H)
    burst = [_update(i, (_track(1, (10 + i, 10, 60 + i, 60), RoadClass.CAR),))
             for i in range(30)]
    _deliver(qtbot, view, *burst)
    assert view.latest is burst[-1]
    view.clear()
    assert view.latest is None
    waiting = _render(view)  # the placeholder text, no stale frame
    assert _near(waiting.pixelColor(5, 5), QColor("#0d1117"), 4)


def test_dock_without_a_model_says_why_and_does_not_start(
        qtbot: QtBot, migrated_db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    service = AnalyticsService(migrated_db, AuditTrail(migrated_db), tmp_path / "evidence",
                               tmp_path / "models", tmp_path / "cache", None)
    service.start()
    dock = AnalysisDock(service)
    qtbot.addWidget(dock, before_close_func=lambda d: d.shutdown())
    dock.show()
    assert dock.empty.isVisible() and "no road-user detection model" in dock.empty.text()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: told.append(text))
    camera = CameraRepository(migrated_db).add(CameraCreate(name="Cổng", host="127.0.0.1",
                                                            port=9200))
    assert toggle_analysis(service, camera, dock, dock) is None
    assert told and "Models page" in told[0]
    assert not service.running and dock.views == {}
    service.stop()


def test_analytics_menu_opens_editor_and_models_and_restores(
        qtbot: QtBot, migrated_db: Database, tmp_path: Path) -> None:
    service = AnalyticsService(migrated_db, AuditTrail(migrated_db), tmp_path / "evidence",
                               tmp_path / "models", tmp_path / "cache", None)
    service.start()
    camera = CameraRepository(migrated_db).add(CameraCreate(name="Cổng", host="127.0.0.1",
                                                            port=9200))
    service.scenes.set_enabled(camera.id, True)  # analysed when the workstation last closed
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = AnalyticsActions(service, lambda: [camera], lambda: None, window)
    menu = QMenu(window)
    actions.attach(window, menu)
    actions.retranslate()
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Scene editor…", "&Models…", "Analysis"]
    actions.restore()  # without a model nothing starts; the dock says why
    qtbot.waitUntil(lambda: "no road-user detection model" in actions.dock.empty.text())
    assert not actions.is_analysed(camera.id) and not service.running

    editor = actions.open_scene_editor(camera.id)
    assert editor is not None
    qtbot.waitUntil(lambda: "No picture from the camera" in editor.canvas._placeholder)
    editor.close()
    dialog = actions.open_models()
    assert dialog.page.table.rowCount() == 0 and dialog.page.banner.isVisibleTo(dialog)
    dialog.close()
    actions.shutdown()
