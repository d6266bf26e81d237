"""Sites, cameras and what belongs to a camera's day-to-day running.

Rows derived from a camera (profiles, health samples, counts, analytics set-up) go with it;
maintenance history does not: a camera with tickets must be disabled, not deleted.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.storage.models.base import Base, BigId, CreatedUpdated
from app.storage.types import UTCDateTime, utc_now

SITE_KINDS = ("province", "commune", "location")
CAMERA_PURPOSES = ("traffic", "security")
PROFILE_KINDS = ("main", "sub", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Site(Base):
    """A place in the tree province → commune/ward/special zone → location (junction, gate)."""

    __tablename__ = "sites"
    __table_args__ = (sa.CheckConstraint(_in("kind", SITE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sites.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str | None] = mapped_column(sa.String(32))


class Camera(CreatedUpdated, Base):
    __tablename__ = "cameras"
    __table_args__ = (
        sa.CheckConstraint(_in("purpose", CAMERA_PURPOSES), name="purpose"),
        sa.UniqueConstraint("host", "port"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    site_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sites.id", ondelete="SET NULL"), index=True)
    host: Mapped[str] = mapped_column(sa.String(255))
    port: Mapped[int] = mapped_column(sa.Integer)
    purpose: Mapped[str] = mapped_column(sa.String(16), default="traffic")
    manufacturer: Mapped[str] = mapped_column(sa.String(200), default="")
    model: Mapped[str] = mapped_column(sa.String(200), default="")
    firmware: Mapped[str] = mapped_column(sa.String(200), default="")
    serial: Mapped[str] = mapped_column(sa.String(200), default="")
    mac: Mapped[str] = mapped_column(sa.String(32), default="")
    ptz: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Encrypted by the credential vault before it gets here; storage never sees plain text.
    credential_ciphertext: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    version: Mapped[int] = mapped_column(sa.Integer)

    profiles: Mapped[list[CameraProfile]] = relationship(
        back_populates="camera", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CameraProfile.id")

    # The ORM adds "AND version = <loaded>" to every UPDATE and bumps it: a lost update
    # surfaces as StaleDataError instead of silently overwriting someone's edit.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class CameraProfile(Base):
    """A media profile; stream_uri never carries user:password (credentials live apart)."""

    __tablename__ = "camera_profiles"
    __table_args__ = (
        sa.CheckConstraint(_in("kind", PROFILE_KINDS), name="kind"),
        sa.UniqueConstraint("camera_id", "token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(8))
    width: Mapped[int] = mapped_column(sa.Integer)
    height: Mapped[int] = mapped_column(sa.Integer)
    fps: Mapped[float | None] = mapped_column(sa.Float)
    encoding: Mapped[str] = mapped_column(sa.String(16), default="")
    stream_uri: Mapped[str] = mapped_column(sa.Text)
    snapshot_uri: Mapped[str | None] = mapped_column(sa.Text)

    camera: Mapped[Camera] = relationship(back_populates="profiles")


class HealthSample(Base):
    __tablename__ = "health_samples"
    __table_args__ = (sa.Index("ix_health_samples_camera_time", "camera_id", "time"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="CASCADE"))
    time: Mapped[datetime] = mapped_column(UTCDateTime())
    onvif_ok: Mapped[bool] = mapped_column(sa.Boolean)
    stream_ok: Mapped[bool] = mapped_column(sa.Boolean)
    fps: Mapped[float | None] = mapped_column(sa.Float)
    bitrate_kbps: Mapped[float | None] = mapped_column(sa.Float)
    width: Mapped[int | None] = mapped_column(sa.Integer)
    height: Mapped[int | None] = mapped_column(sa.Integer)
    clock_drift_s: Mapped[float | None] = mapped_column(sa.Float)
    state: Mapped[str] = mapped_column(sa.String(16))
    message: Mapped[str] = mapped_column(sa.Text, default="")


class MaintenanceTicket(CreatedUpdated, Base):
    __tablename__ = "maintenance_tickets"
    __table_args__ = (sa.Index("ix_maintenance_tickets_camera_opened", "camera_id", "opened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(sa.String(24), default="open", index=True)
    assignee: Mapped[str] = mapped_column(sa.String(200), default="")
    title: Mapped[str] = mapped_column(sa.String(300))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    cost_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)  # đồng has no subunit
    due_date: Mapped[date | None] = mapped_column(sa.Date)
    photos: Mapped[list[str]] = mapped_column(sa.JSON, default=list)


class AnalyticsConfig(Base):
    """Per-camera geometry for the rules, in normalised image coordinates (0–1)."""

    __tablename__ = "analytics_configs"

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cameras.id", ondelete="CASCADE"), unique=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    lines: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    zones: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    lanes: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    stop_line: Mapped[Any | None] = mapped_column(sa.JSON)
    signal_roi: Mapped[Any | None] = mapped_column(sa.JSON)  # the signal: region and/or cycle
    options: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)  # rule thresholds
    # Whether the workstation analyses this camera live, and at how many frames per second.
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    analysis_fps: Mapped[float] = mapped_column(sa.Float, default=5.0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)


class CountBucket(Base):
    """Road users counted per camera, hour, class and direction (for traffic reports)."""

    __tablename__ = "count_buckets"
    __table_args__ = (
        sa.UniqueConstraint("camera_id", "hour_start", "object_class", "direction"),
        sa.Index("ix_count_buckets_hour_start", "hour_start"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="CASCADE"))
    hour_start: Mapped[datetime] = mapped_column(UTCDateTime())
    object_class: Mapped[str] = mapped_column(sa.String(32))
    direction: Mapped[str] = mapped_column(sa.String(32), default="")
    count: Mapped[int] = mapped_column(sa.Integer, default=0)
