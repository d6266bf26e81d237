"""Frozen records that the recording core hands out (ORM rows never leave it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class SourceKind(StrEnum):
    CAMERA = "camera"
    IMPORTED = "imported"


@dataclass(frozen=True, order=True)
class SourceRef:
    """Something that can be played: a camera's recordings or one imported file."""

    kind: SourceKind
    id: int

    @classmethod
    def camera(cls, camera_id: int) -> SourceRef:
        return cls(SourceKind.CAMERA, camera_id)

    @classmethod
    def imported(cls, footage_id: int) -> SourceRef:
        return cls(SourceKind.IMPORTED, footage_id)

    @property
    def label(self) -> str:
        return f"cam{self.id}" if self.kind is SourceKind.CAMERA else f"import{self.id}"


@dataclass(frozen=True)
class SegmentDTO:
    id: int
    camera_id: int
    start_at: datetime
    end_at: datetime | None  # None while still being written
    path: str
    size_bytes: int
    sha256: str | None
    status: str
    protected: bool
    stream: str

    @property
    def duration_s(self) -> float | None:
        return None if self.end_at is None else (self.end_at - self.start_at).total_seconds()


@dataclass(frozen=True)
class RecordedRange:
    """A stretch of time a source has playable footage for (contiguous segments merged)."""

    source: SourceRef
    start: datetime
    end: datetime
    segment_count: int
    live: bool  # the last segment is still being written


@dataclass(frozen=True)
class PlaybackPosition:
    """Where to find a moment: open `path` and seek to `offset_s` seconds."""

    source: SourceRef
    path: str
    offset_s: float
    file_start: datetime  # true time of the file's first frame
    file_end: datetime | None
    recording_id: int | None  # None for imported footage


class MarkKind(StrEnum):
    EVENT = "event"
    VIOLATION = "violation"
    BOOKMARK = "bookmark"


@dataclass(frozen=True)
class TimelineMark:
    kind: MarkKind
    id: int
    source: SourceRef
    time: datetime
    end: datetime | None
    label: str
    severity: str  # events: their severity; violations: their state; bookmarks: "info"


@dataclass(frozen=True)
class BookmarkDTO:
    id: int
    source: SourceRef
    time: datetime
    end_time: datetime | None
    note: str
    tags: tuple[str, ...]
    case_number: str | None
    user_id: int | None
    created_at: datetime | None


@dataclass(frozen=True)
class HoldDTO:
    id: int
    camera_id: int
    start_at: datetime
    end_at: datetime
    reason: str
    case_number: str | None
    evidence_id: int | None


@dataclass(frozen=True)
class ChannelConfig:
    """How one camera is recorded (a row of recording_channels)."""

    camera_id: int
    enabled: bool = True
    mode: str = "continuous"  # or "event"
    stream: str = "main"
    segment_s: int = 60
    pre_event_s: int = 10
    post_event_s: int = 30


@dataclass(frozen=True)
class ImportedFootageDTO:
    id: int
    path: str
    sha256: str
    original_name: str
    owner: str
    source: str
    location: str
    clock_offset_s: float
    file_start: datetime | None  # the file's own clock
    duration_s: float | None
    imported_at: datetime
    notes: str

    @property
    def true_start(self) -> datetime | None:
        """The file's start on true time (its own clock plus the offset)."""
        if self.file_start is None:
            return None
        return self.file_start + timedelta(seconds=self.clock_offset_s)

    @property
    def true_end(self) -> datetime | None:
        start = self.true_start
        if start is None or self.duration_s is None:
            return None
        return start + timedelta(seconds=self.duration_s)
