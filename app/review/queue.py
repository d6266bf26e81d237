"""The review queue: violations filtered, sorted and paged for the triage screen.

The user's camera rights are applied in the query itself (``camera_id IN (...)``), not by
dropping rows afterwards, so counts and pages are right and a user never receives a case from
a camera he may not see. Filters match the violation indexes: (state, detected_at),
(camera_id, detected_at), (type_code, detected_at) and detected_at alone. The plate filter is a
substring search; it narrows what the indexed filters already selected.

Listing is not audited (it would flood the trail at every refresh); opening one case is,
through ``ViolationService.view``.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from app.review.states import ReviewError, ViolationState, parse_state
from app.review.workflow import ViolationDTO, violation_dto
from app.security.permissions import Permission, Principal, allowed_cameras, require
from app.storage.database import Database
from app.storage.models import Evidence, Violation

log = logging.getLogger(__name__)

MAX_PAGE = 500


class QueueSort(StrEnum):
    DETECTED_AT = "detected_at"
    CAMERA = "camera"
    TYPE = "type"
    STATE = "state"
    PLATE = "plate"


_SORT_COLUMNS = {
    QueueSort.DETECTED_AT: (Violation.detected_at,),
    QueueSort.CAMERA: (Violation.camera_id, Violation.detected_at),
    QueueSort.TYPE: (Violation.type_code, Violation.detected_at),
    QueueSort.STATE: (Violation.state, Violation.detected_at),
    QueueSort.PLATE: (Violation.plate, Violation.detected_at),
}


@dataclass(frozen=True)
class QueueQuery:
    """Every filter is optional; ``until`` is exclusive. Newest first by default."""

    camera_ids: tuple[int, ...] = ()
    type_codes: tuple[str, ...] = ()
    states: tuple[ViolationState, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    plate_contains: str = ""
    sort: QueueSort = QueueSort.DETECTED_AT
    descending: bool = True
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class QueuePage:
    items: tuple[ViolationDTO, ...]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


_PLATE_SEPARATORS = (" ", "-", ".", "/")


def plate_key(text: str) -> str:
    """A plate or part of one without case or separators, as the plate filter compares."""
    key = text.upper()
    for separator in _PLATE_SEPARATORS:
        key = key.replace(separator, "")
    return key


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ReviewQueue:
    def __init__(self, db: Database) -> None:
        self._db = db

    def page(self, principal: Principal | None, query: QueueQuery | None = None) -> QueuePage:
        """One page of the queue as this principal may see it (needs view_violations)."""
        require(principal, Permission.VIEW_VIOLATIONS)
        assert principal is not None
        q = query or QueueQuery()
        if q.offset < 0 or not 1 <= q.limit <= MAX_PAGE:
            raise ReviewError(f"Page limits: offset ≥ 0 and 1 ≤ limit ≤ {MAX_PAGE}.")
        if q.since is not None and q.until is not None and q.until <= q.since:
            raise ReviewError("The end of the time range must be after its start.")
        for moment in (q.since, q.until):
            if moment is not None and moment.tzinfo is None:
                raise ReviewError("The time range needs a time zone.")
        conditions = self._conditions(principal, q)
        if conditions is None:  # no camera he may see: nothing to ask the database
            return QueuePage((), 0, q.offset, q.limit)
        order: list[sa.ColumnElement[Any]] = []
        if q.sort is QueueSort.PLATE:  # unread plates last on both back ends
            order.append(sa.case((Violation.plate.is_(None), 1), else_=0).asc())
        order += [c.desc() if q.descending else c.asc() for c in _SORT_COLUMNS[q.sort]]
        order.append(Violation.id.desc() if q.descending else Violation.id.asc())
        with self._db.session() as session:
            total = session.execute(sa.select(sa.func.count()).select_from(Violation)
                                    .where(*conditions)).scalar_one()
            rows = list(session.scalars(sa.select(Violation).where(*conditions)
                                        .order_by(*order).offset(q.offset).limit(q.limit)))
            evidence: dict[int, list[Evidence]] = {row.id: [] for row in rows}
            if rows:
                # One query for the whole page (thumbnails), not one per row.
                for item in session.scalars(sa.select(Evidence).where(
                        Evidence.violation_id.in_(list(evidence))).order_by(Evidence.id)):
                    assert item.violation_id is not None
                    evidence[item.violation_id].append(item)
            items = tuple(violation_dto(row, evidence[row.id]) for row in rows)
        return QueuePage(items, int(total), q.offset, q.limit)

    def type_codes(self, principal: Principal | None) -> list[str]:
        """The violation types present in the cases this principal may see (filter choices)."""
        require(principal, Permission.VIEW_VIOLATIONS)
        assert principal is not None
        cameras = allowed_cameras(principal, Permission.VIEW_VIOLATIONS)
        statement = sa.select(Violation.type_code).distinct().order_by(Violation.type_code)
        if cameras is not None:
            if not cameras:
                return []
            statement = statement.where(Violation.camera_id.in_(sorted(cameras)))
        with self._db.session() as session:
            return [str(code) for code in session.scalars(statement)]

    @staticmethod
    def _conditions(principal: Principal, q: QueueQuery
                    ) -> list[sa.ColumnElement[bool]] | None:
        conditions: list[sa.ColumnElement[bool]] = []
        visible = allowed_cameras(principal, Permission.VIEW_VIOLATIONS)
        wanted: Sequence[int] | None = sorted(set(q.camera_ids)) if q.camera_ids else None
        if visible is not None:
            wanted = sorted(set(wanted) & visible) if wanted is not None else sorted(visible)
        if wanted is not None:
            if not wanted:
                return None
            conditions.append(Violation.camera_id.in_(wanted))
        if q.type_codes:
            conditions.append(Violation.type_code.in_(sorted(set(q.type_codes))))
        if q.states:
            conditions.append(Violation.state.in_(sorted({parse_state(s).value
                                                          for s in q.states})))
        if q.since is not None:
            conditions.append(Violation.detected_at >= q.since)
        if q.until is not None:
            conditions.append(Violation.detected_at < q.until)
        plate = plate_key(q.plate_contains)
        if plate:
            # Compare without separators: officers type "29M112345" for "29-M1 123.45".
            stored: sa.ColumnElement[str] = sa.func.upper(Violation.plate)
            for separator in _PLATE_SEPARATORS:
                stored = sa.func.replace(stored, separator, "")
            conditions.append(stored.like(f"%{_escape_like(plate)}%", escape="\\"))
        return conditions
