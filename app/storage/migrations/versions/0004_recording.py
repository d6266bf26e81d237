"""Recording segments, retention and evidence exports.

Revision ID: 0004_recording
Revises: 0003b_tours
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op  # noqa: F401

revision: str = "0004_recording"
down_revision: str | None = "0003b_tours"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
