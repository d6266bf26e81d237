"""Camera tours of the live wall, saved per user.

Revision ID: 0003b_tours
Revises: 0003_wall_layouts
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003b_tours"
down_revision: str | None = "0003_wall_layouts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "wall_tours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("camera_ids", sa.JSON(), nullable=False),
        sa.Column("dwell_s", sa.Float(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("dwell_s >= 3", name=op.f("ck_wall_tours_dwell_s")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_wall_tours_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_tours")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_wall_tours_user_id_name")),
    )


def downgrade() -> None:
    op.drop_table("wall_tours")
