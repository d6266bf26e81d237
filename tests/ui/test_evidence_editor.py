"""The evidence editor: draw with the mouse, save, reopen, undo, export burned-in copy."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.hashing import sha256_file
from app.review.annotations import AnnotationService, Shape, ShapeKind
from app.review.workflow import ManualEvidence
from tests.security_support import World, sqlite_world
from ui.review.evidence_editor import EvidenceEditor


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from sqlite_world(tmp_path)


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    image = rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)
    path = tmp_path / "bang-chung.png"
    cv2.imwrite(str(path), image)
    return path


def open_editor(qtbot: QtBot, world: World, role: str, evidence_id: int) -> EvidenceEditor:
    editor = EvidenceEditor(AnnotationService(world.db, world.audit), world.by_role[role],
                            evidence_id)
    qtbot.addWidget(editor)
    editor.ask_discard = lambda: True
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def drag(qtbot: QtBot, editor: EvidenceEditor, start: tuple[int, int],
         end: tuple[int, int]) -> None:
    """A mouse drag between two picture pixels."""
    view = editor.canvas
    a = view.mapFromScene(*start)
    b = view.mapFromScene(*end)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    middle = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    qtbot.mouseMove(view.viewport(), middle)
    qtbot.mouseMove(view.viewport(), b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)


def test_draw_save_reopen_export(qtbot: QtBot, world: World, picture: Path,
                                 tmp_path: Path) -> None:
    original_hash = sha256_file(picture)
    case = world.violations.create_manual(world.by_role["duty_officer"], world.cameras[0],
                                          "7/7/c", "29-M1 123.45", [ManualEvidence(picture)])
    evidence_id = case.evidence[0].id
    editor = open_editor(qtbot, world, "duty_officer", evidence_id)
    assert not editor.export_button.isVisible()  # officers annotate, supervisors export

    editor.set_tool(ShapeKind.BOX.value)
    drag(qtbot, editor, (40, 40), (160, 120))
    editor.set_tool(ShapeKind.BLUR.value)
    drag(qtbot, editor, (220, 150), (360, 260))
    editor.set_tool(ShapeKind.BOX.value)
    drag(qtbot, editor, (10, 10), (10, 10))  # a click: no shape
    shapes = editor.shapes()
    assert [s.kind for s in shapes] == [ShapeKind.BOX, ShapeKind.BLUR]
    box, blur = shapes
    assert abs(box.x - 40) <= 2 and abs(box.w - 120) <= 3  # picture pixels, not screen
    assert abs(blur.y - 150) <= 2 and abs(blur.h - 110) <= 3

    editor.text_field.setText("Vượt đèn đỏ")
    editor.add_text_at(20, 200)
    assert len(editor.shapes()) == 3
    editor.undo()
    assert len(editor.shapes()) == 2
    editor.redo()
    editor.undo()
    assert editor.save()
    assert all(s.id is not None for s in editor.shapes())
    saved_box_id = editor.shapes()[0].id
    assert not editor.dirty
    editor.close()

    again = open_editor(qtbot, world, "duty_officer", evidence_id)  # re-editable
    assert [(s.kind, s.id) for s in again.shapes()] == [(s.kind, s.id) for s in editor.shapes()]
    box_item = again._ordered[0]
    box_item.setSelected(True)
    again.set_tool("select")
    drag(qtbot, again, (100, 40), (130, 60))  # drag the box by its top edge
    moved = again.shapes()[0]
    assert moved.id == saved_box_id and moved.x > 55
    assert again.save() and again.loaded.shapes[0].version == 2
    again.close()

    boss = open_editor(qtbot, world, "supervisor", evidence_id)
    assert boss.export_button.isVisible()
    result = boss.export_to(tmp_path / "xuat" / "chu-thich.png")
    assert result is not None and "unchanged" in boss.message.text()
    before = cv2.imread(str(picture))
    after = cv2.imread(str(result.path))
    region = (slice(160, 250), slice(230, 350))
    assert np.abs(after[region].astype(int) - before[region].astype(int)).mean() > 20
    assert np.array_equal(after[280:, :200], before[280:, :200])
    assert sha256_file(picture) == original_hash == case.evidence[0].sha256


def test_conflicting_save_is_refused(qtbot: QtBot, world: World, picture: Path) -> None:
    case = world.violations.create_manual(world.by_role["duty_officer"], world.cameras[0],
                                          "7/7/c", None, [ManualEvidence(picture)])
    evidence_id = case.evidence[0].id
    first = open_editor(qtbot, world, "duty_officer", evidence_id)
    second = open_editor(qtbot, world, "investigator", evidence_id)
    first.add_shape(Shape(ShapeKind.BOX, 10, 10, 50, 50))
    assert first.save()
    second.add_shape(Shape(ShapeKind.ELLIPSE, 100, 100, 50, 40))
    assert not second.save()
    assert "Someone else saved annotations" in second.message.text()
    assert second.dirty
    assert second.add_shape(Shape(ShapeKind.BOX, 0, 0, 1, 1)) is None
    assert "too small" in second.message.text()
