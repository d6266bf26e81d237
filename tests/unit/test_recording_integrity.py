"""Index/file reconciliation and crash recovery of segments left open."""
from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from app.hashing import sha256_file
from app.recording.index import SegmentIndex
from app.recording.integrity import check_integrity, find_gaps, recover_interrupted
from app.recording.probe import probe
from tests.recording_support import T0, add_camera, fake_segment, make_clip, sqlite_db

pytestmark = pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs ffmpeg")


def test_reconciliation_finds_missing_empty_unindexed_and_changed_files(tmp_path: Path) -> None:
    db = sqlite_db(tmp_path / "db")
    index = SegmentIndex(db)
    root = tmp_path / "rec"
    cam = add_camera(db, 1)
    ok = fake_segment(index, root, cam, T0)
    missing = fake_segment(index, root, cam, T0 + timedelta(minutes=1))
    empty = fake_segment(index, root, cam, T0 + timedelta(minutes=2))
    grown = fake_segment(index, root, cam, T0 + timedelta(minutes=3))
    flipped = fake_segment(index, root, cam, T0 + timedelta(minutes=4))
    after_gap = fake_segment(index, root, cam, T0 + timedelta(minutes=10))
    path = {s.id: Path(s.path) for s in index.segments()}
    path[missing].unlink()
    path[empty].write_bytes(b"")
    path[grown].write_bytes(b"\x47" * 1200)
    path[flipped].write_bytes(b"\x48" + b"\x47" * 999)  # same size, other content
    stray = root / "cam1" / "cam1_20260504T020000_000000Z.ts"
    stray.write_bytes(b"\x47" * 188)

    quick = check_integrity(index, [root])
    full = check_integrity(index, [root], verify_hashes=True)

    assert quick.checked == 6 and not quick.ok
    assert [s.id for s in quick.missing] == [missing]
    assert [s.id for s in quick.zero_size] == [empty]
    assert [(s.id, size) for s, size in quick.size_mismatch] == [(grown, 1200)]
    assert quick.hash_mismatch == ()  # hashes only when asked
    assert [s.id for s in full.hash_mismatch] == [flipped]
    assert quick.unindexed == (str(stray),)
    assert [(g.start, g.end) for g in quick.gaps] == [
        (T0 + timedelta(minutes=5), index.get(after_gap).start_at)]  # type: ignore[union-attr]
    assert ok not in {s.id for s in (*full.missing, *full.zero_size, *full.hash_mismatch)}
    assert "1 missing" in full.summary() and "1 not in the index" in full.summary()


def test_contiguous_segments_have_no_gap(tmp_path: Path) -> None:
    db = sqlite_db(tmp_path / "db")
    index = SegmentIndex(db)
    cam = add_camera(db, 1)
    for n in range(3):
        fake_segment(index, tmp_path / "rec", cam, T0 + timedelta(seconds=60 * n))
    assert find_gaps(index.segments()) == []
    assert check_integrity(index, [tmp_path / "rec"], verify_hashes=True).ok


def test_recovery_repairs_truncated_segments_and_marks_unreadable_ones(tmp_path: Path) -> None:
    db = sqlite_db(tmp_path / "db")
    index = SegmentIndex(db)
    cam = add_camera(db, 1)
    clip = make_clip(tmp_path / "clip.ts", 4.0, fmt="mpegts")
    data = clip.read_bytes()
    rec = tmp_path / "rec"
    rec.mkdir()
    # What kill -9 leaves: a TS cut in the middle of a packet, an empty file, no file at all.
    truncated = rec / "cut.ts"
    truncated.write_bytes(data[: len(data) // 2 + 77])
    (rec / "empty.ts").write_bytes(b"")
    garbage = rec / "garbage.ts"
    garbage.write_bytes(b"not a video at all" * 50)
    ids = {name: index.open_segment(cam, T0, str(rec / name))
           for name in ("cut.ts", "empty.ts", "none.ts", "garbage.ts")}
    buffer_id = fake_segment(index, rec, cam, T0, status="buffer")
    buffer_path = Path(index.get(buffer_id).path)  # type: ignore[union-attr]

    result = recover_interrupted(index)

    repaired = index.get(ids["cut.ts"])
    assert repaired is not None and repaired.status == "repaired"
    duration = probe(truncated).duration_s
    assert duration is not None and 1.0 < duration < 3.5
    assert repaired.end_at == T0 + timedelta(seconds=duration)
    assert repaired.size_bytes == truncated.stat().st_size
    assert repaired.sha256 == sha256_file(truncated)
    for name in ("empty.ts", "none.ts", "garbage.ts"):
        row = index.get(ids[name])
        assert row is not None and row.status == "damaged", name
    assert {s.id for s in result.repaired} == {ids["cut.ts"]}
    assert len(result.damaged) == 3
    assert result.buffers_dropped == 1
    assert index.get(buffer_id) is None and not buffer_path.exists()
    assert garbage.exists()  # damaged files are kept for inspection
    assert index.by_status("recording") == []
