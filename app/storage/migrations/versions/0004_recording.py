"""Recording segments, retention and evidence exports.

Revision ID: 0004_recording
Revises: 0003b_tours
Create Date: 2026-11-23

Column types are spelled out here (not imported from the app), as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_recording"
down_revision: str | None = "0003b_tours"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "recording_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("stream", sa.String(length=32), nullable=False),
        sa.Column("segment_s", sa.Integer(), nullable=False),
        sa.Column("pre_event_s", sa.Integer(), nullable=False),
        sa.Column("post_event_s", sa.Integer(), nullable=False),
        sa.CheckConstraint("mode IN ('continuous', 'event')",
                           name=op.f("ck_recording_channels_mode")),
        sa.CheckConstraint("segment_s >= 1", name=op.f("ck_recording_channels_segment_s")),
        sa.ForeignKeyConstraint(["camera_id"], ["cameras.id"],
                                name=op.f("fk_recording_channels_camera_id_cameras"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_channels")),
        sa.UniqueConstraint("camera_id", name=op.f("uq_recording_channels_camera_id")),
    )
    op.create_table(
        "recording_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("start_at", UTC_TIME, nullable=False),
        sa.Column("end_at", UTC_TIME, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("case_number", sa.String(length=64), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["camera_id"], ["cameras.id"],
                                name=op.f("fk_recording_holds_camera_id_cameras"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"],
                                name=op.f("fk_recording_holds_evidence_id_evidence"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_recording_holds_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_holds")),
    )
    op.create_index("ix_recording_holds_camera_range", "recording_holds",
                    ["camera_id", "start_at"])
    op.create_index(op.f("ix_recording_holds_case_number"), "recording_holds", ["case_number"])
    op.create_index(op.f("ix_recording_holds_evidence_id"), "recording_holds", ["evidence_id"])

    with op.batch_alter_table("recordings") as batch:
        batch.add_column(sa.Column("stream", sa.String(length=32), nullable=False,
                                   server_default=""))
        batch.create_index("ix_recordings_status", ["status"])
    with op.batch_alter_table("recordings") as batch:
        batch.alter_column("stream", server_default=None)

    with op.batch_alter_table("imported_footage") as batch:
        batch.add_column(sa.Column("original_name", sa.String(length=300), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("imported_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_imported_footage_imported_by_id_users"), "users",
                                 ["imported_by_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("imported_footage") as batch:
        batch.alter_column("original_name", server_default=None)

    with op.batch_alter_table("bookmarks") as batch:
        batch.alter_column("camera_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("imported_footage_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end_time", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("case_number", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("created_at", UTC_TIME, nullable=True))
        batch.create_foreign_key(op.f("fk_bookmarks_imported_footage_id_imported_footage"),
                                 "imported_footage", ["imported_footage_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_check_constraint(
            op.f("ck_bookmarks_one_source"),
            "(camera_id IS NULL) <> (imported_footage_id IS NULL)")
        batch.create_index(op.f("ix_bookmarks_imported_footage_id"), ["imported_footage_id"])
        batch.create_index(op.f("ix_bookmarks_case_number"), ["case_number"])


def downgrade() -> None:
    op.execute("DELETE FROM bookmarks WHERE camera_id IS NULL")
    with op.batch_alter_table("bookmarks") as batch:
        batch.drop_index(op.f("ix_bookmarks_case_number"))
        batch.drop_index(op.f("ix_bookmarks_imported_footage_id"))
        batch.drop_constraint(op.f("ck_bookmarks_one_source"), type_="check")
        batch.drop_constraint(op.f("fk_bookmarks_imported_footage_id_imported_footage"),
                              type_="foreignkey")
        batch.drop_column("created_at")
        batch.drop_column("case_number")
        batch.drop_column("end_time")
        batch.drop_column("imported_footage_id")
        batch.alter_column("camera_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("imported_footage") as batch:
        batch.drop_constraint(op.f("fk_imported_footage_imported_by_id_users"),
                              type_="foreignkey")
        batch.drop_column("imported_by_id")
        batch.drop_column("original_name")
    with op.batch_alter_table("recordings") as batch:
        batch.drop_index("ix_recordings_status")
        batch.drop_column("stream")
    op.drop_table("recording_holds")
    op.drop_table("recording_channels")
