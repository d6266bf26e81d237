"""The hash-chained audit trail on SQLite and PostgreSQL: appends, tampering, queries."""
from __future__ import annotations

import threading
from datetime import timedelta
from typing import cast

import pytest
import sqlalchemy as sa

from app.security.audit import (
    GENESIS_HASH,
    AuditAction,
    AuditQuery,
    AuditTrail,
    entry_hash,
    redact_setting,
)
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.models import AuditEntry
from tests.security_support import T0, FakeClock, build_world

ENTRIES = cast(sa.Table, AuditEntry.__table__)


def _fill(audit: AuditTrail, count: int) -> None:
    with audit.transaction() as session:
        for number in range(count):
            audit.append_in(session, None, "test.entry", "thing", number,
                            {"n": number, "tên": "Ngã tư Hòa Bình", "ratio": number / 7})


def _update(db: Database, seq: int, **values: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.update(ENTRIES).where(ENTRIES.c.seq == seq).values(**values))


def _swap_positions(db: Database, first: int, second: int, *, rehash: bool = False) -> None:
    """Move two entries into each other's place in the chain (optionally re-hashed)."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(ENTRIES).where(ENTRIES.c.seq == first).values(seq=-1))
        connection.execute(sa.update(ENTRIES).where(ENTRIES.c.seq == second).values(seq=first))
        connection.execute(sa.update(ENTRIES).where(ENTRIES.c.seq == -1).values(seq=second))
        if rehash:  # an attacker who knows the formula recomputes each moved row's own hash
            for seq in (first, second):
                row = connection.execute(sa.select(ENTRIES).where(ENTRIES.c.seq == seq)).one()
                digest = entry_hash(row.seq, row.time, row.user_id, row.action,
                                    row.object_type, row.object_id, row.details, row.prev_hash)
                connection.execute(sa.update(ENTRIES).where(ENTRIES.c.seq == seq)
                                   .values(hash=digest))


def test_append_links_each_entry_to_the_one_before(migrated_db: Database) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    assert audit.verify().ok and audit.verify().checked == 0
    first = audit.append(None, "system.start", details={"when": T0, "b": 1, "a": [1, 2]})
    second = audit.append(None, "system.stop", "camera", 12)
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash, second.object_id) == (2, first.hash, "12")
    assert first.details == {"when": "2025-03-01 01:00:00+00:00", "b": 1, "a": [1, 2]}
    assert first.hash == entry_hash(1, first.time, None, "system.start", "", None,
                                    {"a": [1, 2], "b": 1, "when": str(T0)}, GENESIS_HASH)
    result = audit.verify()
    assert (result.ok, result.checked, result.head_hash) == (True, 2, second.hash)
    with pytest.raises(ValueError):
        audit.append(None, "")
    with pytest.raises(ValueError):
        audit.append(None, "x", details={"bad": float("nan")})


def test_intact_chain_of_1000_entries_verifies_in_batches(migrated_db: Database) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    _fill(audit, 1000)
    for batch in (64, 1000, 10_000):
        result = audit.verify(batch=batch)
        assert (result.ok, result.checked, result.first_broken_seq) == (True, 1000, None)


@pytest.mark.parametrize("column, value", [
    ("details", {"n": 499, "tên": "Ngã tư Hòa Bình", "ratio": 0}),
    ("action", "test.other"),
    ("object_id", "4990"),
    ("time", T0 + timedelta(seconds=1)),
])
def test_an_edited_entry_is_named(migrated_db: Database, column: str, value: object) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    _fill(audit, 600)
    _update(migrated_db, 500, **{column: value})
    result = audit.verify(batch=128)
    assert (result.ok, result.first_broken_seq, result.checked) == (False, 500, 499)
    assert "edited" in result.reason


def test_an_edited_user_is_detected(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    login = world.audit.query(world.admin, AuditQuery(action=AuditAction.LOGIN_SUCCESS,
                                                       limit=1)).records[0]
    _update(migrated_db, login.seq, user_id=world.admin.user_id)
    result = world.audit.verify()
    assert (result.ok, result.first_broken_seq) == (False, login.seq)


@pytest.mark.parametrize("deleted", [1, 333, 600])
def test_a_deleted_entry_leaves_a_named_gap(migrated_db: Database, deleted: int) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    _fill(audit, 601)
    with migrated_db.engine.begin() as connection:
        connection.execute(sa.delete(ENTRIES).where(ENTRIES.c.seq == deleted))
    result = audit.verify(batch=100)
    assert (result.ok, result.first_broken_seq) == (False, deleted)
    assert "missing" in result.reason and f"#{deleted + 1}" in result.reason


@pytest.mark.parametrize("rehash", [False, True], ids=["plain", "rehashed"])
def test_reordered_entries_are_named(migrated_db: Database, rehash: bool) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    _fill(audit, 300)
    _swap_positions(migrated_db, 120, 250, rehash=rehash)
    result = audit.verify(batch=50)
    assert (result.ok, result.first_broken_seq) == (False, 120)
    assert "link" in result.reason


def test_swapped_neighbours_are_named(migrated_db: Database) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    _fill(audit, 20)
    _swap_positions(migrated_db, 7, 8, rehash=True)
    result = audit.verify()
    assert (result.ok, result.first_broken_seq) == (False, 7)


def test_concurrent_appends_from_several_workstations(migrated_db: Database) -> None:
    url = migrated_db.url.render_as_string(hide_password=False)
    workstations = [Database.open(url) for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(workstations))

    def work(index: int, db: Database) -> None:
        try:
            audit = AuditTrail(db)
            start.wait()
            for number in range(25):
                audit.append(None, "test.concurrent", "workstation", index, {"n": number})
        except BaseException as exc:  # noqa: BLE001 (re-checked in the test's thread)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, db)) for i, db in enumerate(workstations)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for db in workstations:
            db.dispose()
    assert not errors, errors
    result = AuditTrail(migrated_db).verify()
    assert (result.ok, result.checked) == (True, 100)
    with migrated_db.session() as session:
        seqs = session.execute(sa.select(AuditEntry.seq).order_by(AuditEntry.seq)).scalars()
        assert list(seqs) == list(range(1, 101))


def test_query_filters_and_pages(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    audit, admin, clock = world.audit, world.admin, world.clock
    with pytest.raises(PermissionDenied):
        audit.query(world.by_role["duty_officer"])
    officer = world.by_role["duty_officer"]
    clock.advance(hours=1)
    middle = clock.now
    for number in range(30):
        audit.append(officer, "test.paged", "camera", number % 3, {"n": number})
    everything = audit.query(admin, AuditQuery(limit=1000))
    assert everything.total == len(everything.records) == 9 + 30  # set-up: 1 + 4 + 4
    assert [r.seq for r in everything.records] == sorted(
        (r.seq for r in everything.records), reverse=True)

    page = audit.query(admin, AuditQuery(action="test.paged", offset=10, limit=10))
    assert page.total == 30 and [r.details["n"] for r in page.records] == list(range(19, 9, -1))
    assert {r.username for r in page.records} == {officer.username}
    assert {r.display_name for r in page.records} == {officer.display_name}
    by_user = audit.query(admin, AuditQuery(user_id=officer.user_id, limit=1000))
    assert by_user.total == 31  # its own log-in plus the 30 entries
    by_object = audit.query(admin, AuditQuery(object_type="camera", object_id="2"))
    assert by_object.total == 10
    logins = audit.query(admin, AuditQuery(action_prefix="login.", limit=1000))
    assert logins.total == 4 and all(r.action == "login.success" for r in logins.records)
    assert audit.query(admin, AuditQuery(action_prefix="login%")).total == 0
    before = audit.query(admin, AuditQuery(until=middle, limit=1000))
    after = audit.query(admin, AuditQuery(since=middle, limit=1000))
    assert after.total == 30 and before.total + after.total == everything.total
    with pytest.raises(ValueError):
        audit.query(admin, AuditQuery(limit=0))


def test_setting_changes_are_audited_without_secrets(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    url = "postgresql+psycopg://trucban:bí-mật@127.0.0.1:5432/trucban"
    world.audit.setting_changed(world.admin, "database_url", "", url)
    world.audit.setting_changed(world.admin, "smtp_password", "cũ-bí-mật", "mới-bí-mật")
    world.audit.setting_changed(world.admin, "idle_lock_minutes", 10, 5)
    page = world.audit.query(world.admin, AuditQuery(action=AuditAction.SETTING_CHANGED))
    details = {r.object_id: r.details for r in page.records}
    assert details["database_url"]["new"] == (
        "postgresql+psycopg://trucban:***@127.0.0.1:5432/trucban")
    assert details["smtp_password"] == {"name": "smtp_password", "old": "***", "new": "***"}
    assert details["idle_lock_minutes"] == {"name": "idle_lock_minutes", "old": 10, "new": 5}
    assert "bí-mật" not in repr(page)
    assert redact_setting("camera_api_key", "x") == "***"
