"""Maintenance tickets and preventive-maintenance schedules for cameras.

Ticket life: open → in_progress → waiting_parts → done / closed, and a done or closed ticket
can be reopened. Photos are copied into the evidence folder under a name made of their
SHA-256, so a stored path proves its own content (`verify_photo`) and the same photo added
twice is kept once. Tickets are history: they are never deleted here.

Changes need the MANAGE_MAINTENANCE permission when the service is given a `principal`
provider (the logged-in user); without one (local administrator mode, command line) it
does not check.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.hashing import sha256_file, store_hashed_copy
from app.paths import AppPaths
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.models import Camera, HealthSample, MaintenanceSchedule, MaintenanceTicket
from app.storage.repositories import EventRepository
from app.storage.types import utc_now

log = logging.getLogger(__name__)

OPEN = "open"
IN_PROGRESS = "in_progress"
WAITING_PARTS = "waiting_parts"
DONE = "done"
CLOSED = "closed"
STATUSES = (OPEN, IN_PROGRESS, WAITING_PARTS, DONE, CLOSED)
FINISHED = frozenset({DONE, CLOSED})
ALLOWED = {
    OPEN: {IN_PROGRESS, WAITING_PARTS, DONE, CLOSED},
    IN_PROGRESS: {WAITING_PARTS, DONE, CLOSED},
    WAITING_PARTS: {IN_PROGRESS, DONE, CLOSED},
    DONE: {CLOSED, OPEN},
    CLOSED: {OPEN},
}
PHOTO_TYPES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png", b"RIFF": ".webp",
               b"BM": ".bmp", b"GIF8": ".gif"}
MAX_PHOTO_BYTES = 50 * 1024 * 1024
PHOTO_FOLDER = "maintenance"


class MaintenanceError(ValueError):
    """A request the user can correct (wrong status change, unreadable photo...)."""


@dataclass(frozen=True)
class TicketPhoto:
    path: Path  # absolute, inside the evidence folder
    sha256: str


@dataclass(frozen=True)
class TicketDTO:
    id: int
    camera_id: int
    camera_name: str
    title: str
    status: str
    assignee: str
    notes: str
    cost_vnd: int | None
    due_date: date | None
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime
    photos: tuple[TicketPhoto, ...]

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED


@dataclass(frozen=True)
class ScheduleDTO:
    camera_id: int
    camera_name: str
    interval_days: int
    next_due: date
    last_done: date | None
    notes: str


@dataclass(frozen=True)
class OverdueWarning:
    camera_id: int
    camera_name: str
    next_due: date
    days_overdue: int


class MaintenanceService:
    def __init__(self, db: Database, evidence_dir: Path | None = None, *,
                 principal: Callable[[], Principal | None] | None = None) -> None:
        self._db = db
        self._evidence_dir = evidence_dir or AppPaths.from_env().evidence_dir
        self._events = EventRepository(db)
        self._principal = principal

    def _guard(self) -> None:
        if self._principal is not None:
            require(self._principal(), Permission.MANAGE_MAINTENANCE)

    # ------------------------------------------------------------------ tickets
    def open_ticket(self, camera_id: int, title: str, *, assignee: str = "", notes: str = "",
                    due_date: date | None = None) -> TicketDTO:
        self._guard()
        title = " ".join(title.split())
        if not title:
            raise MaintenanceError("A ticket needs a title (what is wrong).")
        with self._db.session() as session:
            camera = self._camera(session, camera_id)
            row = MaintenanceTicket(camera_id=camera_id, title=title[:300], status=OPEN,
                                    assignee=assignee.strip(), notes=notes.strip(),
                                    due_date=due_date, photos=[])
            session.add(row)
            session.flush()
            ticket = self._dto(row, camera.name)
        self._events.add("maintenance_ticket_opened", f"{ticket.camera_name}: {ticket.title}",
                         camera_id=camera_id, data={"ticket_id": ticket.id})
        return ticket

    def open_from_broken(self, camera_id: int, *, assignee: str = "") -> TicketDTO:
        """A ticket pre-filled with the camera's latest health problem."""
        title, notes = self.draft_from_broken(camera_id)
        return self.open_ticket(camera_id, title, assignee=assignee, notes=notes)

    def draft_from_broken(self, camera_id: int) -> tuple[str, str]:
        """Title and notes for a ticket about the camera's latest health problem."""
        with self._db.session() as session:
            self._camera(session, camera_id)
            sample = session.scalars(
                sa.select(HealthSample).where(HealthSample.camera_id == camera_id)
                .order_by(HealthSample.time.desc(), HealthSample.id.desc()).limit(1)).first()
        if sample is None:
            reason, state, since = "no health check yet", "never_connected", None
        else:
            reason, state, since = sample.message or "no details", sample.state, sample.time
        notes = f"Health state: {state}. Reason: {reason}."
        if since is not None:
            notes += f" Last check: {since.isoformat(timespec='seconds')}."
        return f"Camera {state}: {reason}"[:300], notes

    def get(self, ticket_id: int) -> TicketDTO:
        with self._db.session() as session:
            row = self._ticket(session, ticket_id)
            return self._dto(row, self._camera(session, row.camera_id).name)

    def tickets(self, camera_id: int | None = None, *, open_only: bool = False) -> list[TicketDTO]:
        query = (sa.select(MaintenanceTicket, Camera.name)
                 .join(Camera, Camera.id == MaintenanceTicket.camera_id)
                 .order_by(MaintenanceTicket.opened_at.desc(), MaintenanceTicket.id.desc()))
        if camera_id is not None:
            query = query.where(MaintenanceTicket.camera_id == camera_id)
        if open_only:
            query = query.where(MaintenanceTicket.status.not_in(FINISHED))
        with self._db.session() as session:
            return [self._dto(row, name) for row, name in session.execute(query).all()]

    def open_ticket_counts(self) -> dict[int, int]:
        query = (sa.select(MaintenanceTicket.camera_id, sa.func.count())
                 .where(MaintenanceTicket.status.not_in(FINISHED))
                 .group_by(MaintenanceTicket.camera_id))
        with self._db.session() as session:
            return {camera_id: count for camera_id, count in session.execute(query).all()}

    def assign(self, ticket_id: int, assignee: str) -> TicketDTO:
        return self._change(ticket_id, assignee=" ".join(assignee.split()))

    def set_cost(self, ticket_id: int, cost_vnd: int | None) -> TicketDTO:
        if cost_vnd is not None and (isinstance(cost_vnd, bool) or not isinstance(cost_vnd, int)
                                     or cost_vnd < 0):
            raise MaintenanceError("The cost is a whole, non-negative number of đồng.")
        return self._change(ticket_id, cost_vnd=cost_vnd)

    def set_due_date(self, ticket_id: int, due: date | None) -> TicketDTO:
        return self._change(ticket_id, due_date=due)

    def add_note(self, ticket_id: int, text: str, *, author: str = "",
                 at: datetime | None = None) -> TicketDTO:
        self._guard()
        text = text.strip()
        if not text:
            raise MaintenanceError("The note is empty.")
        stamp = (at or utc_now()).isoformat(timespec="minutes")
        line = f"[{stamp}{' ' + author.strip() if author.strip() else ''}] {text}"
        with self._db.session() as session:
            row = self._ticket(session, ticket_id)
            row.notes = f"{row.notes}\n{line}" if row.notes else line
            session.flush()
            return self._dto(row, self._camera(session, row.camera_id).name)

    def set_status(self, ticket_id: int, status: str, *, note: str = "") -> TicketDTO:
        self._guard()
        if status not in STATUSES:
            raise MaintenanceError(f"Unknown ticket status {status!r}; use one of "
                                   f"{', '.join(STATUSES)}.")
        with self._db.session() as session:
            row = self._ticket(session, ticket_id)
            old = row.status
            if status != old and status not in ALLOWED.get(old, set()):
                raise MaintenanceError(f"A ticket that is {old} cannot become {status}.")
            row.status = status
            if status in FINISHED:
                row.closed_at = row.closed_at or utc_now()
            else:
                row.closed_at = None
            camera_id, camera_name = row.camera_id, self._camera(session, row.camera_id).name
            session.flush()
        if note:
            self.add_note(ticket_id, note)
        if status != old:
            self._events.add("maintenance_ticket_status", f"{camera_name}: ticket {ticket_id} "
                             f"{old} → {status}", camera_id=camera_id,
                             data={"ticket_id": ticket_id, "old": old, "new": status})
        return self.get(ticket_id)

    def close(self, ticket_id: int, *, note: str = "", cost_vnd: int | None = None) -> TicketDTO:
        if cost_vnd is not None:
            self.set_cost(ticket_id, cost_vnd)
        return self.set_status(ticket_id, CLOSED, note=note)

    def reopen(self, ticket_id: int, *, note: str = "") -> TicketDTO:
        return self.set_status(ticket_id, OPEN, note=note)

    # ------------------------------------------------------------------- photos
    def add_photo(self, ticket_id: int, source: Path) -> TicketPhoto:
        """Copy a photo into the evidence folder (atomically) and attach it to the ticket."""
        self._guard()
        source = Path(source)
        try:
            size = source.stat().st_size
            with source.open("rb") as handle:
                head = handle.read(16)
        except OSError as exc:
            raise MaintenanceError(f"The photo {source} cannot be read "
                                   f"({exc.strerror or exc}).") from None
        suffix = next((s for magic, s in PHOTO_TYPES.items() if head.startswith(magic)), None)
        if suffix is None or (suffix == ".webp" and head[8:12] != b"WEBP"):
            raise MaintenanceError(f"{source.name} is not a photo (JPEG, PNG, WebP, BMP, GIF).")
        if size > MAX_PHOTO_BYTES:
            raise MaintenanceError(f"{source.name} is larger than "
                                   f"{MAX_PHOTO_BYTES // (1024 * 1024)} MB.")
        self.get(ticket_id)  # the ticket must exist before anything is copied
        folder = self._evidence_dir / PHOTO_FOLDER / str(ticket_id)
        digest = store_hashed_copy(source, folder, suffix)
        relative = f"{PHOTO_FOLDER}/{ticket_id}/{digest}{suffix}"
        with self._db.session() as session:
            row = self._ticket(session, ticket_id)
            if relative not in (row.photos or []):
                row.photos = [*(row.photos or []), relative]  # a new list: JSON change tracked
        return TicketPhoto(self._evidence_dir / relative, digest)

    def verify_photo(self, photo: TicketPhoto) -> bool:
        """True when the file still has the content it was stored with."""
        try:
            return sha256_file(photo.path) == photo.sha256
        except OSError:
            return False

    # ----------------------------------------------------------------- schedule
    def set_schedule(self, camera_id: int, interval_days: int, *,
                     next_due: date | None = None, notes: str = "",
                     today: date | None = None) -> ScheduleDTO:
        self._guard()
        if isinstance(interval_days, bool) or not isinstance(interval_days, int) \
                or not 1 <= interval_days <= 3660:
            raise MaintenanceError("The maintenance interval is 1–3660 days.")
        with self._db.session() as session:
            camera = self._camera(session, camera_id)
            row = session.scalars(sa.select(MaintenanceSchedule).where(
                MaintenanceSchedule.camera_id == camera_id)).first()
            if row is None:
                row = MaintenanceSchedule(camera_id=camera_id, notes="")
                session.add(row)
            row.interval_days = interval_days
            row.next_due = next_due or (today or date.today()) + timedelta(days=interval_days)
            row.notes = notes.strip()
            session.flush()
            return _schedule_dto(row, camera.name)

    def record_maintenance_done(self, camera_id: int, done_on: date) -> ScheduleDTO:
        """Service carried out: the next one is due one interval later."""
        self._guard()
        with self._db.session() as session:
            camera = self._camera(session, camera_id)
            row = session.scalars(sa.select(MaintenanceSchedule).where(
                MaintenanceSchedule.camera_id == camera_id)).first()
            if row is None:
                raise NotFoundError(f"Camera “{camera.name}” has no maintenance schedule.")
            row.last_done = done_on
            row.next_due = done_on + timedelta(days=row.interval_days)
            session.flush()
            return _schedule_dto(row, camera.name)

    def remove_schedule(self, camera_id: int) -> None:
        self._guard()
        with self._db.session() as session:
            session.execute(sa.delete(MaintenanceSchedule).where(
                MaintenanceSchedule.camera_id == camera_id))

    def schedules(self) -> list[ScheduleDTO]:
        query = (sa.select(MaintenanceSchedule, Camera.name)
                 .join(Camera, Camera.id == MaintenanceSchedule.camera_id)
                 .order_by(MaintenanceSchedule.next_due, Camera.name))
        with self._db.session() as session:
            return [_schedule_dto(row, name) for row, name in session.execute(query).all()]

    def overdue(self, now: date | datetime) -> list[OverdueWarning]:
        """Schedules whose next due date is before `now`'s date, most overdue first."""
        today = now.date() if isinstance(now, datetime) else now
        return [OverdueWarning(s.camera_id, s.camera_name, s.next_due, (today - s.next_due).days)
                for s in self.schedules() if s.next_due < today]

    def overdue_count(self, now: date | datetime) -> int:
        """How many schedules are overdue (for the status bar)."""
        today = now.date() if isinstance(now, datetime) else now
        query = sa.select(sa.func.count()).select_from(MaintenanceSchedule).where(
            MaintenanceSchedule.next_due < today)
        with self._db.session() as session:
            return int(session.scalar(query) or 0)

    def due_within(self, now: date, days: int) -> list[ScheduleDTO]:
        return [s for s in self.schedules() if now <= s.next_due <= now + timedelta(days=days)]

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _camera(session: Session, camera_id: int) -> Camera:
        camera = session.get(Camera, camera_id)
        if camera is None:
            raise NotFoundError(f"Camera {camera_id} does not exist.")
        return camera

    @staticmethod
    def _ticket(session: Session, ticket_id: int) -> MaintenanceTicket:
        row = session.get(MaintenanceTicket, ticket_id)
        if row is None:
            raise NotFoundError(f"Maintenance ticket {ticket_id} does not exist.")
        return row

    def _change(self, ticket_id: int, **values: object) -> TicketDTO:
        self._guard()
        with self._db.session() as session:
            row = self._ticket(session, ticket_id)
            for field, value in values.items():
                setattr(row, field, value)
            session.flush()
            return self._dto(row, self._camera(session, row.camera_id).name)

    def _dto(self, row: MaintenanceTicket, camera_name: str) -> TicketDTO:
        photos = tuple(TicketPhoto(self._evidence_dir / p, Path(p).stem)
                       for p in row.photos or [])
        return TicketDTO(
            id=row.id, camera_id=row.camera_id, camera_name=camera_name, title=row.title,
            status=row.status, assignee=row.assignee, notes=row.notes, cost_vnd=row.cost_vnd,
            due_date=row.due_date, opened_at=row.opened_at, closed_at=row.closed_at,
            updated_at=row.updated_at, photos=photos)


def _schedule_dto(row: MaintenanceSchedule, camera_name: str) -> ScheduleDTO:
    return ScheduleDTO(row.camera_id, camera_name, row.interval_days, row.next_due,
                       row.last_done, row.notes)


__all__ = ["ALLOWED", "STATUSES", "MaintenanceError", "MaintenanceService", "OverdueWarning",
           "ScheduleDTO", "TicketDTO", "TicketPhoto"]
