"""Violations and their evidence.

Evidence is never removed as a side effect: every foreign key that could take evidence or a
violation with it is RESTRICT, so deleting a camera, violation or user that evidence still
points at fails loudly instead.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, CreatedUpdated
from app.storage.types import UTCDateTime, utc_now

EVIDENCE_KINDS = ("image", "clip", "snapshot")


class Violation(Base):
    __tablename__ = "violations"
    __table_args__ = (
        sa.Index("ix_violations_state_detected", "state", "detected_at"),
        sa.Index("ix_violations_camera_detected", "camera_id", "detected_at"),
        # The review queue sorts by time with no other filter, or filters by type.
        sa.Index("ix_violations_detected_at", "detected_at"),
        sa.Index("ix_violations_type_detected", "type_code", "detected_at"),
        sa.Index("ix_violations_type_state_detected", "type_code", "state", "detected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"))
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True)
    type_code: Mapped[str] = mapped_column(sa.String(32))  # catalogue entry, e.g. "6/9/b"
    plate: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    plate_confidence: Mapped[float | None] = mapped_column(sa.Float)
    state: Mapped[str] = mapped_column(sa.String(24), default="detected")
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forwarded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"))
    # The final decision (fined, closed or rejected): when and by whom.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"))
    reject_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Printed on the notice so the owner can look the case up.
    lookup_code: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    version: Mapped[int] = mapped_column(sa.Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (sa.CheckConstraint(
        "kind IN (" + ", ".join(repr(k) for k in EVIDENCE_KINDS) + ")", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    violation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("violations.id", ondelete="RESTRICT"), index=True)
    # None for evidence cut from imported footage.
    camera_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cameras.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    path: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Annotation(CreatedUpdated, Base):
    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        sa.ForeignKey("evidence.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))  # box, arrow, text, blur...
    geometry: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(sa.Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
