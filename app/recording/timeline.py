"""What the playback timeline asks: recorded ranges, time → file and offset, marks.

Cameras and imported footage are both `SourceRef`s. Imported footage is placed on true time:
its own clock plus its clock offset.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.recording.dto import (
    ImportedFootageDTO,
    MarkKind,
    PlaybackPosition,
    RecordedRange,
    SegmentDTO,
    SourceKind,
    SourceRef,
    TimelineMark,
)
from app.recording.index import PLAYABLE, SegmentIndex
from app.storage.database import Database
from app.storage.models import Bookmark, Event, ImportedFootage, Violation
from app.storage.types import utc_now

GAP_TOLERANCE_S = 1.5
ALL_MARKS = frozenset(MarkKind)


def footage_dto(row: ImportedFootage) -> ImportedFootageDTO:
    return ImportedFootageDTO(
        id=row.id, path=row.path, sha256=row.sha256, original_name=row.original_name or "",
        owner=row.owner, source=row.source, location=row.location,
        clock_offset_s=row.clock_offset_s or 0.0, file_start=row.start_at,
        duration_s=row.duration_s, imported_at=row.imported_at, notes=row.notes)


class PlaybackCatalog:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._index = SegmentIndex(db)

    # ----- ranges ----------------------------------------------------------------------------
    def ranges(self, sources: Iterable[SourceRef], start: datetime, end: datetime, *,
               gap_tolerance_s: float = GAP_TOLERANCE_S) -> list[RecordedRange]:
        """Playable stretches of each source inside [start, end), clipped to the window."""
        result: list[RecordedRange] = []
        for source in sources:
            if source.kind is SourceKind.CAMERA:
                result += self._camera_ranges(source, start, end, gap_tolerance_s)
            else:
                footage = self.footage(source.id)
                if footage and footage.true_start and footage.true_end:
                    lo, hi = max(start, footage.true_start), min(end, footage.true_end)
                    if lo < hi:
                        result.append(RecordedRange(source, lo, hi, 1, False))
        return result

    def _camera_ranges(self, source: SourceRef, start: datetime, end: datetime,
                       tolerance_s: float) -> list[RecordedRange]:
        now = utc_now()
        ranges: list[RecordedRange] = []
        current: list[datetime] | None = None  # [start, end]
        count, live = 0, False
        for segment in self.segments(source, start, end):
            seg_end = segment.end_at or now
            if current is not None and (
                    segment.start_at - current[1]).total_seconds() <= tolerance_s:
                current[1] = max(current[1], seg_end)
                count += 1
                live = segment.end_at is None
                continue
            if current is not None:
                ranges.append(RecordedRange(source, max(current[0], start),
                                            min(current[1], end), count, live))
            current, count, live = [segment.start_at, seg_end], 1, segment.end_at is None
        if current is not None:
            ranges.append(RecordedRange(source, max(current[0], start), min(current[1], end),
                                        count, live))
        return ranges

    def segments(self, source: SourceRef, start: datetime, end: datetime) -> list[SegmentDTO]:
        """A camera's playable segments overlapping [start, end), oldest first."""
        if source.kind is not SourceKind.CAMERA:
            return []
        return self._index.segments(source.id, start, end, statuses=PLAYABLE)

    # ----- lookup ----------------------------------------------------------------------------
    def resolve(self, source: SourceRef, when: datetime) -> PlaybackPosition | None:
        """The file holding `when` and the offset into it, or None in a gap."""
        if source.kind is SourceKind.IMPORTED:
            footage = self.footage(source.id)
            if not footage or not footage.true_start or not footage.true_end:
                return None
            if not footage.true_start <= when < footage.true_end:
                return None
            return PlaybackPosition(source, footage.path,
                                    (when - footage.true_start).total_seconds(),
                                    footage.true_start, footage.true_end, None)
        candidates = self._index.segments(source.id, when, when + timedelta(microseconds=1),
                                          statuses=PLAYABLE)
        for segment in reversed(candidates):  # the newest when two overlap at a boundary
            if segment.start_at <= when and (segment.end_at is None or when < segment.end_at):
                return PlaybackPosition(source, segment.path,
                                        (when - segment.start_at).total_seconds(),
                                        segment.start_at, segment.end_at, segment.id)
        return None

    def next_recorded(self, source: SourceRef, after: datetime) -> datetime | None:
        """Start of the first footage at or after `after` (to skip over a gap)."""
        if source.kind is SourceKind.IMPORTED:
            footage = self.footage(source.id)
            start = footage.true_start if footage else None
            return start if start is not None and start >= after else None
        later = self._index.segments(source.id, after, None, statuses=PLAYABLE)
        for segment in later:
            return max(segment.start_at, after)
        return None

    # ----- marks ---------------------------------------------------------------------------
    def marks(self, sources: Iterable[SourceRef], start: datetime, end: datetime,
              kinds: Iterable[MarkKind] = ALL_MARKS) -> list[TimelineMark]:
        """Events, violations and bookmarks of the sources inside [start, end), by time."""
        wanted = set(kinds)
        sources = list(sources)
        cameras = {s.id for s in sources if s.kind is SourceKind.CAMERA}
        imports = {s.id for s in sources if s.kind is SourceKind.IMPORTED}
        marks: list[TimelineMark] = []
        with self._db.session() as session:
            if MarkKind.EVENT in wanted and cameras:
                for event in session.scalars(sa.select(Event).where(
                        Event.camera_id.in_(cameras), Event.time >= start, Event.time < end)):
                    marks.append(TimelineMark(MarkKind.EVENT, event.id,
                                              SourceRef.camera(event.camera_id or 0),
                                              event.time, None, event.message or event.kind,
                                              event.severity))
            if MarkKind.VIOLATION in wanted and cameras:
                for violation in session.scalars(sa.select(Violation).where(
                        Violation.camera_id.in_(cameras), Violation.detected_at >= start,
                        Violation.detected_at < end)):
                    label = f"{violation.type_code} {violation.plate or ''}".strip()
                    marks.append(TimelineMark(MarkKind.VIOLATION, violation.id,
                                              SourceRef.camera(violation.camera_id),
                                              violation.detected_at, None, label,
                                              violation.state))
            if MarkKind.BOOKMARK in wanted and (cameras or imports):
                owner = sa.or_(Bookmark.camera_id.in_(cameras),
                               Bookmark.imported_footage_id.in_(imports))
                for mark in session.scalars(sa.select(Bookmark).where(
                        owner, Bookmark.time < end,
                        sa.func.coalesce(Bookmark.end_time, Bookmark.time) >= start)):
                    source = (SourceRef.camera(mark.camera_id) if mark.camera_id is not None
                              else SourceRef.imported(mark.imported_footage_id or 0))
                    marks.append(TimelineMark(MarkKind.BOOKMARK, mark.id, source, mark.time,
                                              mark.end_time, mark.note, "info"))
        marks.sort(key=lambda m: (m.time, m.kind.value, m.id))
        return marks

    # ----- imported footage ------------------------------------------------------------------
    def footage(self, footage_id: int) -> ImportedFootageDTO | None:
        with self._db.session() as session:
            row = session.get(ImportedFootage, footage_id)
            return footage_dto(row) if row else None

    def footage_list(self) -> list[ImportedFootageDTO]:
        with self._db.session() as session:
            return [footage_dto(row) for row in session.scalars(
                sa.select(ImportedFootage).order_by(ImportedFootage.imported_at.desc()))]

    def sources_with_footage(self, sources: Sequence[SourceRef], start: datetime,
                             end: datetime) -> list[SourceRef]:
        """The sources that have any footage in the window (for a multi-camera export)."""
        return [s for s in sources if self.ranges([s], start, end)]
