"""Footage imported from outside (a citizen's dashcam, another agency's export).

The file is probed and decoded before anything is stored: a corrupt or non-video file is
refused with the reason. An accepted file is copied (never moved or changed) into
evidence/imports as <sha256><suffix>, written atomically and made read-only, and its copy is
hashed again to prove it is the same. Its start comes from the user or from the container's
creation time; the clock offset (seconds to add to the device's clock) places it on true
time, where it plays, is bookmarked and exported like a camera (`SourceRef.imported`).
"""
from __future__ import annotations

import logging
import math
import os
import shutil
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from app.hashing import sha256_file
from app.recording.dto import ImportedFootageDTO
from app.recording.errors import FootageRefused
from app.recording.probe import ProbeError, decodes, probe
from app.recording.timeline import footage_dto
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.models import ImportedFootage
from app.storage.types import utc_now

log = logging.getLogger(__name__)

MAX_OFFSET_S = 10 * 365 * 86400.0  # a device clock ten years off is a typing mistake


class FootageImporter:
    def __init__(self, db: Database, imports_dir: Path, audit: AuditTrail | None = None, *,
                 ffprobe: str = "ffprobe", ffmpeg: str = "ffmpeg",
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._dir = imports_dir
        self._audit = audit
        self._ffprobe = ffprobe
        self._ffmpeg = ffmpeg
        self._clock = clock

    def add(self, actor: Principal | None, file: Path, *, owner: str = "", source: str = "",
            location: str = "", clock_offset_s: float = 0.0, start_at: datetime | None = None,
            notes: str = "") -> ImportedFootageDTO:
        """Check, copy and index `file`; raises FootageRefused with the reason."""
        actor = require(actor, Permission.IMPORT_FOOTAGE)
        _check_offset(clock_offset_s)
        if start_at is not None and start_at.tzinfo is None:
            raise FootageRefused("The start time needs a time zone.")
        if not file.is_file():
            raise FootageRefused(f"{file} does not exist or is not a file.")
        if file.stat().st_size == 0:
            raise FootageRefused(f"{file.name} is empty.")
        try:
            info = probe(file, self._ffprobe)
        except ProbeError as exc:
            raise FootageRefused(f"{file.name} is not a readable video: {exc}") from None
        if not info.has_video:
            raise FootageRefused(f"{file.name} has no video stream.")
        problem = decodes(file, self._ffmpeg)
        if problem is not None:
            raise FootageRefused(f"{file.name} cannot be decoded: {problem}")
        if not info.duration_s:
            raise FootageRefused(f"{file.name} has no readable duration; it may be cut short.")
        start = start_at or info.creation_time
        if start is None:
            raise FootageRefused(f"{file.name} does not say when it was recorded: enter the "
                                 f"start time shown by the device.")
        digest = sha256_file(file)
        existing = self._by_hash(digest)
        if existing is not None:
            raise FootageRefused(f"{file.name} was already imported (number {existing.id}, "
                                 f"{existing.original_name}).")
        stored = self._store(file, digest)
        with self._db.session() as session:
            row = ImportedFootage(
                path=str(stored), sha256=digest, owner=owner.strip(), source=source.strip(),
                location=location.strip(), clock_offset_s=float(clock_offset_s),
                start_at=start, duration_s=info.duration_s, imported_at=self._clock(),
                notes=notes.strip(), original_name=file.name[:300],
                imported_by_id=actor.user_id)
            session.add(row)
            session.flush()
            dto = footage_dto(row)
        if self._audit is not None:
            self._audit.append(actor, "footage.import", "imported_footage", dto.id, {
                "file": file.name, "sha256": digest, "owner": dto.owner, "source": dto.source,
                "clock_offset_s": dto.clock_offset_s, "start": start.isoformat()})
        log.info("imported %s as %s (%.1f s)", file.name, stored.name, info.duration_s)
        return dto

    def set_clock_offset(self, actor: Principal | None, footage_id: int,
                         clock_offset_s: float) -> ImportedFootageDTO:
        """Correct the offset once the device clock is known (audited: it moves evidence)."""
        actor = require(actor, Permission.IMPORT_FOOTAGE)
        _check_offset(clock_offset_s)
        with self._db.session() as session:
            row = session.get(ImportedFootage, footage_id)
            if row is None:
                raise NotFoundError(f"Imported footage {footage_id} does not exist.")
            old = row.clock_offset_s
            row.clock_offset_s = float(clock_offset_s)
            session.flush()
            dto = footage_dto(row)
        if self._audit is not None:
            self._audit.append(actor, "footage.clock_offset", "imported_footage", footage_id,
                               {"old": old, "new": dto.clock_offset_s})
        return dto

    def _by_hash(self, digest: str) -> ImportedFootageDTO | None:
        with self._db.session() as session:
            row = session.scalar(sa.select(ImportedFootage)
                                 .where(ImportedFootage.sha256 == digest).limit(1))
            return footage_dto(row) if row else None

    def _store(self, file: Path, digest: str) -> Path:
        """Copy atomically (temp + fsync + rename), verify the copy and make it read-only."""
        self._dir.mkdir(parents=True, exist_ok=True)
        target = self._dir / f"{digest}{file.suffix.lower()[:10]}"
        partial = target.with_name(target.name + ".part")
        try:
            with file.open("rb") as src, partial.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
                dst.flush()
                os.fsync(dst.fileno())
            if sha256_file(partial) != digest:
                raise FootageRefused(f"The copy of {file.name} differs from the original; "
                                     f"the source may be failing. Nothing was imported.")
            os.chmod(partial, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise FootageRefused(f"Copying {file.name} into {self._dir} failed: "
                                 f"{exc.strerror or exc}.") from None
        except FootageRefused:
            partial.unlink(missing_ok=True)
            raise
        return target


def _check_offset(offset: float) -> None:
    if not isinstance(offset, (int, float)) or math.isnan(offset) or abs(offset) > MAX_OFFSET_S:
        raise FootageRefused("The clock offset must be a number of seconds (at most ten "
                             "years either way).")
