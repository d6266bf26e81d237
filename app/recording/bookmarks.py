"""Bookmarks on cameras and imported footage: create, change, delete, search.

A bookmark that names a case keeps the recordings around it from retention (see
retention.py), so changes to it are audited like other case actions.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.recording.dto import BookmarkDTO, SourceKind, SourceRef
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.models import Bookmark, Camera, ImportedFootage

MAX_NOTE = 4000
MAX_TAGS = 20


@dataclass(frozen=True)
class BookmarkQuery:
    text: str = ""  # in the note (case-insensitive)
    tags: tuple[str, ...] = ()  # all of them
    sources: tuple[SourceRef, ...] = ()  # any of them; empty: every source
    start: datetime | None = None
    end: datetime | None = None
    case_number: str | None = None
    user_id: int | None = None
    limit: int = 500


def bookmark_dto(row: Bookmark) -> BookmarkDTO:
    source = (SourceRef.camera(row.camera_id) if row.camera_id is not None
              else SourceRef.imported(row.imported_footage_id or 0))
    return BookmarkDTO(id=row.id, source=source, time=row.time, end_time=row.end_time,
                       note=row.note, tags=tuple(row.tags or ()), case_number=row.case_number,
                       user_id=row.user_id, created_at=row.created_at)


class BookmarkService:
    def __init__(self, db: Database, audit: AuditTrail | None = None) -> None:
        self._db = db
        self._audit = audit

    def add(self, actor: Principal | None, source: SourceRef, time: datetime, *,
            note: str = "", tags: Iterable[str] = (), end_time: datetime | None = None,
            case_number: str | None = None) -> BookmarkDTO:
        self._require(actor, source)
        values = _clean(note=note, tags=tags, time=time, end_time=end_time,
                        case_number=case_number)
        with self._db.session() as session:
            self._check_source(session, source)
            row = Bookmark(camera_id=source.id if source.kind is SourceKind.CAMERA else None,
                           imported_footage_id=(source.id if source.kind is SourceKind.IMPORTED
                                                else None),
                           user_id=actor.user_id if actor else None, **values)
            session.add(row)
            session.flush()
            dto = bookmark_dto(row)
        self._audited(actor, "bookmark.create", dto)
        return dto

    def update(self, actor: Principal | None, bookmark_id: int, **changes: Any) -> BookmarkDTO:
        """Change note, tags, time, end_time or case_number."""
        allowed = {"note", "tags", "time", "end_time", "case_number"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"Cannot change {', '.join(sorted(unknown))} of a bookmark.")
        current = self.get(bookmark_id)
        self._require(actor, current.source)
        merged = {"note": current.note, "tags": current.tags, "time": current.time,
                  "end_time": current.end_time, "case_number": current.case_number, **changes}
        values = _clean(**merged)
        with self._db.session() as session:
            row = session.get(Bookmark, bookmark_id)
            if row is None:
                raise NotFoundError(f"Bookmark {bookmark_id} does not exist.")
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            dto = bookmark_dto(row)
        self._audited(actor, "bookmark.update", dto)
        return dto

    def delete(self, actor: Principal | None, bookmark_id: int) -> None:
        current = self.get(bookmark_id)
        self._require(actor, current.source)
        with self._db.session() as session:
            session.execute(sa.delete(Bookmark).where(Bookmark.id == bookmark_id))
        self._audited(actor, "bookmark.delete", current)

    def get(self, bookmark_id: int) -> BookmarkDTO:
        with self._db.session() as session:
            row = session.get(Bookmark, bookmark_id)
            if row is None:
                raise NotFoundError(f"Bookmark {bookmark_id} does not exist.")
            return bookmark_dto(row)

    def search(self, query: BookmarkQuery = BookmarkQuery()) -> list[BookmarkDTO]:
        """Newest first."""
        stmt = sa.select(Bookmark).order_by(Bookmark.time.desc(), Bookmark.id.desc())
        if query.sources:
            cameras = [s.id for s in query.sources if s.kind is SourceKind.CAMERA]
            imports = [s.id for s in query.sources if s.kind is SourceKind.IMPORTED]
            stmt = stmt.where(sa.or_(Bookmark.camera_id.in_(cameras),
                                     Bookmark.imported_footage_id.in_(imports)))
        if query.start is not None:
            stmt = stmt.where(sa.func.coalesce(Bookmark.end_time, Bookmark.time) >= query.start)
        if query.end is not None:
            stmt = stmt.where(Bookmark.time < query.end)
        if query.case_number:
            stmt = stmt.where(Bookmark.case_number == query.case_number.strip())
        if query.user_id is not None:
            stmt = stmt.where(Bookmark.user_id == query.user_id)
        wanted_tags = {t.strip().casefold() for t in query.tags if t.strip()}
        needle = query.text.strip().casefold()
        found: list[BookmarkDTO] = []
        with self._db.session() as session:
            # Text and tags are matched here: SQLite's lower() knows only ASCII (not "Đ"), and
            # tags live in a JSON list.
            for row in session.scalars(stmt):
                if needle and needle not in (row.note or "").casefold():
                    continue
                if wanted_tags and not wanted_tags <= {t.casefold() for t in row.tags or ()}:
                    continue
                found.append(bookmark_dto(row))
                if len(found) >= query.limit:
                    break
        return found

    # ----- internals ---------------------------------------------------------------------
    @staticmethod
    def _require(actor: Principal | None, source: SourceRef) -> None:
        require(actor, Permission.VIEW_PLAYBACK,
                source.id if source.kind is SourceKind.CAMERA else None)

    @staticmethod
    def _check_source(session: Any, source: SourceRef) -> None:
        table = Camera if source.kind is SourceKind.CAMERA else ImportedFootage
        if session.get(table, source.id) is None:
            what = "Camera" if source.kind is SourceKind.CAMERA else "Imported footage"
            raise NotFoundError(f"{what} {source.id} does not exist.")

    def _audited(self, actor: Principal | None, action: str, dto: BookmarkDTO) -> None:
        if self._audit is not None:
            self._audit.append(actor, action, "bookmark", dto.id, {
                "source": f"{dto.source.kind.value}:{dto.source.id}",
                "time": dto.time.isoformat(), "case_number": dto.case_number})


def _clean(*, note: str, tags: Iterable[str], time: datetime, end_time: datetime | None,
           case_number: str | None) -> dict[str, Any]:
    if time.tzinfo is None:
        raise ValueError("A bookmark time needs a time zone.")
    if end_time is not None and end_time < time:
        raise ValueError("A bookmark cannot end before it starts.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValueError(f"A bookmark note can have at most {MAX_NOTE} characters.")
    clean_tags = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))
    if len(clean_tags) > MAX_TAGS:
        raise ValueError(f"A bookmark can have at most {MAX_TAGS} tags.")
    case = (case_number or "").strip() or None
    if case is not None and len(case) > 64:
        raise ValueError("A case number can have at most 64 characters.")
    return {"note": note, "tags": clean_tags, "time": time, "end_time": end_time,
            "case_number": case}

