"""Imported footage: checked, copied unchanged, placed on true time by its clock offset,
playable, bookmarkable and exportable like a camera; bad files are refused."""
from __future__ import annotations

import os
import shutil
import stat
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.hashing import sha256_file
from app.recording.bookmarks import BookmarkService
from app.recording.dto import MarkKind, SourceRef
from app.recording.errors import FootageRefused
from app.recording.export import ExportRequest, ExportService
from app.recording.imports import FootageImporter
from app.recording.manifest import verify_export
from app.recording.timeline import PlaybackCatalog
from app.security.permissions import PermissionDenied
from tests.recording_support import make_clip, sqlite_db
from tests.security_support import World, build_world

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
DASHCAM_CLOCK = datetime(2026, 3, 8, 6, 30, 0, tzinfo=UTC)  # what the dashcam wrote


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(sqlite_db(tmp_path / "db"))


def _importer(world: World, tmp_path: Path) -> FootageImporter:
    return FootageImporter(world.db, tmp_path / "evidence" / "imports", world.audit)


def test_footage_with_clock_offset_appears_at_the_shifted_time(world: World,
                                                               tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "dashcam.mp4", 4.0,
                     creation_time=DASHCAM_CLOCK.strftime("%Y-%m-%dT%H:%M:%S.000000Z"))
    original = sha256_file(clip)
    investigator = world.by_role["investigator"]
    footage = _importer(world, tmp_path).add(
        investigator, clip, owner="Trần Văn Bình", source="camera hành trình",
        location="Ngã tư Hàng Xanh", clock_offset_s=-125.0)

    # Copied unchanged, read-only, under its hash; the original is untouched.
    stored = Path(footage.path)
    assert stored.parent == tmp_path / "evidence" / "imports"
    assert sha256_file(stored) == original == footage.sha256 and sha256_file(clip) == original
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert footage.file_start == DASHCAM_CLOCK
    assert footage.duration_s == pytest.approx(4.0, abs=0.1)

    true_start = DASHCAM_CLOCK - timedelta(seconds=125)
    source = SourceRef.imported(footage.id)
    catalog = PlaybackCatalog(world.db)
    ranges = catalog.ranges([source], true_start - timedelta(hours=1),
                            true_start + timedelta(hours=1))
    assert len(ranges) == 1 and ranges[0].start == true_start
    assert ranges[0].end == true_start + timedelta(seconds=footage.duration_s or 0)
    assert catalog.ranges([source], DASHCAM_CLOCK, DASHCAM_CLOCK + timedelta(hours=1)) == []
    position = catalog.resolve(source, true_start + timedelta(seconds=1.5))
    assert position is not None and position.path == footage.path
    assert position.offset_s == pytest.approx(1.5) and position.recording_id is None

    # Bookmarked and exported like a camera.
    mark = BookmarkService(world.db).add(investigator, source, true_start + timedelta(seconds=2),
                                         note="biển số rõ")
    marks = catalog.marks([source], true_start, true_start + timedelta(seconds=4))
    assert [(m.kind, m.id) for m in marks] == [(MarkKind.BOOKMARK, mark.id)]
    result = ExportService(world.db, world.audit).export(investigator, ExportRequest(
        (source,), true_start + timedelta(seconds=1), true_start + timedelta(seconds=3),
        tmp_path / "import.zip"))
    assert verify_export(result.zip_path).ok
    with zipfile.ZipFile(result.zip_path) as archive:
        assert result.files[0].name.startswith(f"import{footage.id}_")
        assert archive.getinfo(result.files[0].name).file_size > 0

    # The offset can be corrected later; the range follows.
    fixed = _importer(world, tmp_path).set_clock_offset(investigator, footage.id, 0.0)
    assert fixed.true_start == DASHCAM_CLOCK


def test_start_time_from_the_user_when_the_file_has_none(world: World, tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "phone.ts", 2.0, fmt="mpegts")
    importer = _importer(world, tmp_path)
    with pytest.raises(FootageRefused, match="enter the start time"):
        importer.add(world.by_role["investigator"], clip)
    given = datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    footage = importer.add(world.by_role["investigator"], clip, start_at=given,
                           clock_offset_s=30)
    assert footage.true_start == given + timedelta(seconds=30)
    with pytest.raises(FootageRefused, match="already imported"):
        importer.add(world.by_role["investigator"], clip, start_at=given)


def test_corrupt_and_foreign_files_are_refused_with_a_reason(world: World,
                                                             tmp_path: Path) -> None:
    importer = _importer(world, tmp_path)
    officer = world.by_role["investigator"]
    text = tmp_path / "notes.mp4"
    text.write_text("đây không phải là video")
    with pytest.raises(FootageRefused, match="notes.mp4"):
        importer.add(officer, text, start_at=DASHCAM_CLOCK)
    clip = make_clip(tmp_path / "good.mp4", 2.0)
    broken = tmp_path / "broken.mp4"
    data = bytearray(clip.read_bytes())
    broken.write_bytes(bytes(data[: len(data) // 3]))  # the moov index is at the end: lost
    with pytest.raises(FootageRefused, match="broken.mp4"):
        importer.add(officer, broken, start_at=DASHCAM_CLOCK)
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(FootageRefused, match="empty"):
        importer.add(officer, empty, start_at=DASHCAM_CLOCK)
    with pytest.raises(FootageRefused, match="does not exist"):
        importer.add(officer, tmp_path / "nope.mp4", start_at=DASHCAM_CLOCK)
    with pytest.raises(FootageRefused, match="clock offset"):
        importer.add(officer, clip, start_at=DASHCAM_CLOCK, clock_offset_s=float("nan"))
    with pytest.raises(PermissionDenied):
        importer.add(world.by_role["duty_officer"], clip, start_at=DASHCAM_CLOCK)
    imports_dir = tmp_path / "evidence" / "imports"
    assert not imports_dir.exists() or os.listdir(imports_dir) == []
    assert PlaybackCatalog(world.db).footage_list() == []
