"""The segment index: one Recording row per segment file, channel settings and holds.

Each call is one short transaction; recorders call it from their own threads (SQLite runs in
WAL mode with a busy timeout, PostgreSQL serialises nothing here).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.recording.dto import ChannelConfig, HoldDTO, SegmentDTO
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.models import Camera
from app.storage.models.media import (
    RECORDING_MODES,
    RECORDING_STATUSES,
    Recording,
    RecordingChannel,
    RecordingHold,
)

# Segments that hold playable footage (a "recording" one is being written right now).
PLAYABLE = ("recording", "complete", "repaired", "buffer")


def segment_dto(row: Recording) -> SegmentDTO:
    return SegmentDTO(id=row.id, camera_id=row.camera_id, start_at=row.start_at,
                      end_at=row.end_at, path=row.path, size_bytes=row.size_bytes or 0,
                      sha256=row.sha256, status=row.status, protected=bool(row.protected),
                      stream=row.stream or "")


def hold_dto(row: RecordingHold) -> HoldDTO:
    return HoldDTO(id=row.id, camera_id=row.camera_id, start_at=row.start_at, end_at=row.end_at,
                   reason=row.reason, case_number=row.case_number, evidence_id=row.evidence_id)


def channel_dto(row: RecordingChannel) -> ChannelConfig:
    return ChannelConfig(camera_id=row.camera_id, enabled=row.enabled, mode=row.mode,
                         stream=row.stream, segment_s=row.segment_s,
                         pre_event_s=row.pre_event_s, post_event_s=row.post_event_s)


class SegmentIndex:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ----- segments written by recorders -------------------------------------------------
    def open_segment(self, camera_id: int, start_at: datetime, path: str,
                     stream: str = "") -> int:
        """Index a new segment *before* its file is created, so a crash never leaves a file
        that the index does not know about (only a row whose file is missing or short)."""
        with self._db.session() as session:
            row = Recording(camera_id=camera_id, start_at=start_at, end_at=None, path=path,
                            size_bytes=0, sha256=None, status="recording", protected=False,
                            stream=stream)
            session.add(row)
            session.flush()
            return int(row.id)

    def close_segment(self, segment_id: int, end_at: datetime, size_bytes: int,
                      sha256: str | None, status: str = "complete") -> None:
        self._update(segment_id, end_at=end_at, size_bytes=size_bytes, sha256=sha256,
                     status=status)

    def set_status(self, segment_ids: Iterable[int], status: str) -> None:
        if status not in RECORDING_STATUSES:
            raise ValueError(f"unknown recording status {status!r}")
        ids = list(segment_ids)
        if ids:
            with self._db.session() as session:
                session.execute(sa.update(Recording).where(Recording.id.in_(ids))
                                .values(status=status))

    def set_protected(self, segment_ids: Iterable[int], protected: bool = True) -> None:
        ids = list(segment_ids)
        if ids:
            with self._db.session() as session:
                session.execute(sa.update(Recording).where(Recording.id.in_(ids))
                                .values(protected=protected))

    def delete_rows(self, segment_ids: Iterable[int]) -> None:
        ids = list(segment_ids)
        if ids:
            with self._db.session() as session:
                session.execute(sa.delete(Recording).where(Recording.id.in_(ids)))

    def update(self, segment_id: int, **values: Any) -> None:
        self._update(segment_id, **values)

    def _update(self, segment_id: int, **values: Any) -> None:
        # One UPDATE and nothing read first: on SQLite a transaction that reads and then
        # writes fails at once ("database is locked") when another connection wrote in
        # between, while a transaction that starts with a write waits its turn.
        with self._db.session() as session:
            result = session.execute(sa.update(Recording).where(Recording.id == segment_id)
                                     .values(**values))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"Recording segment {segment_id} does not exist.")

    # ----- queries ---------------------------------------------------------------------------
    def get(self, segment_id: int) -> SegmentDTO | None:
        with self._db.session() as session:
            row = session.get(Recording, segment_id)
            return segment_dto(row) if row else None

    def segments(self, camera_id: int | None = None, start: datetime | None = None,
                 end: datetime | None = None,
                 statuses: Sequence[str] | None = None) -> list[SegmentDTO]:
        """Segments overlapping [start, end), oldest first (an open segment reaches 'now')."""
        query = sa.select(Recording).order_by(Recording.start_at, Recording.id)
        if camera_id is not None:
            query = query.where(Recording.camera_id == camera_id)
        if end is not None:
            query = query.where(Recording.start_at < end)
        if start is not None:
            query = query.where(sa.or_(Recording.end_at.is_(None), Recording.end_at > start))
        if statuses is not None:
            query = query.where(Recording.status.in_(list(statuses)))
        with self._db.session() as session:
            return [segment_dto(row) for row in session.scalars(query)]

    def by_status(self, status: str) -> list[SegmentDTO]:
        return self.segments(statuses=[status])

    def total_bytes(self) -> int:
        with self._db.session() as session:
            return int(session.scalar(sa.select(sa.func.coalesce(
                sa.func.sum(Recording.size_bytes), 0))) or 0)

    def all_paths(self) -> set[str]:
        with self._db.session() as session:
            return set(session.scalars(sa.select(Recording.path)))

    # ----- channels ----------------------------------------------------------------------
    def channels(self, enabled_only: bool = True) -> list[ChannelConfig]:
        query = sa.select(RecordingChannel).order_by(RecordingChannel.camera_id)
        if enabled_only:
            query = query.where(RecordingChannel.enabled.is_(True))
        with self._db.session() as session:
            return [channel_dto(row) for row in session.scalars(query)]

    def channel(self, camera_id: int) -> ChannelConfig | None:
        with self._db.session() as session:
            row = session.scalar(sa.select(RecordingChannel)
                                 .where(RecordingChannel.camera_id == camera_id))
            return channel_dto(row) if row else None

    def save_channel(self, config: ChannelConfig) -> ChannelConfig:
        if config.mode not in RECORDING_MODES:
            raise ValueError(f"Recording mode must be one of {', '.join(RECORDING_MODES)}.")
        if config.segment_s < 1 or config.pre_event_s < 0 or config.post_event_s < 0:
            raise ValueError("Segment length must be at least 1 s and buffers not negative.")
        with self._db.session() as session:
            if session.get(Camera, config.camera_id) is None:
                raise NotFoundError(f"Camera {config.camera_id} does not exist.")
            row = session.scalar(sa.select(RecordingChannel)
                                 .where(RecordingChannel.camera_id == config.camera_id))
            if row is None:
                row = RecordingChannel(camera_id=config.camera_id)
                session.add(row)
            row.enabled, row.mode, row.stream = config.enabled, config.mode, config.stream
            row.segment_s, row.pre_event_s = config.segment_s, config.pre_event_s
            row.post_event_s = config.post_event_s
            session.flush()
            return channel_dto(row)

    # ----- holds -------------------------------------------------------------------------
    def add_hold(self, camera_id: int, start_at: datetime, end_at: datetime, *,
                 reason: str = "", case_number: str | None = None,
                 evidence_id: int | None = None, user_id: int | None = None) -> HoldDTO:
        if end_at <= start_at:
            raise ValueError("A hold must end after it starts.")
        with self._db.session() as session:
            if session.get(Camera, camera_id) is None:
                raise NotFoundError(f"Camera {camera_id} does not exist.")
            row = RecordingHold(camera_id=camera_id, start_at=start_at, end_at=end_at,
                                reason=reason, case_number=case_number or None,
                                evidence_id=evidence_id, created_by_id=user_id)
            session.add(row)
            session.flush()
            return hold_dto(row)

    def remove_hold(self, hold_id: int) -> None:
        with self._db.session() as session:
            row = session.get(RecordingHold, hold_id)
            if row is None:
                raise NotFoundError(f"Hold {hold_id} does not exist.")
            session.delete(row)

    def holds(self, camera_id: int | None = None) -> list[HoldDTO]:
        query = sa.select(RecordingHold).order_by(RecordingHold.start_at)
        if camera_id is not None:
            query = query.where(RecordingHold.camera_id == camera_id)
        with self._db.session() as session:
            return [hold_dto(row) for row in session.scalars(query)]
