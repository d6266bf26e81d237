"""The hash-chained audit trail.

Every entry carries a sequence number, the hash of the entry before it and its own hash: the
SHA-256 of a canonical JSON of (seq, time, user id, action, object type and id, details,
previous hash). Editing an entry breaks its own hash, deleting one leaves a gap in the
sequence, and moving entries around breaks the links, so ``verify()`` can name the first
entry that is no longer what was written.

Several workstations may share one database, so appends are serialised by the database
itself: PostgreSQL takes a self-conflicting table lock (readers are not blocked); SQLite takes
its single write lock with a no-op write as the first statement of the transaction (the same
as BEGIN IMMEDIATE: waiting happens up front, so a stale read snapshot can never be extended).
The unique seq column is the last line of defence.

Limit: an unkeyed chain cannot reveal that the newest entries were cut off, or that someone
with write access recomputed every hash after an edit. ``VerifyResult.head_hash`` can be
written down (or printed on a report) to anchor the chain at a point in time.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.errors import ConstraintError
from app.storage.models import AuditEntry, User
from app.storage.types import utc_now

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
MAX_PAGE = 1000
_APPEND_ATTEMPTS = 3


class AuditAction:
    """Action names written to the trail (stable: the audit view filters on them)."""

    LOGIN_SUCCESS = "login.success"
    LOGIN_FAILED = "login.failed"
    LOGIN_REFUSED_LOCKED = "login.locked"
    LOGIN_UNLOCKED = "login.unlock"
    LOGOUT = "logout"
    FIRST_ADMIN_CREATED = "user.first_admin"
    USER_CREATED = "user.create"
    USER_ROLE_CHANGED = "user.set_role"
    USER_CAMERA_RIGHTS_CHANGED = "user.set_camera_rights"
    USER_DEACTIVATED = "user.deactivate"
    USER_PASSWORD_CHANGED = "user.change_password"
    ROLE_CREATED = "role.create"
    ROLE_UPDATED = "role.update"
    ROLE_DELETED = "role.delete"
    SETTING_CHANGED = "setting.change"
    VIOLATION_CREATED = "violation.create"
    VIOLATION_VIEWED = "violation.view"
    VIOLATION_TRANSITION = "violation.transition"
    PLATE_CORRECTED = "violation.correct_plate"
    EVIDENCE_VIEWED = "evidence.view"
    EVIDENCE_EXPORTED = "evidence.export"
    EVIDENCE_ANNOTATED = "evidence.annotate"
    NOTICE_PRINTED = "notice.print"


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    time: datetime
    user_id: int | None
    action: str
    object_type: str
    object_id: str | None
    details: Mapping[str, Any]
    prev_hash: str
    hash: str
    username: str | None = None  # filled in by query()
    display_name: str | None = None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    head_hash: str = GENESIS_HASH  # hash of the last intact entry checked


@dataclass(frozen=True)
class AuditQuery:
    """Filters for the audit view; every field is optional. ``until`` is exclusive."""

    user_id: int | None = None
    action: str | None = None
    action_prefix: str | None = None  # e.g. "login." for every log-in event
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class AuditPage:
    records: tuple[AuditRecord, ...]
    total: int
    offset: int
    limit: int = field(default=100)


def canonical_details(details: Mapping[str, Any] | None) -> dict[str, Any]:
    """``details`` as plain JSON data (what the database will hand back); dates become text."""
    text = json.dumps(dict(details or {}), ensure_ascii=False, allow_nan=False, default=str)
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


def entry_hash(seq: int, time: datetime, user_id: int | None, action: str, object_type: str,
               object_id: str | None, details: Mapping[str, Any], prev_hash: str) -> str:
    payload = {
        "seq": seq,
        "time": time.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": user_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SECRET_KEY = re.compile(r"pass|secret|token|credential|key", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


def redact_setting(name: str, value: Any) -> Any:
    """What may be written about a setting's value: secrets never enter the trail."""
    if _SECRET_KEY.search(name):
        return "***"
    if isinstance(value, str):
        return _URL_PASSWORD.sub(r"\1***@", value)
    return value


def _record(row: Any, username: str | None = None, display_name: str | None = None
            ) -> AuditRecord:
    return AuditRecord(seq=row.seq, time=row.time, user_id=row.user_id, action=row.action,
                       object_type=row.object_type, object_id=row.object_id,
                       details=dict(row.details or {}), prev_hash=row.prev_hash,
                       hash=row.hash, username=username, display_name=display_name)


class AuditTrail:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._clock = clock

    # ------------------------------------------------------------------ writing
    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that holds the audit write lock from its first statement.

        Services that change data and audit it do both inside one of these, so the change
        and its entry are committed together or not at all.
        """
        with self._db.session() as session:
            self._lock(session)
            yield session

    def _lock(self, session: Session) -> None:
        if self._db.is_sqlite:
            # A write that matches nothing still takes SQLite's write lock, waiting for it
            # (busy_timeout) before any snapshot is read.
            session.execute(sa.text("UPDATE audit_entries SET seq = seq WHERE 0 = 1"))
        else:
            session.execute(sa.text("LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE"))

    def append(self, actor: Principal | None, action: str, object_type: str = "",
               object_id: str | int | None = None,
               details: Mapping[str, Any] | None = None) -> AuditRecord:
        """Append one entry in its own transaction."""
        for attempt in range(1, _APPEND_ATTEMPTS + 1):
            try:
                with self.transaction() as session:
                    return self.append_in(session, actor, action, object_type, object_id,
                                          details)
            except ConstraintError:
                # Only reachable if something bypassed the lock; the seq was taken, retry.
                if attempt == _APPEND_ATTEMPTS:
                    raise
                log.warning("audit seq collision; retrying (%d)", attempt)
        raise AssertionError("unreachable")

    def append_in(self, session: Session, actor: Principal | None, action: str,
                  object_type: str = "", object_id: str | int | None = None,
                  details: Mapping[str, Any] | None = None) -> AuditRecord:
        """Append inside ``session`` (which should come from ``transaction()``)."""
        if not action:
            raise ValueError("An audit entry needs an action.")
        self._lock(session)  # no-op when transaction() already holds it
        last = session.execute(
            sa.select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
        time = self._clock().astimezone(UTC)
        user_id = actor.user_id if actor else None
        clean = canonical_details(details)
        oid = None if object_id is None else str(object_id)
        digest = entry_hash(seq, time, user_id, action, object_type, oid, clean, prev_hash)
        row = AuditEntry(seq=seq, time=time, user_id=user_id, action=action,
                         object_type=object_type, object_id=oid, details=clean,
                         prev_hash=prev_hash, hash=digest)
        session.add(row)
        session.flush()
        return _record(row, actor.username if actor else None,
                       actor.display_name if actor else None)

    def setting_changed(self, actor: Principal | None, name: str, old: Any, new: Any,
                        session: Session | None = None) -> AuditRecord:
        details = {"name": name, "old": redact_setting(name, old),
                   "new": redact_setting(name, new)}
        if session is not None:
            return self.append_in(session, actor, AuditAction.SETTING_CHANGED, "setting", name,
                                  details)
        return self.append(actor, AuditAction.SETTING_CHANGED, "setting", name, details)

    # ---------------------------------------------------------------- verifying
    def verify(self, batch: int = 10_000) -> VerifyResult:
        """Walk the whole chain in seq order, ``batch`` rows at a time; stop at the first break."""
        if batch < 1:
            raise ValueError("batch must be at least 1")
        table = AuditEntry.__table__
        columns = [table.c.seq, table.c.time, table.c.user_id, table.c.action,
                   table.c.object_type, table.c.object_id, table.c.details,
                   table.c.prev_hash, table.c.hash]
        expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
        with self._db.session() as session:
            while True:
                statement = sa.select(*columns).order_by(table.c.seq).limit(batch)
                if checked:  # keyset paging: never OFFSET over millions of rows
                    statement = statement.where(table.c.seq >= expected_seq)
                rows = session.execute(statement).all()
                if not rows:
                    return VerifyResult(True, checked, head_hash=prev_hash)
                for row in rows:
                    broken = self._check(row, expected_seq, prev_hash)
                    if broken is not None:
                        seq, reason = broken
                        log.warning("audit chain broken at #%d: %s", seq, reason)
                        return VerifyResult(False, checked, seq, reason, prev_hash)
                    checked += 1
                    expected_seq, prev_hash = row.seq + 1, row.hash

    @staticmethod
    def _check(row: Any, expected_seq: int, prev_hash: str) -> tuple[int, str] | None:
        if row.seq < expected_seq:
            return row.seq, f"entry #{row.seq} does not belong before entry #{expected_seq}"
        if row.seq != expected_seq:
            return expected_seq, (f"entry #{expected_seq} is missing (deleted?); the next "
                                  f"entry is #{row.seq}")
        if row.prev_hash != prev_hash:
            return row.seq, (f"its link to entry #{row.seq - 1} does not match (entries "
                             f"reordered, replaced or removed)")
        details = row.details if isinstance(row.details, dict) else {}
        actual = entry_hash(row.seq, row.time, row.user_id, row.action, row.object_type,
                            row.object_id, details, row.prev_hash)
        if actual != row.hash:
            return row.seq, "its content no longer matches its hash (the entry was edited)"
        return None

    # ------------------------------------------------------------------ reading
    def query(self, principal: Principal | None, filters: AuditQuery | None = None
              ) -> AuditPage:
        """A page of entries, newest first, for the audit view (needs view_audit)."""
        require(principal, Permission.VIEW_AUDIT)
        f = filters or AuditQuery()
        if f.offset < 0 or not 1 <= f.limit <= MAX_PAGE:
            raise ValueError(f"Page limits: offset ≥ 0 and 1 ≤ limit ≤ {MAX_PAGE}.")
        conditions = _conditions(f)
        with self._db.session() as session:
            total = session.execute(
                sa.select(sa.func.count()).select_from(AuditEntry).where(*conditions)
            ).scalar_one()
            rows = session.execute(
                sa.select(AuditEntry, User.username, User.display_name)
                .outerjoin(User, User.id == AuditEntry.user_id)
                .where(*conditions).order_by(AuditEntry.seq.desc())
                .offset(f.offset).limit(f.limit)).all()
            records = tuple(_record(entry, username, display)
                            for entry, username, display in rows)
        return AuditPage(records, int(total), f.offset, f.limit)

    def known_users(self, principal: Principal | None) -> list[tuple[int, str, str]]:
        """(id, user name, display name) of every account, for the audit view's user filter.

        Needs only view_audit: a supervisor reads the trail without managing accounts.
        """
        require(principal, Permission.VIEW_AUDIT)
        with self._db.session() as session:
            rows = session.execute(sa.select(User.id, User.username, User.display_name)
                                   .order_by(User.username)).all()
        return [(int(r.id), str(r.username), str(r.display_name or "")) for r in rows]

    def latest(self, object_type: str, object_id: str, actions: tuple[str, ...] = (),
               since: datetime | None = None, limit: int = 10,
               session: Session | None = None) -> list[AuditRecord]:
        """Newest entries about one object (core use: lock-out, who decided last)."""
        f = AuditQuery(object_type=object_type, object_id=object_id, since=since)
        conditions = _conditions(f)
        if actions:
            conditions.append(AuditEntry.action.in_(actions))
        statement = (sa.select(AuditEntry, User.username, User.display_name)
                     .outerjoin(User, User.id == AuditEntry.user_id)
                     .where(*conditions).order_by(AuditEntry.seq.desc()).limit(limit))
        if session is not None:
            return [_record(e, u, d) for e, u, d in session.execute(statement).all()]
        with self._db.session() as own:
            return [_record(e, u, d) for e, u, d in own.execute(statement).all()]


def _conditions(f: AuditQuery) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if f.user_id is not None:
        conditions.append(AuditEntry.user_id == f.user_id)
    if f.action:
        conditions.append(AuditEntry.action == f.action)
    if f.action_prefix:
        escaped = f.action_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(AuditEntry.action.like(escaped + "%", escape="\\"))
    if f.object_type is not None:
        conditions.append(AuditEntry.object_type == f.object_type)
    if f.object_id is not None:
        conditions.append(AuditEntry.object_id == f.object_id)
    if f.since is not None:
        conditions.append(AuditEntry.time >= f.since)
    if f.until is not None:
        conditions.append(AuditEntry.time < f.until)
    return conditions
