"""Maintenance schedules: service interval and next due date per camera.

Revision ID: 0002_maintenance
Revises: 0001
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_maintenance"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "maintenance_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=False),
        sa.Column("last_done", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("interval_days > 0",
                           name=op.f("ck_maintenance_schedules_interval_days")),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_maintenance_schedules_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_schedules")),
        sa.UniqueConstraint("camera_id", name=op.f("uq_maintenance_schedules_camera_id")),
    )
    op.create_index("ix_maintenance_schedules_next_due", "maintenance_schedules", ["next_due"])


def downgrade() -> None:
    op.drop_table("maintenance_schedules")
