"""Initial schema: every table of the workstation.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Written against app/storage/models at this revision; column types are spelled out here
(not imported from the app) so that later changes to the models cannot change what this
migration creates. tests/unit/test_migrations.py checks that models and migrations agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Stored naive-UTC on SQLite, timestamptz on PostgreSQL (see app.storage.types.UTCDateTime).
UTC_TIME = sa.DateTime(timezone=True)
# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Children before parents, for the downgrade.
TABLES_REVERSED = (
    "annotations",
    "evidence",
    "violations",
    "recordings",
    "maintenance_tickets",
    "health_samples",
    "events",
    "count_buckets",
    "camera_profiles",
    "bookmarks",
    "audit_entries",
    "analytics_configs",
    "users",
    "cameras",
    "sites",
    "roles",
    "imported_footage",
)


def upgrade() -> None:
    op.create_table(
        "imported_footage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("clock_offset_s", sa.Float(), nullable=False),
        sa.Column("start_at", UTC_TIME, nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("imported_at", UTC_TIME, nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_footage")),
    )
    op.create_index(op.f("ix_imported_footage_sha256"), "imported_footage", ["sha256"])

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "kind IN ('province', 'commune', 'location')", name=op.f("ck_sites_kind")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["sites.id"], name=op.f("fk_sites_parent_id_sites"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
    )
    op.create_index(op.f("ix_sites_parent_id"), "sites", ["parent_id"])

    op.create_table(
        "cameras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("manufacturer", sa.String(length=200), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("firmware", sa.String(length=200), nullable=False),
        sa.Column("serial", sa.String(length=200), nullable=False),
        sa.Column("mac", sa.String(length=32), nullable=False),
        sa.Column("ptz", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("credential_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("purpose IN ('traffic', 'security')", name=op.f("ck_cameras_purpose")),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_cameras_site_id_sites"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cameras")),
        sa.UniqueConstraint("host", "port", name=op.f("uq_cameras_host_port")),
    )
    op.create_index(op.f("ix_cameras_site_id"), "cameras", ["site_id"])

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("camera_rights", sa.JSON(), nullable=False),
        sa.Column("last_login_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_users_role_id_roles"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_role_id"), "users", ["role_id"])

    op.create_table(
        "analytics_configs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("zones", sa.JSON(), nullable=False),
        sa.Column("lanes", sa.JSON(), nullable=False),
        sa.Column("stop_line", sa.JSON(), nullable=True),
        sa.Column("signal_roi", sa.JSON(), nullable=True),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_analytics_configs_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_configs")),
        sa.UniqueConstraint("camera_id", name=op.f("uq_analytics_configs_camera_id")),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("time", UTC_TIME, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audit_entries_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entries_hash")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_entries_seq")),
    )
    op.create_index("ix_audit_entries_object", "audit_entries", ["object_type", "object_id"])
    op.create_index(op.f("ix_audit_entries_time"), "audit_entries", ["time"])
    op.create_index(op.f("ix_audit_entries_user_id"), "audit_entries", ["user_id"])

    op.create_table(
        "bookmarks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("time", UTC_TIME, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_bookmarks_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_bookmarks_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookmarks")),
    )
    op.create_index("ix_bookmarks_camera_time", "bookmarks", ["camera_id", "time"])
    op.create_index(op.f("ix_bookmarks_user_id"), "bookmarks", ["user_id"])

    op.create_table(
        "camera_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Float(), nullable=True),
        sa.Column("encoding", sa.String(length=16), nullable=False),
        sa.Column("stream_uri", sa.Text(), nullable=False),
        sa.Column("snapshot_uri", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('main', 'sub', 'other')", name=op.f("ck_camera_profiles_kind")
        ),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_camera_profiles_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camera_profiles")),
        sa.UniqueConstraint("camera_id", "token", name=op.f("uq_camera_profiles_camera_id_token")),
    )
    op.create_table(
        "count_buckets",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("hour_start", UTC_TIME, nullable=False),
        sa.Column("object_class", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_count_buckets_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_buckets")),
        sa.UniqueConstraint(
            "camera_id",
            "hour_start",
            "object_class",
            "direction",
            name=op.f("uq_count_buckets_camera_id_hour_start_object_class_direction"),
        ),
    )
    op.create_index("ix_count_buckets_hour_start", "count_buckets", ["hour_start"])

    op.create_table(
        "events",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=True),
        sa.Column("time", UTC_TIME, nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_events_camera_id_cameras"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_camera_time", "events", ["camera_id", "time"])
    op.create_index(op.f("ix_events_time"), "events", ["time"])

    op.create_table(
        "health_samples",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("time", UTC_TIME, nullable=False),
        sa.Column("onvif_ok", sa.Boolean(), nullable=False),
        sa.Column("stream_ok", sa.Boolean(), nullable=False),
        sa.Column("fps", sa.Float(), nullable=True),
        sa.Column("bitrate_kbps", sa.Float(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("clock_drift_s", sa.Float(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_health_samples_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_samples")),
    )
    op.create_index("ix_health_samples_camera_time", "health_samples", ["camera_id", "time"])

    op.create_table(
        "maintenance_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", UTC_TIME, nullable=False),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("assignee", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("cost_vnd", sa.BigInteger(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_maintenance_tickets_camera_id_cameras"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_tickets")),
    )
    op.create_index(
        "ix_maintenance_tickets_camera_opened", "maintenance_tickets", ["camera_id", "opened_at"]
    )
    op.create_index(op.f("ix_maintenance_tickets_status"), "maintenance_tickets", ["status"])

    op.create_table(
        "recordings",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("start_at", UTC_TIME, nullable=False),
        sa.Column("end_at", UTC_TIME, nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("protected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_recordings_camera_id_cameras"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recordings")),
        sa.UniqueConstraint("path", name=op.f("uq_recordings_path")),
    )
    op.create_index("ix_recordings_camera_start", "recordings", ["camera_id", "start_at"])

    op.create_table(
        "violations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("event_id", BIG_ID, nullable=True),
        sa.Column("type_code", sa.String(length=32), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=True),
        sa.Column("plate_confidence", sa.Float(), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("detected_at", UTC_TIME, nullable=False),
        sa.Column("verified_at", UTC_TIME, nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", UTC_TIME, nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("reject_reason", sa.Text(), nullable=True),
        sa.Column("lookup_code", sa.String(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["users.id"],
            name=op.f("fk_violations_approved_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_violations_camera_id_cameras"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_violations_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_violations_verified_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violations")),
        sa.UniqueConstraint("lookup_code", name=op.f("uq_violations_lookup_code")),
    )
    op.create_index("ix_violations_camera_detected", "violations", ["camera_id", "detected_at"])
    op.create_index(op.f("ix_violations_event_id"), "violations", ["event_id"])
    op.create_index(op.f("ix_violations_plate"), "violations", ["plate"])
    op.create_index("ix_violations_state_detected", "violations", ["state", "detected_at"])

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("violation_id", sa.Integer(), nullable=True),
        sa.Column("camera_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("captured_at", UTC_TIME, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("kind IN ('image', 'clip', 'snapshot')", name=op.f("ck_evidence_kind")),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_evidence_camera_id_cameras"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["violation_id"],
            ["violations.id"],
            name=op.f("fk_evidence_violation_id_violations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_camera_id"), "evidence", ["camera_id"])
    op.create_index(op.f("ix_evidence_sha256"), "evidence", ["sha256"])
    op.create_index(op.f("ix_evidence_violation_id"), "evidence", ["violation_id"])

    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_annotations_author_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_annotations_evidence_id_evidence"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotations")),
    )
    op.create_index(op.f("ix_annotations_author_id"), "annotations", ["author_id"])
    op.create_index(op.f("ix_annotations_evidence_id"), "annotations", ["evidence_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints with it.
    for table in TABLES_REVERSED:
        op.drop_table(table)
