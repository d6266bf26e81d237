"""Analytics: rule options, and live analysis switched on per camera with its frame rate.

Revision ID: 0006_analytics
Revises: 0005_review
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_analytics"
down_revision: str | None = "0005_review"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("analytics_configs") as batch:
        batch.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("enabled", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("analysis_fps", sa.Float(), nullable=False,
                                   server_default="5"))


def downgrade() -> None:
    with op.batch_alter_table("analytics_configs") as batch:
        batch.drop_column("analysis_fps")
        batch.drop_column("enabled")
        batch.drop_column("options")
