"""Violation review: who forwarded and who closed a case, indexes for the review queue.

Revision ID: 0005_review
Revises: 0004_recording
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001. SQLite cannot add
a foreign key to an existing table, hence the batch (copy-and-move) operation.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_review"
down_revision: str | None = "0004_recording"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("violations") as batch:
        batch.add_column(sa.Column("forwarded_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("forwarded_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_violations_forwarded_by_id_users"), "users",
                                 ["forwarded_by_id"], ["id"], ondelete="RESTRICT")
        batch.create_foreign_key(op.f("fk_violations_closed_by_id_users"), "users",
                                 ["closed_by_id"], ["id"], ondelete="RESTRICT")
    op.create_index("ix_violations_detected_at", "violations", ["detected_at"])
    op.create_index("ix_violations_type_detected", "violations", ["type_code", "detected_at"])


def downgrade() -> None:
    op.drop_index("ix_violations_type_detected", table_name="violations")
    op.drop_index("ix_violations_detected_at", table_name="violations")
    with op.batch_alter_table("violations") as batch:
        batch.drop_constraint(op.f("fk_violations_closed_by_id_users"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_violations_forwarded_by_id_users"), type_="foreignkey")
        batch.drop_column("closed_by_id")
        batch.drop_column("closed_at")
        batch.drop_column("forwarded_by_id")
        batch.drop_column("forwarded_at")
