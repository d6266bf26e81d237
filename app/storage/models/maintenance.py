"""Preventive maintenance plans: how often each camera is serviced and when it is next due."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, CreatedUpdated


class MaintenanceSchedule(CreatedUpdated, Base):
    """One plan per camera; deleted with the camera (the tickets are the kept history)."""

    __tablename__ = "maintenance_schedules"
    __table_args__ = (
        sa.CheckConstraint("interval_days > 0", name="interval_days"),
        sa.Index("ix_maintenance_schedules_next_due", "next_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cameras.id", ondelete="CASCADE"), unique=True)
    interval_days: Mapped[int] = mapped_column(sa.Integer)
    next_due: Mapped[date] = mapped_column(sa.Date)
    last_done: Mapped[date | None] = mapped_column(sa.Date)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
