"""Camera tours: a tile, or the whole wall page by page, cycles through a list of cameras.

`Tour` is the definition (validated when built), `TourRunner` the state machine that runs one
(stopped / running / paused, next, previous). The runner never sleeps and owns no thread or
timer: the caller asks `due()` now and then and the runner answers from an injected clock,
so the same code is driven by a Qt timer on the wall and by a fake clock in tests.
`TourStore` keeps each user's tours in the database.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.errors import ConstraintError
from app.storage.models import Camera
from app.storage.models.tours import MIN_TOUR_DWELL_S, WallTour

log = logging.getLogger(__name__)

MAX_TOUR_DWELL_S = 3600.0
MAX_TOUR_NAME = 80
MAX_TOUR_CAMERAS = 500
TOUR_SAVED = "tour.save"
TOUR_DELETED = "tour.delete"


class TourError(ValueError):
    """A tour that cannot be built or saved; ``str()`` is a message for the user."""


@dataclass(frozen=True)
class Tour:
    name: str
    camera_ids: tuple[int, ...]
    dwell_s: float
    id: int | None = None

    def __post_init__(self) -> None:
        name = " ".join(str(self.name or "").split())
        if not name:
            raise TourError("Give the tour a name.")
        if len(name) > MAX_TOUR_NAME:
            raise TourError(f"The tour name is too long (at most {MAX_TOUR_NAME} characters).")
        try:
            dwell = float(self.dwell_s)
        except (TypeError, ValueError):
            raise TourError("The dwell time must be a number of seconds.") from None
        if not math.isfinite(dwell) or dwell < MIN_TOUR_DWELL_S:
            raise TourError(f"The dwell time must be at least {MIN_TOUR_DWELL_S:g} seconds.")
        if dwell > MAX_TOUR_DWELL_S:
            raise TourError(f"The dwell time must be at most {MAX_TOUR_DWELL_S:g} seconds.")
        ids = tuple(self.camera_ids)
        if not ids:
            raise TourError("Add at least one camera to the tour.")
        if len(ids) > MAX_TOUR_CAMERAS:
            raise TourError(f"A tour holds at most {MAX_TOUR_CAMERAS} cameras.")
        if any(isinstance(i, bool) or not isinstance(i, int) or i <= 0 for i in ids):
            raise TourError("The tour lists a camera that does not exist.")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "dwell_s", dwell)
        object.__setattr__(self, "camera_ids", ids)


class TourState(StrEnum):
    STOPPED = "stopped"
    RUNNING = "running"
    PAUSED = "paused"


@dataclass(frozen=True)
class TourPage:
    """What to show now: one camera id per tile slot."""

    number: int  # 0-based page number
    camera_ids: tuple[int, ...] = field(default=())


class TourRunner:
    """Runs one tour over `slots` tiles: slot i of page p shows camera p*slots+i.

    A tour of 10 cameras on a 2×2 wall has three pages; the last one shows cameras 9 and 10
    and fills its two other tiles from the start of the list (1 and 2), so no tile goes
    blank. A tour with fewer cameras than tiles uses only as many tiles as it has cameras
    (`slots` is reduced), so a camera never appears twice on one page.
    """

    def __init__(self, tour: Tour, slots: int = 1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if slots < 1:
            raise ValueError("a tour needs at least one tile")
        self.tour = tour
        self.slots = min(slots, len(tour.camera_ids))
        self._clock = clock
        self._state = TourState.STOPPED
        self._page = 0
        self._shown_at = 0.0
        self._remaining_when_paused = 0.0

    # ----- reading ---------------------------------------------------------------------------
    @property
    def state(self) -> TourState:
        return self._state

    @property
    def page_count(self) -> int:
        return math.ceil(len(self.tour.camera_ids) / self.slots)

    @property
    def current(self) -> TourPage | None:
        return None if self._state is TourState.STOPPED else self._page_at(self._page)

    def remaining_s(self) -> float:
        """Seconds until the next page (frozen while paused, 0 when stopped)."""
        if self._state is TourState.PAUSED:
            return self._remaining_when_paused
        if self._state is TourState.STOPPED:
            return 0.0
        return max(0.0, self.tour.dwell_s - (self._clock() - self._shown_at))

    # ----- driving ---------------------------------------------------------------------------
    def start(self, page: int = 0) -> TourPage:
        self._state = TourState.RUNNING
        return self._show(page)

    def stop(self) -> None:
        self._state = TourState.STOPPED

    def pause(self) -> None:
        if self._state is TourState.RUNNING:
            self._remaining_when_paused = self.remaining_s()
            self._state = TourState.PAUSED

    def resume(self) -> None:
        """Carry on where it was paused: the page keeps the dwell time it had left."""
        if self._state is TourState.PAUSED:
            self._state = TourState.RUNNING
            self._shown_at = self._clock() - (self.tour.dwell_s - self._remaining_when_paused)

    def next(self) -> TourPage:
        """Skip to the next page now (also while paused, which stays paused)."""
        return self._step(+1)

    def previous(self) -> TourPage:
        return self._step(-1)

    def due(self) -> TourPage | None:
        """The new page when the dwell time of the current one is over, else None.

        After a long gap (the machine slept) the tour moves on by one page only and the new
        page gets its full dwell time: skipping pages nobody saw helps no one.
        """
        if self._state is not TourState.RUNNING:
            return None
        if self._clock() - self._shown_at < self.tour.dwell_s:
            return None
        return self._show(self._page + 1)

    # ----- internals -------------------------------------------------------------------------
    def _step(self, delta: int) -> TourPage:
        if self._state is TourState.STOPPED:
            raise RuntimeError("the tour is not running")
        page = self._show(self._page + delta)
        if self._state is TourState.PAUSED:
            self._remaining_when_paused = self.tour.dwell_s
        return page

    def _show(self, page: int) -> TourPage:
        self._page = page % self.page_count  # wraps around both ways
        self._shown_at = self._clock()
        return self._page_at(self._page)

    def _page_at(self, page: int) -> TourPage:
        ids = self.tour.camera_ids
        first = page * self.slots
        return TourPage(page, tuple(ids[(first + slot) % len(ids)] for slot in range(self.slots)))


def _tour(row: WallTour) -> Tour:
    return Tour(name=row.name, camera_ids=tuple(int(i) for i in row.camera_ids),
                dwell_s=row.dwell_s, id=row.id)


class TourStore:
    """Each user's saved tours. Saving checks the user may watch every camera listed."""

    def __init__(self, db: Database, audit: AuditTrail) -> None:
        self._db = db
        self._audit = audit

    def list_tours(self, principal: Principal | None) -> list[Tour]:
        actor = require(principal, Permission.VIEW_LIVE)
        with self._db.session() as session:
            rows = session.scalars(sa.select(WallTour).where(
                WallTour.user_id == actor.user_id).order_by(WallTour.name))
            return [_tour(row) for row in rows]

    def save(self, principal: Principal | None, tour: Tour) -> Tour:
        """Insert (no id) or replace (own tour with that id); returns the stored tour."""
        actor = require(principal, Permission.MANAGE_LAYOUTS)
        for camera_id in set(tour.camera_ids):
            require(actor, Permission.VIEW_LIVE, camera_id)
        try:
            with self._audit.transaction() as session:
                self._check_cameras(session, tour.camera_ids)
                clash = session.scalar(sa.select(WallTour.id).where(
                    WallTour.user_id == actor.user_id, WallTour.name == tour.name))
                if clash is not None and clash != tour.id:
                    raise TourError(f"You already have a tour named '{tour.name}'.")
                if tour.id is None:
                    row = WallTour(user_id=actor.user_id)
                    session.add(row)
                else:
                    found = session.get(WallTour, tour.id)
                    if found is None or found.user_id != actor.user_id:
                        raise TourError("This tour no longer exists; save it as a new one.")
                    row = found
                row.name, row.camera_ids, row.dwell_s = tour.name, list(tour.camera_ids), tour.dwell_s
                session.flush()
                self._audit.append_in(session, actor, TOUR_SAVED, "tour", row.id, {
                    "name": row.name, "cameras": list(tour.camera_ids), "dwell_s": row.dwell_s})
                return _tour(row)
        except ConstraintError:
            # Another workstation of the same user saved the same name in between.
            raise TourError(f"You already have a tour named '{tour.name}'.") from None

    def delete(self, principal: Principal | None, tour_id: int) -> None:
        actor = require(principal, Permission.MANAGE_LAYOUTS)
        with self._audit.transaction() as session:
            row = session.get(WallTour, tour_id)
            if row is None or row.user_id != actor.user_id:
                return  # already gone: deleting twice is not an error worth showing
            name = row.name
            session.delete(row)
            self._audit.append_in(session, actor, TOUR_DELETED, "tour", tour_id, {"name": name})

    @staticmethod
    def _check_cameras(session: Session, camera_ids: Sequence[int]) -> None:
        wanted = set(camera_ids)
        found = set(session.scalars(sa.select(Camera.id).where(Camera.id.in_(wanted))))
        missing = sorted(wanted - found)
        if missing:
            raise TourError("Camera #{} does not exist (any more); remove it from the tour."
                            .format(", #".join(str(i) for i in missing)))
