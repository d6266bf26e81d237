"""Recordings, bookmarks, events and footage imported from outside."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, BigId
from app.storage.types import UTCDateTime, utc_now


class Recording(Base):
    """One segment file. Cameras with recordings cannot be deleted (RESTRICT)."""

    __tablename__ = "recordings"
    __table_args__ = (sa.Index("ix_recordings_camera_start", "camera_id", "start_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="RESTRICT"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None while recording
    path: Mapped[str] = mapped_column(sa.Text, unique=True)
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16), default="recording")
    protected: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # kept past retention


class Bookmark(Base):
    __tablename__ = "bookmarks"
    __table_args__ = (sa.Index("ix_bookmarks_camera_time", "camera_id", "time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(sa.ForeignKey("cameras.id", ondelete="CASCADE"))
    time: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(sa.Text, default="")
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)


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
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duration_s: Mapped[float | None] = mapped_column(sa.Float)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
