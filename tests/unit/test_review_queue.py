"""The review queue: filters, sorting, paging and camera rights, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.hashing import sha256_file
from app.review.queue import QueueQuery, QueueSort, ReviewQueue
from app.review.states import ReviewError, ViolationState
from app.review.workflow import ManualEvidence
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.models import Evidence, Violation
from tests.security_support import PASSWORD, T0, build_world

CASES = [  # (camera index, type, plate, state, minutes after T0)
    (0, "6/9/b", "30A-123.45", "detected", 0),
    (0, "7/7/c", "29-M1 123.45", "detected", 5),
    (1, "7/7/c", "29-M1 678.90", "verified", 10),
    (1, "7/2/h", None, "detected", 15),
    (0, "6/9/b", "51G-888.88", "rejected", 20),
]


def _fill(db: Database, cameras: list[int]) -> list[int]:
    ids = []
    with db.session() as session:
        for camera, code, plate, state, minutes in CASES:
            row = Violation(camera_id=cameras[camera], type_code=code, plate=plate,
                            state=state, detected_at=T0 + timedelta(minutes=minutes))
            session.add(row)
            session.flush()
            ids.append(row.id)
    return ids


def test_filters_sorting_and_paging(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    ids = _fill(migrated_db, world.cameras)
    queue = ReviewQueue(migrated_db)
    officer = world.by_role["duty_officer"]

    everything = queue.page(officer)
    assert [v.id for v in everything.items] == list(reversed(ids))  # newest first
    assert everything.total == 5 and not everything.has_next

    oldest_first = queue.page(officer, QueueQuery(descending=False, limit=2))
    assert [v.id for v in oldest_first.items] == ids[:2]
    assert oldest_first.total == 5 and oldest_first.has_next
    second = queue.page(officer, QueueQuery(descending=False, limit=2, offset=2))
    assert [v.id for v in second.items] == ids[2:4] and second.has_previous

    def found(**filters: object) -> list[int]:
        return [v.id for v in queue.page(officer, QueueQuery(**filters)).items]  # type: ignore[arg-type]

    assert found(camera_ids=(world.cameras[1],)) == [ids[3], ids[2]]
    assert found(type_codes=("7/7/c",)) == [ids[2], ids[1]]
    assert found(states=(ViolationState.DETECTED,)) == [ids[3], ids[1], ids[0]]
    assert found(since=T0 + timedelta(minutes=5), until=T0 + timedelta(minutes=15)) == [
        ids[2], ids[1]]
    assert found(plate_contains="29-m1") == [ids[2], ids[1]]
    assert found(plate_contains="29M1") == [ids[2], ids[1]]  # spaces and case ignored
    assert found(plate_contains="123.45") == [ids[1], ids[0]]
    assert found(plate_contains="29m1 67890") == [ids[2]]
    assert found(plate_contains="%") == []  # a LIKE wildcard is a plain character here
    by_plate = [v.plate for v in queue.page(officer, QueueQuery(
        sort=QueueSort.PLATE, descending=False)).items]
    assert by_plate == sorted(p for p in by_plate if p) + [None]  # unread plates last
    assert queue.type_codes(officer) == ["6/9/b", "7/2/h", "7/7/c"]

    with pytest.raises(ReviewError, match="after its start"):
        queue.page(officer, QueueQuery(since=T0, until=T0))
    with pytest.raises(ReviewError, match="Page limits"):
        queue.page(officer, QueueQuery(limit=0))


def test_camera_rights_limit_the_queue(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    ids = _fill(migrated_db, world.cameras)
    cam1, cam2 = world.cameras
    queue = ReviewQueue(migrated_db)
    officer = world.by_role["duty_officer"]
    world.users.set_camera_rights(world.admin, officer.user_id, {cam2: []})
    officer = world.users.authenticate(officer.username, PASSWORD)

    page = queue.page(officer)
    assert {v.camera_id for v in page.items} == {cam2} and page.total == 2
    assert [v.id for v in page.items] == [ids[3], ids[2]]
    # Asking for a camera he may not see gives nothing, not an error that reveals it.
    assert queue.page(officer, QueueQuery(camera_ids=(cam1,))).total == 0
    assert queue.type_codes(officer) == ["7/2/h", "7/7/c"]

    # Rights on camera 1 that do not include viewing cases: still nothing from camera 1.
    world.users.set_camera_rights(world.admin, officer.user_id, {cam1: ["view_live"]})
    officer = world.users.authenticate(officer.username, PASSWORD)
    assert queue.page(officer).total == 0


def test_queue_needs_view_violations(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    queue = ReviewQueue(migrated_db)
    with pytest.raises(PermissionDenied):
        queue.page(world.admin)  # the administrator takes no part in cases
    with pytest.raises(PermissionDenied):
        queue.page(None)
    for role in ("duty_officer", "investigator", "supervisor"):
        assert queue.page(world.by_role[role]).total == 0


def test_queue_carries_evidence_and_decision_fields(migrated_db: Database,
                                                    tmp_path: Path) -> None:
    world = build_world(migrated_db)
    frame = tmp_path / "frame.jpg"
    frame.write_bytes(b"\xff\xd8 khung hinh \xff\xd9")
    officer, boss = world.by_role["duty_officer"], world.by_role["supervisor"]
    created = world.violations.create_manual(officer, world.cameras[0], "7/7/c",
                                             "29-M1 123.45", [ManualEvidence(frame)])
    v = world.violations.transition(officer, created.id, created.version, "verified")
    v = world.violations.transition(boss, v.id, v.version, "approved")
    v = world.violations.transition(boss, v.id, v.version, "forwarded")
    assert v.forwarded_by_id == boss.user_id and v.forwarded_at is not None
    v = world.violations.transition(boss, v.id, v.version, "closed")
    assert v.closed_by_id == boss.user_id and v.closed_at is not None
    [listed] = queue_items = ReviewQueue(migrated_db).page(boss).items
    assert listed.state is ViolationState.CLOSED and len(listed.evidence) == 1
    assert queue_items[0].evidence[0].path == str(frame)


def test_queue_query_uses_an_index(migrated_db: Database) -> None:
    """The time-sorted queue must not scan the table on SQLite (PostgreSQL plans by cost)."""
    if not migrated_db.is_sqlite:
        pytest.skip("plan shape is cost-based on PostgreSQL")
    with migrated_db.session() as session:
        plan = " ".join(str(r[-1]) for r in session.execute(sa.text(
            "EXPLAIN QUERY PLAN SELECT id FROM violations WHERE type_code = '7/7/c' "
            "ORDER BY detected_at DESC LIMIT 50")))
        assert "ix_violations_type_detected" in plan, plan
        plan = " ".join(str(r[-1]) for r in session.execute(sa.text(
            "EXPLAIN QUERY PLAN SELECT id FROM violations ORDER BY detected_at DESC LIMIT 50")))
        assert "ix_violations_detected_at" in plan, plan


def test_new_violation_from_a_stored_snapshot(migrated_db: Database, tmp_path: Path) -> None:
    world = build_world(migrated_db)
    officer = world.by_role["duty_officer"]
    snapshot = tmp_path / "anh-chup.jpg"
    snapshot.write_bytes(b"\xff\xd8 snapshot \xff\xd9")
    with migrated_db.session() as session:
        row = Evidence(camera_id=world.cameras[1], kind="snapshot", path=str(snapshot),
                       sha256=sha256_file(snapshot), captured_at=T0, source="snapshot")
        session.add(row)
        session.flush()
        evidence_id = row.id
    created = world.violations.create_from_snapshot(officer, evidence_id, "7/2/h", "")
    assert created.camera_id == world.cameras[1] and created.detected_at == T0
    assert created.evidence[0].sha256 == sha256_file(snapshot)
    with pytest.raises(PermissionDenied):
        world.violations.create_from_snapshot(world.admin, evidence_id, "7/2/h")
    snapshot.write_bytes(b"changed")
    with pytest.raises(ReviewError, match="no longer matches"):
        world.violations.create_from_snapshot(officer, evidence_id, "7/2/h")
    with pytest.raises(ReviewError, match="does not exist"):
        world.violations.create_from_snapshot(officer, 9999, "7/2/h")

    copied = world.violations.evidence_file(tmp_path / "ev", snapshot)
    assert copied.path.read_bytes() == b"changed" and copied.path.name.startswith(
        sha256_file(snapshot))
    assert snapshot.read_bytes() == b"changed"
