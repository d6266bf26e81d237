"""Helpers for the recording, export and import tests: clips, databases, fake segments."""
from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.recording.index import SegmentIndex
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.repositories import CameraRepository

T0 = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)


def make_clip(path: Path, seconds: float = 6.0, *, size: str = "320x240", rate: int = 25,
              fmt: str | None = None, creation_time: str | None = None) -> Path:
    """A test-pattern H.264 clip with a key frame every second."""
    args = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc2=size={size}:rate={rate}", "-t", str(seconds), "-c:v", "libx264",
            "-preset", "ultrafast", "-g", str(rate), "-pix_fmt", "yuv420p"]
    if creation_time:
        args += ["-metadata", f"creation_time={creation_time}"]
    if fmt:
        args += ["-f", fmt]
    subprocess.run([*args, str(path)], check=True, timeout=60)
    return path


_template: Path | None = None


def sqlite_db(folder: Path) -> Database:
    """A migrated SQLite database in `folder` (copied from one migrated once per run)."""
    global _template
    if _template is None:
        scratch = Path(tempfile.mkdtemp(prefix="trucban-db-template-"))
        atexit.register(shutil.rmtree, scratch, True)
        template = Database.open(f"sqlite:///{scratch / 'template.db'}")
        template.upgrade()
        template.engine.dispose()  # the last connection folds the WAL into the file
        _template = scratch / "template.db"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template, folder / "trucban.db")
    return Database.open(f"sqlite:///{folder / 'trucban.db'}")


def add_camera(db: Database, number: int) -> int:
    return CameraRepository(db).add(CameraCreate(name=f"Camera {number}",
                                                 host=f"127.0.0.{number}", port=80)).id


def fake_segment(index: SegmentIndex, root: Path, camera_id: int, start: datetime,
                 seconds: float = 60.0, size: int = 1000, status: str = "complete",
                 protected: bool = False) -> int:
    """An indexed segment whose file holds `size` bytes (not video: for index tests)."""
    from app.hashing import sha256_file
    path = root / f"cam{camera_id}" / f"cam{camera_id}_{start:%Y%m%dT%H%M%S_%f}Z.ts"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x47" * size)
    segment_id = index.open_segment(camera_id, start, str(path))
    index.close_segment(segment_id, start + timedelta(seconds=seconds), size,
                        sha256_file(path), status)
    if protected:
        index.set_protected([segment_id])
    return segment_id


def split_ts(clip: Path, folder: Path, segment_s: int = 2) -> list[Path]:
    """Cut a TS clip into segments at key frames, as the recorder does (timestamps kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(clip),
                    "-c", "copy", "-map", "0:v:0", "-f", "segment", "-segment_time",
                    str(segment_s), "-segment_format", "mpegts",
                    str(folder / "part%03d.ts")], check=True, timeout=60)
    return sorted(folder.glob("part*.ts"))
