"""The review queue widget on a real database: keyboard triage, roles, conflicts."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.review.annotations import AnnotationService
from app.review.queue import ReviewQueue
from app.review.states import ViolationState
from app.review.workflow import ManualEvidence
from app.security.audit import AuditAction, AuditQuery
from app.security.permissions import PermissionDenied
from tests.security_support import World, sqlite_world
from ui.review.review_queue import ReviewQueueWidget

TYPES = {"7/7/c": "Xe máy vượt đèn đỏ", "6/9/b": "Ô tô vượt đèn đỏ",
         "7/2/h": "Không đội mũ bảo hiểm"}


@dataclass(frozen=True)
class Cam:
    id: int
    name: str


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from sqlite_world(tmp_path)


def make_cases(world: World, folder: Path) -> list[int]:
    """Three cases with real pictures, filed by the duty officer."""
    ids = []
    officer = world.by_role["duty_officer"]
    for number, (code, plate) in enumerate((("7/7/c", "29-M1 123.45"),
                                            ("6/9/b", "30A-678.90"),
                                            ("7/2/h", None))):
        picture = folder / f"khung-{number}.png"
        image = np.full((180, 320, 3), 60 + number * 40, np.uint8)
        cv2.putText(image, f"CASE {number}", (20, 90), cv2.FONT_HERSHEY_SIMPLEX, 1.2,
                    (255, 255, 255), 2)
        cv2.imwrite(str(picture), image)
        ids.append(world.violations.create_manual(
            officer, world.cameras[number % 2], code, plate, [ManualEvidence(picture)]).id)
    return ids


def queue_widget(qtbot: QtBot, world: World, role: str, tmp_path: Path) -> ReviewQueueWidget:
    cameras = [Cam(world.cameras[0], "Ngã tư Hàng Bài"), Cam(world.cameras[1], "Cầu Chương Dương")]
    widget = ReviewQueueWidget(
        ReviewQueue(world.db), world.violations, world.by_role[role],
        list_cameras=lambda: cameras, type_label=lambda c: TYPES.get(c, c),
        annotations=AnnotationService(world.db, world.audit), evidence_dir=tmp_path / "ev")
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    with qtbot.waitActive(widget):  # shortcuts only reach the active window
        widget.show()
        widget.activateWindow()
    return widget


def test_keyboard_triage_verifies_and_rejects_with_reason(qtbot: QtBot, world: World,
                                                          tmp_path: Path) -> None:
    ids = make_cases(world, tmp_path)
    widget = queue_widget(qtbot, world, "duty_officer", tmp_path)
    assert widget.total == 3 and widget.current is not None
    assert widget.current.id == ids[2]  # newest first
    assert not widget.approve_button.isVisible()  # not the officer's decision
    assert "Cầu" in widget.detail.camera_text.text() or "Ngã" in widget.detail.camera_text.text()
    assert widget.detail.type_text.text() == "7/2/h — Không đội mũ bảo hiểm"
    widget.table.setFocus()

    qtbot.keyClick(widget.table, Qt.Key.Key_J)
    assert widget.current.id == ids[1]
    qtbot.keyClick(widget.table, Qt.Key.Key_K)
    assert widget.current.id == ids[2]
    qtbot.keyClick(widget.table, Qt.Key.Key_V)  # verify, then the next case is shown
    assert world.violations.view(world.by_role["supervisor"], ids[2]).state is \
        ViolationState.VERIFIED
    assert widget.current.id == ids[1]

    qtbot.keyClick(widget.table, Qt.Key.Key_R)
    dialog = widget.reject_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reason.setCurrentIndex(1)  # a common reason
    reason = dialog.reason_text()
    assert reason == "Plate unreadable in every picture"
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    rejected = world.violations.view(world.by_role["supervisor"], ids[1])
    assert rejected.state is ViolationState.REJECTED and rejected.reject_reason == reason

    # Every case shown was audited as viewed.
    views = world.audit.query(world.by_role["supervisor"],
                              AuditQuery(action=AuditAction.VIOLATION_VIEWED))
    assert {r.object_id for r in views.records if r.user_id == widget._principal.user_id} >= {
        str(ids[1]), str(ids[2])}


def test_duty_officer_cannot_approve(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    ids = make_cases(world, tmp_path)
    officer = world.by_role["duty_officer"]
    world.violations.transition(officer, ids[2], 1, "verified")
    widget = queue_widget(qtbot, world, "duty_officer", tmp_path)
    assert widget.current is not None and widget.current.id == ids[2]
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_A)  # the key works even with the button hidden
    assert "does not allow" in widget.message.text()
    assert widget.current.state is ViolationState.VERIFIED
    with pytest.raises(PermissionDenied):  # and the core refuses without any UI
        world.violations.transition(officer, ids[2], widget.current.version, "approved")

    boss = queue_widget(qtbot, world, "supervisor", tmp_path)
    assert boss.approve_button.isVisible() and boss.approve_button.isEnabled()
    boss.table.setFocus()
    qtbot.keyClick(boss.table, Qt.Key.Key_A)
    assert world.violations.view(world.by_role["supervisor"], ids[2]).state is \
        ViolationState.APPROVED


def test_two_sessions_deciding_the_same_case(qtbot: QtBot, world: World,
                                             tmp_path: Path) -> None:
    ids = make_cases(world, tmp_path)
    first = queue_widget(qtbot, world, "duty_officer", tmp_path)
    second = queue_widget(qtbot, world, "investigator", tmp_path)
    assert first.current.id == second.current.id == ids[2]
    assert first.decide(ViolationState.VERIFIED)
    second.reject("Không có vi phạm")
    text = second.message.text()
    assert "Someone else decided this case meanwhile" in text
    assert "Người dùng duty_officer" in text  # who decided first
    assert second.current is not None and second.current.id == ids[2]
    assert second.current.state is ViolationState.VERIFIED  # reloaded
    assert world.violations.view(world.by_role["supervisor"], ids[2]).reject_reason is None
    lines = [second.detail.history.item(i).text() for i in range(second.detail.history.count())]
    assert lines[-1].endswith("Người dùng duty_officer: Detected → Verified")
    assert "filed the case (plate not read)" in lines[0]


def test_plate_correction_filters_and_new_violation(qtbot: QtBot, world: World,
                                                    tmp_path: Path) -> None:
    ids = make_cases(world, tmp_path)
    widget = queue_widget(qtbot, world, "duty_officer", tmp_path)
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_P)
    dialog = widget.plate_dialog
    assert dialog is not None
    dialog.plate.setText("29-m1 999.99")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert widget.current.plate == "29-M1 999.99"
    assert widget.detail.plate.text().startswith("29-M1 999.99")

    widget.plate_filter.setText("30A")
    widget.search()
    assert widget.total == 1 and widget.current.id == ids[1]
    widget.plate_filter.clear()
    widget.type_filter.setCurrentIndex(widget.type_filter.findData("7/7/c"))
    widget.search()
    assert [v.id for v in widget.model.rows] == [ids[0]]
    widget.type_filter.setCurrentIndex(0)

    picture = tmp_path / "tu-camera.png"
    cv2.imwrite(str(picture), np.full((90, 160, 3), 200, np.uint8))
    created = widget.create_violation(world.cameras[1], "7/2/h", "", picture)
    assert created is not None and widget.current.id == created.id
    assert Path(created.evidence[0].path).parent == tmp_path / "ev"
    missing = widget.create_violation(world.cameras[1], "7/2/h", "", tmp_path / "none.png")
    assert missing is None and "cannot be copied" in widget.message.text()

    widget.ask_new_violation()
    assert widget.new_dialog is not None and widget.new_dialog.camera.count() == 2
    widget.new_dialog.reject()
    assert widget.new_dialog.result() == QDialog.DialogCode.Rejected
