"""Helpers shared by the security, audit and review tests (no fixtures with side effects)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher

from app.review.states import ViolationState
from app.review.workflow import ViolationService
from app.security.audit import AuditTrail
from app.security.permissions import BUILTIN_ROLES, Principal
from app.security.users import UserService
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.models import Violation
from app.storage.repositories import CameraRepository

# Cheap argon2id parameters: the tests check behaviour, not hashing cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
T0 = datetime(2025, 3, 1, 1, 0, tzinfo=UTC)
PASSWORD = "mật-khẩu-đủ-dài-1"


class FakeClock:
    """A UTC wall clock that moves only when told (every call returns a new microsecond)."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    db: Database
    clock: FakeClock
    audit: AuditTrail
    users: UserService
    violations: ViolationService
    admin: Principal
    by_role: dict[str, Principal] = field(default_factory=dict)
    cameras: list[int] = field(default_factory=list)


def build_world(db: Database, *, max_failed_attempts: int = 5,
                lockout_minutes: float = 15) -> World:
    """Services on ``db``, a first administrator, one user per built-in role, two cameras."""
    clock = FakeClock()
    audit = AuditTrail(db, clock=clock)
    users = UserService(db, audit, hasher=FAST_HASHER, max_failed_attempts=max_failed_attempts,
                        lockout_minutes=lockout_minutes, clock=clock)
    admin = users.create_first_admin("quantri", PASSWORD, "Quản Trị Viên Một")
    world = World(db, clock, audit, users, ViolationService(db, audit, clock=clock), admin)
    for role in BUILTIN_ROLES:
        username = f"{role}_1"
        users.create_user(admin, username, PASSWORD, f"Người dùng {role}", role)
        world.by_role[role] = users.authenticate(username, PASSWORD)
    cameras = CameraRepository(db)
    for number in (1, 2):
        world.cameras.append(cameras.add(CameraCreate(
            name=f"Camera {number}", host=f"10.0.0.{number}", port=80)).id)
    return world


def sqlite_world(folder: Path) -> Iterator[World]:
    """build_world on a migrated SQLite database in ``folder``, disposed afterwards (for a
    fixture: ``yield from sqlite_world(tmp_path)``)."""
    db = Database.open(f"sqlite:///{folder / 'trucban.db'}")
    db.upgrade()
    try:
        yield build_world(db)
    finally:
        db.dispose()


def insert_violation(db: Database, camera_id: int, state: ViolationState | str = "detected",
                     plate: str | None = "30A-123.45") -> int:
    """A violation as the analytics would file it (straight into the table)."""
    with db.session() as session:
        row = Violation(camera_id=camera_id, type_code="6/9/b", plate=plate,
                        plate_confidence=0.91, state=str(state), detected_at=T0)
        session.add(row)
        session.flush()
        return row.id
