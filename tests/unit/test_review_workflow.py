"""The violation state machine and ViolationService on SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib
import itertools
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.review.states import (
    ConcurrentDecisionError,
    IllegalTransition,
    ReviewError,
    ViolationNotFound,
    ViolationState,
    required_permissions,
)
from app.review.workflow import ManualEvidence, ViolationService, normalise_plate
from app.security.audit import AuditAction, AuditQuery, AuditTrail
from app.security.permissions import Permission, PermissionDenied
from app.storage.database import Database
from app.storage.models import Evidence, Violation
from tests.security_support import FakeClock, build_world, insert_violation

S = ViolationState
LEGAL = {
    (S.DETECTED, S.VERIFIED), (S.VERIFIED, S.APPROVED), (S.APPROVED, S.FORWARDED),
    (S.FORWARDED, S.FINED), (S.FORWARDED, S.CLOSED),
    (S.DETECTED, S.REJECTED), (S.VERIFIED, S.REJECTED), (S.APPROVED, S.REJECTED),
    (S.FORWARDED, S.REJECTED),
}
ALL_PAIRS = list(itertools.product(S, S))


@pytest.mark.parametrize("current, target", ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_transition_table(current: ViolationState, target: ViolationState) -> None:
    if (current, target) in LEGAL:
        needed = required_permissions(current, target)
        assert needed
        if target is S.APPROVED:
            assert needed == (Permission.APPROVE_VIOLATION,)
        if target is S.REJECTED and current in (S.APPROVED, S.FORWARDED):
            assert Permission.APPROVE_VIOLATION in needed
    else:
        with pytest.raises(IllegalTransition):
            required_permissions(current, target)


def _row(db: Database, violation_id: int) -> Violation:
    with db.session() as session:
        row = session.get(Violation, violation_id)
        assert row is not None
        return row


def test_every_transition_through_the_service(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    supervisor = world.by_role["supervisor"]
    camera = world.cameras[0]
    for current, target in ALL_PAIRS:
        vid = insert_violation(migrated_db, camera, current)
        reason = "Ảnh không rõ biển số" if target is S.REJECTED else None
        if (current, target) in LEGAL:
            result = world.violations.transition(supervisor, vid, 1, target, reason)
            assert (result.state, result.version) == (target, 2), (current, target)
        else:
            with pytest.raises(IllegalTransition) as caught:
                world.violations.transition(supervisor, vid, 1, target, reason)
            assert "cannot become" in caught.value.user_message
            row = _row(migrated_db, vid)
            assert (row.state, row.version) == (current.value, 1), (current, target)
    moves = world.audit.query(supervisor, AuditQuery(action=AuditAction.VIOLATION_TRANSITION,
                                                     limit=100))
    assert moves.total == len(LEGAL)
    assert world.audit.verify().ok


def test_who_and_when_are_recorded(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    officer, supervisor = world.by_role["duty_officer"], world.by_role["supervisor"]
    vid = insert_violation(migrated_db, world.cameras[0])
    seen = world.violations.view(officer, vid)
    verified = world.violations.transition(officer, vid, seen.version, "verified")
    assert verified.verified_by_id == officer.user_id and verified.verified_at is not None
    assert verified.approved_by_id is None
    with pytest.raises(PermissionDenied, match="does not allow"):
        world.violations.transition(officer, vid, verified.version, "approved")
    approved = world.violations.transition(supervisor, vid, verified.version, "approved")
    assert approved.approved_by_id == supervisor.user_id
    assert approved.approved_at is not None and approved.approved_at > verified.verified_at  # type: ignore[operator]
    forwarded = world.violations.transition(supervisor, vid, approved.version, "forwarded",
                                            "Gửi Đội CSGT số 1")
    closed = world.violations.transition(supervisor, vid, forwarded.version, "closed")
    assert (closed.state, closed.version) == (S.CLOSED, 5)
    history = world.violations.history(supervisor, vid)
    assert [(h.user_name, h.details["to"]) for h in history] == [
        (officer.display_name, "verified"), (supervisor.display_name, "approved"),
        (supervisor.display_name, "forwarded"), (supervisor.display_name, "closed")]
    assert history[2].details["reason"] == "Gửi Đội CSGT số 1"
    views = world.audit.query(supervisor, AuditQuery(action=AuditAction.VIOLATION_VIEWED))
    assert [(r.user_id, r.object_id) for r in views.records] == [(officer.user_id, str(vid))]


def test_reject_needs_a_reason_and_approval_rights_once_approved(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    officer, supervisor = world.by_role["duty_officer"], world.by_role["supervisor"]
    fresh = insert_violation(migrated_db, world.cameras[0])
    for blank in (None, "", "   "):
        with pytest.raises(ReviewError, match="reason"):
            world.violations.transition(officer, fresh, 1, "rejected", blank)
    rejected = world.violations.transition(officer, fresh, 1, "rejected", " Xe ưu tiên ")
    assert (rejected.state, rejected.reject_reason) == (S.REJECTED, "Xe ưu tiên")
    with pytest.raises(IllegalTransition):
        world.violations.transition(supervisor, fresh, 2, "verified")

    approved = insert_violation(migrated_db, world.cameras[0], "approved")
    with pytest.raises(PermissionDenied) as caught:
        world.violations.transition(officer, approved, 1, "rejected", "Nhầm xe")
    assert caught.value.permission is Permission.APPROVE_VIOLATION
    assert world.violations.transition(supervisor, approved, 1, "rejected",
                                       "Nhầm xe").state is S.REJECTED
    with pytest.raises(ReviewError, match="not a violation state"):
        world.violations.transition(supervisor, approved, 2, "archived")
    with pytest.raises(ViolationNotFound):
        world.violations.transition(supervisor, 987_654, 1, "verified")


def _other_workstation(db: Database, name: str) -> tuple[Database, ViolationService]:
    other = Database.open(db.url.render_as_string(hide_password=False))
    audit = AuditTrail(other, clock=FakeClock())
    return other, ViolationService(other, audit)


def test_concurrent_decisions_from_two_sessions(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    first_officer = world.by_role["duty_officer"]
    second_officer = world.by_role["investigator"]
    vid = insert_violation(migrated_db, world.cameras[0])
    db_a, service_a = _other_workstation(migrated_db, "a")
    db_b, service_b = _other_workstation(migrated_db, "b")
    try:
        seen_a = service_a.view(first_officer, vid)
        seen_b = service_b.view(second_officer, vid)
        assert seen_a.version == seen_b.version == 1
        service_a.transition(first_officer, vid, seen_a.version, "verified")
        for target, reason in (("rejected", "Trùng lặp"), ("verified", None)):
            with pytest.raises(ConcurrentDecisionError) as caught:
                service_b.transition(second_officer, vid, seen_b.version, target, reason)
            error = caught.value
            assert error.decided_by == first_officer.display_name
            assert first_officer.display_name in error.user_message
            assert (error.state, error.current_version) == (S.VERIFIED, 2)
        with pytest.raises(ConcurrentDecisionError):
            service_b.correct_plate(second_officer, vid, seen_b.version, "30A-000.01")
    finally:
        db_a.dispose()
        db_b.dispose()
    row = _row(migrated_db, vid)
    assert (row.state, row.version, row.verified_by_id, row.plate) == (
        "verified", 2, first_officer.user_id, "30A-123.45")
    assert world.audit.verify().ok


def test_racing_decisions_only_one_wins(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    officers = [world.by_role[r] for r in ("duty_officer", "investigator", "supervisor")]
    vid = insert_violation(migrated_db, world.cameras[0])
    stations = [_other_workstation(migrated_db, str(i)) for i in range(len(officers))]
    start = threading.Barrier(len(stations))
    outcomes: list[object] = []

    def decide(service: ViolationService, index: int) -> None:
        start.wait()
        try:
            outcomes.append(service.transition(officers[index], vid, 1, "verified"))
        except BaseException as exc:  # noqa: BLE001 (checked in the test's thread)
            outcomes.append(exc)

    threads = [threading.Thread(target=decide, args=(service, i))
               for i, (_db, service) in enumerate(stations)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for db, _service in stations:
            db.dispose()
    winners = [o for o in outcomes if not isinstance(o, BaseException)]
    losers = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(winners) == 1 and len(losers) == 2, outcomes
    assert all(isinstance(o, ConcurrentDecisionError) for o in losers), losers
    assert _row(migrated_db, vid).version == 2
    assert world.audit.verify().ok


def test_create_manual_hashes_the_evidence(migrated_db: Database, tmp_path: Path) -> None:
    world = build_world(migrated_db)
    officer = world.by_role["duty_officer"]
    frame = tmp_path / "khung-hình.jpg"
    frame.write_bytes(b"\xff\xd8" + bytes(range(256)) * 50 + b"\xff\xd9")
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" * 100)
    created = world.violations.create_manual(
        officer, world.cameras[1], " 7/7/c ", "29-m1  123.45",
        [ManualEvidence(frame, "image", world.clock.now), ManualEvidence(clip, "clip")])
    assert (created.state, created.version, created.plate, created.type_code) == (
        S.DETECTED, 1, "29-M1 123.45", "7/7/c")
    assert [e.sha256 for e in created.evidence] == [
        hashlib.sha256(frame.read_bytes()).hexdigest(),
        hashlib.sha256(clip.read_bytes()).hexdigest()]
    with migrated_db.session() as session:
        stored = session.scalars(sa.select(Evidence).where(
            Evidence.violation_id == created.id)).all()
        assert {e.path for e in stored} == {str(frame), str(clip)}
    entry = world.audit.query(world.admin, AuditQuery(
        action=AuditAction.VIOLATION_CREATED)).records[0]
    assert entry.user_id == officer.user_id and entry.details["manual"] is True
    assert world.violations.view(officer, created.id).evidence == created.evidence

    with pytest.raises(ReviewError, match="cannot be read"):
        world.violations.create_manual(officer, world.cameras[0], "7/7/c", None,
                                       [ManualEvidence(tmp_path / "missing.jpg")])
    with pytest.raises(ReviewError, match="at least one"):
        world.violations.create_manual(officer, world.cameras[0], "7/7/c", None, [])
    with pytest.raises(ReviewError, match="does not exist"):
        world.violations.create_manual(officer, 99_999, "7/7/c", None, [ManualEvidence(frame)])
    with pytest.raises(ReviewError, match="licence plate"):
        world.violations.create_manual(officer, world.cameras[0], "7/7/c", "biển số?",
                                       [ManualEvidence(frame)])
    with pytest.raises(PermissionDenied):
        world.violations.create_manual(world.admin, world.cameras[0], "7/7/c", None,
                                       [ManualEvidence(frame)])


def test_correct_plate_before_approval_only(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    officer, supervisor = world.by_role["duty_officer"], world.by_role["supervisor"]
    vid = insert_violation(migrated_db, world.cameras[0])
    corrected = world.violations.correct_plate(officer, vid, 1, "30a-123.46", "Số cuối là 6")
    assert (corrected.plate, corrected.plate_confidence, corrected.version) == (
        "30A-123.46", None, 2)
    with pytest.raises(ReviewError, match="already"):
        world.violations.correct_plate(officer, vid, 2, "30A-123.46")
    entry = world.audit.query(supervisor, AuditQuery(
        action=AuditAction.PLATE_CORRECTED)).records[0]
    assert entry.details == {"old": "30A-123.45", "old_confidence": 0.91, "new": "30A-123.46",
                             "reason": "Số cuối là 6", "version": 2}
    world.violations.transition(officer, vid, 2, "verified")
    world.violations.transition(supervisor, vid, 3, "approved")
    with pytest.raises(ReviewError, match="before the violation is approved"):
        world.violations.correct_plate(supervisor, vid, 4, "30A-999.99")
    assert _row(migrated_db, vid).plate == "30A-123.46"


def test_allowed_targets_follow_role_and_state(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    vid = insert_violation(migrated_db, world.cameras[0], "verified")
    seen = world.violations.view(world.by_role["supervisor"], vid)
    assert ViolationService.allowed_targets(world.by_role["supervisor"], seen) == [
        S.APPROVED, S.REJECTED]
    assert ViolationService.allowed_targets(world.by_role["duty_officer"], seen) == [S.REJECTED]
    assert ViolationService.allowed_targets(world.admin, seen) == []
    with pytest.raises(PermissionDenied):
        world.violations.view(world.admin, vid)


@pytest.mark.parametrize("text, expected", [
    ("30A-123.45", "30A-123.45"), (" 29-m1   123.45 ", "29-M1 123.45"), ("", None),
    (None, None), ("80NG-012.34", "80NG-012.34")])
def test_normalise_plate(text: str | None, expected: str | None) -> None:
    assert normalise_plate(text) == expected


def test_normalise_plate_refuses_junk() -> None:
    for junk in ("??", "A", "30A_123", "x" * 25):
        with pytest.raises(ReviewError):
            normalise_plate(junk)
