"""The scene editor draws items with the mouse over a still, refuses what the rules cannot use
(with the reason next to the item), saves with the loaded version, copies to other cameras
and exports the JSON that ``main.py analyze --config`` reads."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.analytics.config_store import SceneStore
from app.analytics.scene import CountingLine, SceneConfig, SignalConfig
from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO
from app.storage.repositories.cameras import CameraRepository
from ui.analytics.scene_canvas import SceneCanvas
from ui.analytics.scene_copy import CopyTargetsDialog
from ui.analytics.scene_editor import SceneEditor


@pytest.fixture
def cameras(migrated_db: Database) -> list[CameraDTO]:
    repo = CameraRepository(migrated_db)
    return [repo.add(CameraCreate(name=name, host="127.0.0.1", port=port))
            for name, port in (("Ngã tư Hàng Bài", 9101), ("Ngã tư Tràng Tiền", 9102))]


@pytest.fixture
def editor(qtbot: QtBot, migrated_db: Database, cameras: list[CameraDTO]
           ) -> SceneEditor:
    still = np.full((360, 640, 3), 90, np.uint8)
    dialog = SceneEditor(SceneStore(migrated_db), cameras[0], cameras=cameras,
                         still=lambda: still)
    # No "discard changes?" question while the test closes it.
    qtbot.addWidget(dialog, before_close_func=lambda w: setattr(w, "dirty", False))
    dialog.resize(1100, 620)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.canvas.image is not None, timeout=5000)
    return dialog


def _at(canvas: SceneCanvas, x: float, y: float) -> QPoint:
    return canvas.fit().norm((x, y)).toPoint()


def _click(qtbot: QtBot, canvas: SceneCanvas, x: float, y: float) -> None:
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, x, y))


def test_line_drawn_with_clicks_is_saved_and_reloaded(
        qtbot: QtBot, editor: SceneEditor, migrated_db: Database,
        cameras: list[CameraDTO]) -> None:
    canvas = editor.canvas
    editor.set_tool("line")
    _click(qtbot, canvas, 0.1, 0.6)
    _click(qtbot, canvas, 0.9, 0.6)
    assert len(editor.scene.lines) == 1
    line = editor.scene.lines[0]
    assert line.p1 == pytest.approx((0.1, 0.6), abs=0.01)
    assert line.p2 == pytest.approx((0.9, 0.6), abs=0.01)
    editor.line_form.direction.setCurrentIndex(editor.line_form.direction.findData("a_to_b"))
    assert editor.scene.lines[0].direction == "a_to_b"
    assert editor.items.count() == 1 and "Line 1" in editor.items.item(0).text()

    assert editor.save()
    assert "Saved (version 1)" in editor.status.text()
    stored = SceneStore(migrated_db).get(cameras[0].id)
    assert stored is not None and stored.version == 1
    assert stored.scene.lines[0].direction == "a_to_b"
    assert stored.scene.lines[0].p1 == pytest.approx((0.1, 0.6), abs=0.01)

    again = SceneEditor(SceneStore(migrated_db), cameras[0])
    qtbot.addWidget(again)
    assert again.version == 1 and again.scene == stored.scene and not again.dirty

    # Someone else saves meanwhile: this editor's next save is refused, nothing is lost.
    SceneStore(migrated_db).save(cameras[0].id, stored.scene, 1)
    editor.set_tool("line")
    _click(qtbot, canvas, 0.1, 0.8)
    _click(qtbot, canvas, 0.9, 0.8)
    assert not editor.save()
    assert "someone else changed" in editor.status.text()
    assert len(editor.scene.lines) == 2


def test_self_intersecting_zone_is_refused_with_the_reason(
        qtbot: QtBot, editor: SceneEditor, migrated_db: Database,
        cameras: list[CameraDTO]) -> None:
    canvas = editor.canvas
    editor.set_tool("zone")
    for x, y in ((0.2, 0.2), (0.6, 0.6), (0.6, 0.2)):
        _click(qtbot, canvas, x, y)
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.2, 0.6))
    assert len(editor.scene.zones) == 1 and len(editor.scene.zones[0].polygon) == 4
    row = editor.items.item(0).text()
    assert "crosses itself" in row  # shown next to the item
    assert editor.status.isVisible() and "crosses itself" in editor.status.text()
    assert not editor.save()
    assert SceneStore(migrated_db).get(cameras[0].id) is None

    # Dragging the crossing corner above the others makes the outline valid; it saves.
    editor.set_tool("select")
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.6, 0.6))
    qtbot.mouseMove(canvas, _at(canvas, 0.4, 0.05))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.4, 0.05))
    assert editor.errors == {}
    assert editor.scene.zones[0].polygon[1] == pytest.approx((0.4, 0.05), abs=0.01)
    assert editor.save()
    stored = SceneStore(migrated_db).get(cameras[0].id)
    assert stored is not None and stored.scene.zones == editor.scene.zones
    _click(qtbot, canvas, 0.35, 0.3)  # inside the zone: selects it
    assert editor.selected == ("zone", 0)
    editor.delete_selected()
    assert editor.scene.zones == () and editor.items.count() == 0


def test_lane_direction_is_dragged_and_scene_copied_and_exported(
        qtbot: QtBot, editor: SceneEditor, migrated_db: Database, cameras: list[CameraDTO],
        tmp_path: Path) -> None:
    canvas = editor.canvas
    editor.set_tool("lane")
    for x, y in ((0.1, 0.1), (0.4, 0.1), (0.4, 0.9)):
        _click(qtbot, canvas, x, y)
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.1, 0.9))
    assert canvas.tool == "direction" and "direction" in editor.items.item(0).text()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.25, 0.8))
    qtbot.mouseMove(canvas, _at(canvas, 0.25, 0.3))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.25, 0.3))
    lane = editor.scene.lanes[0]
    assert lane.direction == pytest.approx((0.0, -1.0), abs=0.02)  # upwards in the image
    assert editor.errors == {}

    # Stop line without a signal is marked; a signal schedule completes it.
    editor.set_tool("stop_line")
    _click(qtbot, canvas, 0.5, 0.7)
    _click(qtbot, canvas, 0.95, 0.7)
    assert "signal schedule" in editor.errors[("stop", 0)]
    editor.set_tool("signal")
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.8, 0.05))
    qtbot.mouseMove(canvas, _at(canvas, 0.85, 0.2))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.85, 0.2))
    assert editor.scene.signal is not None and editor.scene.signal.roi is not None
    assert editor.errors == {}

    assert editor.copy_to([cameras[1].id]) == [cameras[1].id]  # saves first, then copies
    copied = SceneStore(migrated_db).get(cameras[1].id)
    assert copied is not None and copied.scene.lanes == editor.scene.lanes
    picker = CopyTargetsDialog([cameras[1]], editor)
    picker.set_checked([cameras[1].id])
    assert picker.chosen() == [cameras[1].id]

    target = tmp_path / "scene.json"
    assert editor.export_to(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    loaded = SceneConfig.from_columns(data["lines"], data["zones"], data["lanes"],
                                      data["stop_line"], data["signal"], data["options"])
    assert loaded.lanes == editor.scene.lanes and loaded.stop_line == editor.scene.stop_line
    assert data["camera_id"] == cameras[0].id

    other = SceneEditor(SceneStore(migrated_db), cameras[1])
    qtbot.addWidget(other, before_close_func=lambda w: setattr(w, "dirty", False))
    assert other.import_from(target) and other.scene.signal == editor.scene.signal


def test_bad_import_and_stored_signal_schedule(qtbot: QtBot, editor: SceneEditor,
                                               tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"lines": [{"name": "x", "p1": [0, 0], "p2": [0, 0.001]}]}')
    assert not editor.import_from(broken)
    assert "too close together" in editor.status.text() and editor.scene.lines == ()
    scene = SceneConfig(stop_line=CountingLine("Vạch dừng", (0.1, 0.8), (0.9, 0.8)),
                        signal=SignalConfig(cycle_s=90, red_s=40, offset_s=3600))
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"stop_line": scene.to_columns()["stop_line"],
                                "signal": scene.to_columns()["signal_roi"]}))
    assert editor.import_from(good)
    editor._select(("signal", 0))
    form = editor.signal_form
    assert form.schedule.isChecked() and form.cycle.value() == 90 and form.red.value() == 40
    form.red.setValue(95)  # longer than the cycle: marked on the signal item
    assert "shorter than the cycle" in editor.errors[("signal", 0)]
