"""Review queue: one index serving a type filter together with a state filter.

Revision ID: 0007_queue_type_state
Revises: 0006_analytics
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_queue_type_state"
down_revision: str | None = "0006_analytics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_violations_type_state_detected", "violations",
                    ["type_code", "state", "detected_at"])


def downgrade() -> None:
    op.drop_index("ix_violations_type_state_detected", table_name="violations")
