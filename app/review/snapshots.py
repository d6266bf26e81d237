"""Snapshots taken from the live wall, kept as evidence.

A snapshot becomes a file under the evidence folder (written to a temporary name, flushed to
disk, then renamed, so a crash never leaves half a picture under a real name), its SHA-256,
an Evidence row (kind "snapshot", not yet attached to a violation) and an audit entry. The
row and the audit entry are committed together. If the database refuses, the file is kept
(a moment cannot be captured twice) and the error says where it is.
"""
from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.hashing import sha256_file
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.errors import StorageError
from app.storage.models import Camera, Evidence
from app.storage.types import utc_now
from app.video.snapshot import SnapshotError, is_png

log = logging.getLogger(__name__)

SNAPSHOT_TAKEN = "evidence.snapshot"
SNAPSHOT_FOLDER = "snapshots"

#: Writes one PNG picture to the given path; returns how ("player" or "stream").
FrameGrab = Callable[[Path], str]


@dataclass(frozen=True)
class SnapshotRecord:
    evidence_id: int
    camera_id: int
    path: Path
    sha256: str
    captured_at: datetime
    method: str  # "player" (libvlc) or "stream" (ffmpeg from the hub)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class SnapshotService:
    def __init__(self, db: Database, audit: AuditTrail, evidence_dir: Path, *,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._evidence_dir = evidence_dir
        self._clock = clock

    def take(self, principal: Principal | None, camera_id: int, grab: FrameGrab,
             source: str = "wall") -> SnapshotRecord:
        """Grab a frame with `grab`, store it as evidence and audit it (worker thread)."""
        actor = require(principal, Permission.SNAPSHOT, camera_id)
        with self._db.session() as session:
            if session.get(Camera, camera_id) is None:
                raise SnapshotError(f"Camera #{camera_id} does not exist (any more).")
        captured_at = self._clock().astimezone(UTC)
        folder = self._evidence_dir / SNAPSHOT_FOLDER / captured_at.strftime("%Y-%m-%d")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".snap-",
                                                 suffix=".partial.png")
            os.close(handle)
        except OSError as exc:
            raise SnapshotError(f"The evidence folder {folder} cannot be written "
                                f"({exc.strerror or exc}).") from None
        temp = Path(temp_name)
        try:
            method = grab(temp)
            if not is_png(temp):
                raise SnapshotError("The picture taken is empty.")
            final = self._final_path(folder, camera_id, captured_at)
            with temp.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(temp, final)
            _fsync_folder(folder)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise SnapshotError(f"The picture could not be saved in {folder} "
                                f"({exc.strerror or exc}).") from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        digest = sha256_file(final)
        try:
            with self._audit.transaction() as session:
                row = Evidence(violation_id=None, camera_id=camera_id, kind="snapshot",
                               path=str(final), sha256=digest, captured_at=captured_at,
                               source=source)
                session.add(row)
                session.flush()
                self._audit.append_in(session, actor, SNAPSHOT_TAKEN, "evidence", row.id, {
                    "camera_id": camera_id, "sha256": digest, "path": str(final),
                    "source": source, "method": method})
                evidence_id = row.id
        except StorageError as exc:
            log.error("snapshot %s kept but not recorded: %s", final, exc)
            raise SnapshotError(f"The picture was saved as {final} but could not be recorded "
                                f"in the database: {exc}") from None
        log.info("snapshot of camera %d saved as evidence #%d (%s)", camera_id, evidence_id,
                 final)
        return SnapshotRecord(evidence_id, camera_id, final, digest, captured_at, method)

    @staticmethod
    def _final_path(folder: Path, camera_id: int, captured_at: datetime) -> Path:
        stem = f"cam{camera_id}-{captured_at:%Y%m%d-%H%M%S-%f}Z"
        candidate = folder / f"{stem}.png"
        counter = 1
        while candidate.exists():  # two snapshots in the same microsecond: never overwrite
            candidate = folder / f"{stem}-{counter}.png"
            counter += 1
        return candidate
