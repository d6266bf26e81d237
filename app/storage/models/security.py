"""Users, roles and the audit log.

Audit rows reference users with RESTRICT: rewriting a row (even to NULL a user) would break
the hash chain that proves the log was not edited. Users are deactivated, never deleted.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, BigId
from app.storage.types import UTCDateTime, utc_now


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    permissions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    builtin: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))  # argon2 encoded string
    role_id: Mapped[int] = mapped_column(
        sa.ForeignKey("roles.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    # {"<camera id>": ["view", "playback", ...]}; empty means the role's rights apply.
    camera_rights: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        sa.Index("ix_audit_entries_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    time: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)  # None: the system
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(64), default="")
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
