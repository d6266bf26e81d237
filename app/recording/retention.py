"""Retention: delete the oldest segments past the age limit or over the disk quota.

Never deleted: segments marked protected, segments still being written, and segments that
overlap a hold (`recording_holds`: evidence, a case, a legal hold), a bookmark that names a
case, or evidence captured from the camera (with a margin either side). Imported footage is
never touched.

The index row goes first, then the file: a crash in between leaves an unindexed file (found
and reported by the integrity check), never an index entry that points at nothing.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.recording.dto import SegmentDTO
from app.recording.index import SegmentIndex
from app.storage.database import Database
from app.storage.models import Bookmark, Evidence
from app.storage.types import utc_now

log = logging.getLogger(__name__)

DELETABLE = ("complete", "repaired", "damaged", "buffer")


@dataclass(frozen=True)
class RetentionPolicy:
    max_age_days: float | None = 30.0
    quota_bytes: int | None = None  # all recordings together
    case_bookmark_margin_s: float = 120.0
    evidence_margin_s: float = 120.0
    # When the disk runs short while recording, delete the oldest deletable segments first
    # (a recorder that stops instead loses the newest footage).
    overwrite_when_full: bool = True


@dataclass(frozen=True)
class RetentionResult:
    deleted: tuple[SegmentDTO, ...]
    freed_bytes: int
    kept_by_hold: int  # old or over-quota segments kept because something needs them
    remaining_bytes: int


Interval = tuple[datetime, datetime]


class RetentionManager:
    def __init__(self, db: Database, policy: RetentionPolicy,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._index = SegmentIndex(db)
        self.policy = policy
        self._clock = clock

    def enforce(self) -> RetentionResult:
        """Apply the age limit, then the quota, oldest first."""
        candidates, kept = self._candidates()
        deleted: list[SegmentDTO] = []
        if self.policy.max_age_days is not None:
            cutoff = self._clock() - timedelta(days=self.policy.max_age_days)
            deleted += [s for s in candidates if s.end_at is not None and s.end_at < cutoff]
        total = self._index.total_bytes() - sum(s.size_bytes for s in deleted)
        if self.policy.quota_bytes is not None and total > self.policy.quota_bytes:
            gone = {s.id for s in deleted}
            for segment in candidates:
                if total <= self.policy.quota_bytes:
                    break
                if segment.id not in gone:
                    deleted.append(segment)
                    total -= segment.size_bytes
        return self._delete(deleted, kept)

    def free_space(self, wanted_bytes: int) -> int:
        """Delete the oldest deletable segments until `wanted_bytes` are freed; bytes freed."""
        if not self.policy.overwrite_when_full:
            return 0
        candidates, kept = self._candidates()
        chosen: list[SegmentDTO] = []
        freed = 0
        for segment in candidates:
            if freed >= wanted_bytes:
                break
            chosen.append(segment)
            freed += segment.size_bytes
        return self._delete(chosen, kept).freed_bytes

    def is_held(self, segment: SegmentDTO) -> bool:
        return segment.protected or _overlaps(segment, self._held_intervals().get(
            segment.camera_id, []))

    # ----- internals ---------------------------------------------------------------------
    def _candidates(self) -> tuple[list[SegmentDTO], int]:
        held = self._held_intervals()
        candidates: list[SegmentDTO] = []
        kept = 0
        for segment in self._index.segments(statuses=DELETABLE):
            if segment.protected or _overlaps(segment, held.get(segment.camera_id, [])):
                kept += 1
            else:
                candidates.append(segment)
        return candidates, kept

    def _held_intervals(self) -> dict[int, list[Interval]]:
        held: dict[int, list[Interval]] = defaultdict(list)
        for hold in self._index.holds():
            held[hold.camera_id].append((hold.start_at, hold.end_at))
        bookmark_margin = timedelta(seconds=self.policy.case_bookmark_margin_s)
        evidence_margin = timedelta(seconds=self.policy.evidence_margin_s)
        with self._db.session() as session:
            for camera_id, time, end_time in session.execute(
                    sa.select(Bookmark.camera_id, Bookmark.time, Bookmark.end_time)
                    .where(Bookmark.case_number.is_not(None), Bookmark.case_number != "",
                           Bookmark.camera_id.is_not(None))):
                if camera_id is None:
                    continue
                held[camera_id].append((time - bookmark_margin,
                                        (end_time or time) + bookmark_margin))
            for camera_id, captured in session.execute(
                    sa.select(Evidence.camera_id, Evidence.captured_at)
                    .where(Evidence.camera_id.is_not(None))):
                if camera_id is None:
                    continue
                held[camera_id].append((captured - evidence_margin, captured + evidence_margin))
        return held

    def _delete(self, segments: list[SegmentDTO], kept: int) -> RetentionResult:
        freed = 0
        for segment in segments:
            self._index.delete_rows([segment.id])
            try:
                Path(segment.path).unlink(missing_ok=True)
            except OSError as exc:
                log.warning("retention could not delete %s: %s", segment.path, exc.strerror)
            freed += segment.size_bytes
        if segments:
            log.info("retention deleted %d segments (%d MiB)", len(segments), freed >> 20)
        return RetentionResult(tuple(segments), freed, kept, self._index.total_bytes())


def _overlaps(segment: SegmentDTO, intervals: list[Interval]) -> bool:
    end = segment.end_at or segment.start_at
    return any(segment.start_at <= until and end >= since for since, until in intervals)
