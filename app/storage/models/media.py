"""Recordings, bookmarks, events and footage imported from outside."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, BigId
from app.storage.types import UTCDateTime, utc_now

# "buffer": a pre-event segment of an event-triggered channel, deleted unless an event keeps it.
RECORDING_STATUSES = ("recording", "buffer", "complete", "repaired", "damaged")
RECORDING_MODES = ("continuous", "event")


class Recording(Base):
    """One segment file. Cameras with recordings cannot be deleted (RESTRICT)."""

    __tablename__ = "recordings"
    __table_args__ = (
        sa.Index("ix_recordings_camera_start", "camera_id", "start_at"),
        sa.Index("ix_recordings_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None while recording
    path: Mapped[str] = mapped_column(sa.Text, unique=True)
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16), default="recording")
    protected: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # kept past retention
    stream: Mapped[str] = mapped_column(sa.String(32), default="")  # profile recorded (main...)


class RecordingChannel(Base):
    """A camera marked for recording and how (continuous, or events with pre/post buffer)."""

    __tablename__ = "recording_channels"
    __table_args__ = (
        sa.CheckConstraint("mode IN ('continuous', 'event')", name="mode"),
        sa.CheckConstraint("segment_s >= 1", name="segment_s"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cameras.id", ondelete="CASCADE"), unique=True)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    mode: Mapped[str] = mapped_column(sa.String(16), default="continuous")
    stream: Mapped[str] = mapped_column(sa.String(32), default="main")
    segment_s: Mapped[int] = mapped_column(sa.Integer, default=60)
    pre_event_s: Mapped[int] = mapped_column(sa.Integer, default=10)
    post_event_s: Mapped[int] = mapped_column(sa.Integer, default=30)


class RecordingHold(Base):
    """A time range of a camera that retention must keep (evidence, a case, a legal hold)."""

    __tablename__ = "recording_holds"
    __table_args__ = (sa.Index("ix_recording_holds_camera_range", "camera_id", "start_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    case_number: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    evidence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("evidence.id", ondelete="RESTRICT"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Bookmark(Base):
    """A marked moment (or range) of a camera or of imported footage."""

    __tablename__ = "bookmarks"
    __table_args__ = (
        sa.Index("ix_bookmarks_camera_time", "camera_id", "time"),
        sa.CheckConstraint("(camera_id IS NULL) <> (imported_footage_id IS NULL)",
                           name="one_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cameras.id", ondelete="CASCADE"))
    imported_footage_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("imported_footage.id", ondelete="CASCADE"), index=True)
    time: Mapped[datetime] = mapped_column(UTCDateTime())
    end_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(sa.Text, default="")
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # A bookmark that names a case keeps the recordings around it from retention.
    case_number: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utc_now)


class Event(Base):
    """Something that happened (camera offline, line crossed, login failed...)."""

    __tablename__ = "events"
    __table_args__ = (sa.Index("ix_events_camera_time", "camera_id", "time"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The log outlives the camera: deleting a camera keeps its events, unlinked.
    camera_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cameras.id", ondelete="SET NULL"))
    time: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    kind: Mapped[str] = mapped_column(sa.String(64))
    severity: Mapped[str] = mapped_column(sa.String(16), default="info")
    message: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class ImportedFootage(Base):
    """A video file brought in from outside (a citizen's dashcam, another agency's export)."""

    __tablename__ = "imported_footage"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    owner: Mapped[str] = mapped_column(sa.String(200), default="")
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    # Seconds to add to the file's own clock to get true time (its clock is often wrong).
    clock_offset_s: Mapped[float] = mapped_column(sa.Float, default=0.0)
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the file's own clock
    duration_s: Mapped[float | None] = mapped_column(sa.Float)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    original_name: Mapped[str] = mapped_column(sa.String(300), default="")
    imported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
