"""Events (the activity log) and camera health samples."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.storage.database import Database
from app.storage.dto import EventDTO, HealthSampleDTO
from app.storage.errors import NotFoundError
from app.storage.models import Camera, Event, HealthSample
from app.storage.types import utc_now

SEVERITIES = ("debug", "info", "warning", "error", "critical")


def event_dto(row: Event) -> EventDTO:
    return EventDTO(id=row.id, camera_id=row.camera_id, time=row.time, kind=row.kind,
                    severity=row.severity, message=row.message, data=dict(row.data or {}))


def health_dto(row: HealthSample) -> HealthSampleDTO:
    return HealthSampleDTO(
        id=row.id, camera_id=row.camera_id, time=row.time, onvif_ok=row.onvif_ok,
        stream_ok=row.stream_ok, state=row.state, message=row.message, fps=row.fps,
        bitrate_kbps=row.bitrate_kbps, width=row.width, height=row.height,
        clock_drift_s=row.clock_drift_s)


class EventRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, kind: str, message: str = "", *, camera_id: int | None = None,
            severity: str = "info", data: dict[str, Any] | None = None,
            time: datetime | None = None) -> EventDTO:
        if not kind:
            raise ValueError("An event needs a kind.")
        if severity not in SEVERITIES:
            raise ValueError(f"Severity must be one of {', '.join(SEVERITIES)}, not {severity!r}.")
        with self._db.session() as session:
            if camera_id is not None and session.get(Camera, camera_id) is None:
                raise NotFoundError(f"Camera {camera_id} does not exist.")
            row = Event(kind=kind, message=message, camera_id=camera_id, severity=severity,
                        data=dict(data or {}), time=time or utc_now())
            session.add(row)
            session.flush()
            return event_dto(row)

    def recent(self, limit: int = 100, camera_id: int | None = None) -> list[EventDTO]:
        """Newest first."""
        query = sa.select(Event).order_by(Event.time.desc(), Event.id.desc()).limit(limit)
        if camera_id is not None:
            query = query.where(Event.camera_id == camera_id)
        with self._db.session() as session:
            return [event_dto(row) for row in session.scalars(query)]


class HealthRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add_sample(self, camera_id: int, *, onvif_ok: bool, stream_ok: bool, state: str,
                   message: str = "", fps: float | None = None,
                   bitrate_kbps: float | None = None, width: int | None = None,
                   height: int | None = None, clock_drift_s: float | None = None,
                   time: datetime | None = None) -> HealthSampleDTO:
        with self._db.session() as session:
            if session.get(Camera, camera_id) is None:
                raise NotFoundError(f"Camera {camera_id} does not exist.")
            row = HealthSample(
                camera_id=camera_id, time=time or utc_now(), onvif_ok=onvif_ok,
                stream_ok=stream_ok, state=state, message=message, fps=fps,
                bitrate_kbps=bitrate_kbps, width=width, height=height,
                clock_drift_s=clock_drift_s)
            session.add(row)
            session.flush()
            return health_dto(row)

    def latest_per_camera(self) -> dict[int, HealthSampleDTO]:
        """Each camera's newest sample (by sample time; ties go to the later insert)."""
        ranked = sa.select(
            HealthSample.id,
            sa.func.row_number().over(
                partition_by=HealthSample.camera_id,
                order_by=(HealthSample.time.desc(), HealthSample.id.desc()),
            ).label("rank"),
        ).subquery()
        query = (sa.select(HealthSample)
                 .join(ranked, ranked.c.id == HealthSample.id)
                 .where(ranked.c.rank == 1))
        with self._db.session() as session:
            return {row.camera_id: health_dto(row) for row in session.scalars(query)}
