"""Wall layouts and presets saved per user.

Revision ID: 0003_wall_layouts
Revises: 0002_maintenance
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_wall_layouts"
down_revision: str | None = "0002_maintenance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def _user_column() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("user_id", sa.Integer(), nullable=True)


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "wall_layouts",
        sa.Column("id", sa.Integer(), nullable=False),
        _user_column(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        _user_fk("wall_layouts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_layouts")),
    )
    op.create_index(op.f("ix_wall_layouts_user_id"), "wall_layouts", ["user_id"])
    op.create_table(
        "wall_screen_layouts",
        sa.Column("id", sa.Integer(), nullable=False),
        _user_column(),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("screen_index", sa.Integer(), nullable=False),
        sa.Column("screen_name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        _user_fk("wall_screen_layouts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_screen_layouts")),
    )
    op.create_index(op.f("ix_wall_screen_layouts_user_id"), "wall_screen_layouts", ["user_id"])
    op.create_table(
        "wall_presets",
        sa.Column("id", sa.Integer(), nullable=False),
        _user_column(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        _user_fk("wall_presets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_presets")),
    )
    op.create_index(op.f("ix_wall_presets_user_id"), "wall_presets", ["user_id"])
    op.create_table(
        "wall_preset_screens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("preset_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("screen_index", sa.Integer(), nullable=False),
        sa.Column("screen_name", sa.String(length=200), nullable=False),
        sa.Column("full_screen", sa.Boolean(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["preset_id"], ["wall_presets.id"],
                                name=op.f("fk_wall_preset_screens_preset_id_wall_presets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_preset_screens")),
        sa.UniqueConstraint("preset_id", "position",
                            name=op.f("uq_wall_preset_screens_preset_id_position")),
    )
    op.create_index(op.f("ix_wall_preset_screens_preset_id"), "wall_preset_screens",
                    ["preset_id"])


def downgrade() -> None:
    op.drop_table("wall_preset_screens")
    op.drop_table("wall_presets")
    op.drop_table("wall_screen_layouts")
    op.drop_table("wall_layouts")
