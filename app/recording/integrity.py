"""Crash recovery and the index/file integrity check.

Recovery (run when recording starts): a segment left in status "recording" was open when the
program died. MPEG-TS cut short still plays, so it is probed: with a duration it becomes
"repaired" (end = start + duration, size and hash of what is on disk); without one (missing,
empty, undecodable) it is "damaged" and kept for inspection. Buffer segments of event-mode
channels that no event asked for are deleted, as they would have been.

The integrity check compares the index with the disk: missing and zero-size files, size and
(optionally) hash mismatches, files on disk that the index does not know, and gaps between
consecutive segments of a camera.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from app.hashing import sha256_file
from app.recording.dto import SegmentDTO
from app.recording.index import SegmentIndex
from app.recording.probe import ProbeError, probe

log = logging.getLogger(__name__)

GAP_TOLERANCE_S = 1.5
SEGMENT_SUFFIXES = (".ts",)


@dataclass(frozen=True)
class RecoveryResult:
    repaired: tuple[SegmentDTO, ...]
    damaged: tuple[SegmentDTO, ...]
    buffers_dropped: int


@dataclass(frozen=True)
class Gap:
    camera_id: int
    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class IntegrityReport:
    checked: int
    missing: tuple[SegmentDTO, ...] = ()
    zero_size: tuple[SegmentDTO, ...] = ()
    size_mismatch: tuple[tuple[SegmentDTO, int], ...] = ()  # (segment, size on disk)
    hash_mismatch: tuple[SegmentDTO, ...] = ()
    unindexed: tuple[str, ...] = ()
    gaps: tuple[Gap, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """No damage (gaps alone are not damage: a camera may have been offline)."""
        return not (self.missing or self.zero_size or self.size_mismatch or self.hash_mismatch
                    or self.unindexed)

    def summary(self) -> str:
        parts = [f"{self.checked} segments checked"]
        for label, items in (("missing", self.missing), ("empty", self.zero_size),
                             ("size differs", self.size_mismatch),
                             ("hash differs", self.hash_mismatch),
                             ("not in the index", self.unindexed), ("gaps", self.gaps)):
            if items:
                parts.append(f"{len(items)} {label}")
        return ", ".join(parts)


def recover_interrupted(index: SegmentIndex, ffprobe: str = "ffprobe") -> RecoveryResult:
    repaired: list[SegmentDTO] = []
    damaged: list[SegmentDTO] = []
    for segment in index.by_status("recording"):
        path = Path(segment.path)
        size = path.stat().st_size if path.is_file() else 0
        duration: float | None = None
        if size > 0:
            try:
                duration = probe(path, ffprobe).duration_s
            except ProbeError as exc:
                log.warning("segment %s cannot be read: %s", path, exc)
        if duration:
            end = segment.start_at + timedelta(seconds=duration)
            index.close_segment(segment.id, end, size, sha256_file(path), "repaired")
            repaired.append(_reloaded(index, segment))
            log.info("segment %s repaired: %.1f s", path.name, duration)
        else:
            index.close_segment(segment.id, segment.start_at, size,
                                sha256_file(path) if size else None, "damaged")
            damaged.append(_reloaded(index, segment))
            log.warning("segment %s marked damaged (%d bytes)", path.name, size)
    buffers = index.by_status("buffer")
    for segment in buffers:
        index.delete_rows([segment.id])
        Path(segment.path).unlink(missing_ok=True)
    return RecoveryResult(tuple(repaired), tuple(damaged), len(buffers))


def check_integrity(index: SegmentIndex, roots: Iterable[Path], *,
                    verify_hashes: bool = False,
                    camera_id: int | None = None) -> IntegrityReport:
    segments = index.segments(camera_id=camera_id)
    missing: list[SegmentDTO] = []
    zero: list[SegmentDTO] = []
    size_mismatch: list[tuple[SegmentDTO, int]] = []
    hash_mismatch: list[SegmentDTO] = []
    for segment in segments:
        path = Path(segment.path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            if not (segment.status == "damaged" and segment.size_bytes == 0):
                if not isinstance(exc, FileNotFoundError):
                    log.warning("cannot stat %s: %s", path, exc.strerror)
                missing.append(segment)
            continue  # a damaged segment recorded as empty may have no file: that agrees
        if segment.status == "recording":
            continue  # being written: its size grows
        if size == 0:
            if segment.size_bytes != 0 or segment.status != "damaged":
                zero.append(segment)
        elif size != segment.size_bytes:
            size_mismatch.append((segment, size))
        elif verify_hashes and segment.sha256 and sha256_file(path) != segment.sha256:
            hash_mismatch.append(segment)
    known = {os.path.normcase(os.path.abspath(s.path)) for s in index.segments()}
    unindexed: list[str] = []
    for root in roots:
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                if not name.endswith(SEGMENT_SUFFIXES):
                    continue
                full = os.path.abspath(os.path.join(dirpath, name))
                if camera_id is not None and not name.startswith(f"cam{camera_id}_"):
                    continue
                if os.path.normcase(full) not in known:
                    unindexed.append(full)
    return IntegrityReport(
        checked=len(segments), missing=tuple(missing), zero_size=tuple(zero),
        size_mismatch=tuple(size_mismatch), hash_mismatch=tuple(hash_mismatch),
        unindexed=tuple(sorted(unindexed)), gaps=tuple(find_gaps(segments)))


def find_gaps(segments: Iterable[SegmentDTO],
              tolerance_s: float = GAP_TOLERANCE_S) -> list[Gap]:
    """Holes between consecutive playable segments of each camera."""
    by_camera: dict[int, list[SegmentDTO]] = {}
    for segment in segments:
        if segment.status != "damaged" and segment.end_at is not None:
            by_camera.setdefault(segment.camera_id, []).append(segment)
    gaps: list[Gap] = []
    for camera_id, items in by_camera.items():
        items.sort(key=lambda s: s.start_at)
        reach = items[0].end_at
        for segment in items[1:]:
            assert reach is not None and segment.end_at is not None
            if (segment.start_at - reach).total_seconds() > tolerance_s:
                gaps.append(Gap(camera_id, reach, segment.start_at))
            reach = max(reach, segment.end_at)
    return gaps


def _reloaded(index: SegmentIndex, segment: SegmentDTO) -> SegmentDTO:
    return index.get(segment.id) or segment
