"""Retention: by age and by quota, oldest first; protected, held, case-bookmarked and
evidence-linked segments survive; files and index rows go together."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from app.recording.index import SegmentIndex
from app.recording.retention import RetentionManager, RetentionPolicy
from app.storage.database import Database
from app.storage.models import Bookmark, Evidence
from tests.recording_support import T0, add_camera, fake_segment

NOW = T0 + timedelta(days=40)


def _manager(db: Database, **policy: object) -> RetentionManager:
    return RetentionManager(db, RetentionPolicy(**policy), clock=lambda: NOW)  # type: ignore[arg-type]


def _surviving(index: SegmentIndex) -> set[int]:
    return {s.id for s in index.segments()}


def test_age_limit_deletes_old_files_and_rows_but_keeps_protected(migrated_db: Database,
                                                                  tmp_path: Path) -> None:
    index = SegmentIndex(migrated_db)
    cam = add_camera(migrated_db, 1)
    old = [fake_segment(index, tmp_path, cam, T0 + timedelta(minutes=m)) for m in range(3)]
    kept = fake_segment(index, tmp_path, cam, T0 + timedelta(minutes=5), protected=True)
    recent = fake_segment(index, tmp_path, cam, NOW - timedelta(days=1))
    paths = {s.id: Path(s.path) for s in index.segments()}

    result = _manager(migrated_db, max_age_days=30).enforce()

    assert {s.id for s in result.deleted} == set(old)
    assert _surviving(index) == {kept, recent}
    assert not any(paths[i].exists() for i in old)
    assert paths[kept].exists() and paths[recent].exists()
    assert result.freed_bytes == 3000
    assert result.kept_by_hold == 1


def test_quota_deletes_oldest_first_until_under_quota(migrated_db: Database,
                                                      tmp_path: Path) -> None:
    index = SegmentIndex(migrated_db)
    cam1, cam2 = add_camera(migrated_db, 1), add_camera(migrated_db, 2)
    ids = []
    for minute in range(6):  # interleaved cameras, 1000 bytes each
        cam = cam1 if minute % 2 == 0 else cam2
        ids.append(fake_segment(index, tmp_path, cam, NOW - timedelta(hours=6 - minute)))
    protected_oldest = fake_segment(index, tmp_path, cam1, NOW - timedelta(hours=10),
                                    protected=True)

    result = _manager(migrated_db, max_age_days=None, quota_bytes=4000).enforce()

    # 7000 bytes, quota 4000: the three oldest unprotected segments go.
    assert [s.id for s in result.deleted] == ids[:3]
    assert _surviving(index) == {*ids[3:], protected_oldest}
    assert result.remaining_bytes == 4000


def test_holds_case_bookmarks_and_evidence_keep_their_segments(migrated_db: Database,
                                                              tmp_path: Path) -> None:
    index = SegmentIndex(migrated_db)
    cam = add_camera(migrated_db, 1)
    seg = [fake_segment(index, tmp_path, cam, T0 + timedelta(hours=h)) for h in range(5)]
    # hour 0: explicit hold; hour 1: bookmark with a case; hour 2: a bookmark without one;
    # hour 3: evidence captured from the camera; hour 4: nothing.
    index.add_hold(cam, T0 + timedelta(seconds=10), T0 + timedelta(seconds=20),
                   reason="legal hold", case_number="VV-12/2026")
    with migrated_db.session() as session:
        session.add(Bookmark(camera_id=cam, time=T0 + timedelta(hours=1, minutes=3),
                             note="xe vượt đèn đỏ", tags=[], case_number="VV-13/2026"))
        session.add(Bookmark(camera_id=cam, time=T0 + timedelta(hours=2, minutes=3),
                             note="không có vụ việc", tags=[]))
        session.add(Evidence(camera_id=cam, kind="image", path="/x.jpg", sha256="0" * 64,
                             captured_at=T0 + timedelta(hours=3, seconds=30)))

    result = _manager(migrated_db, max_age_days=1).enforce()

    assert {s.id for s in result.deleted} == {seg[2], seg[4]}
    assert _surviving(index) == {seg[0], seg[1], seg[3]}


def test_segments_being_written_are_never_deleted(migrated_db: Database,
                                                  tmp_path: Path) -> None:
    index = SegmentIndex(migrated_db)
    cam = add_camera(migrated_db, 1)
    open_id = index.open_segment(cam, T0, str(tmp_path / "open.ts"))
    result = _manager(migrated_db, max_age_days=1, quota_bytes=0).enforce()
    assert result.deleted == ()
    assert _surviving(index) == {open_id}


def test_free_space_deletes_oldest_only_when_overwriting_is_allowed(tmp_path: Path,
                                                                    migrated_db: Database
                                                                    ) -> None:
    index = SegmentIndex(migrated_db)
    cam = add_camera(migrated_db, 1)
    ids = [fake_segment(index, tmp_path, cam, NOW - timedelta(minutes=10 - m)) for m in range(4)]
    assert _manager(migrated_db, overwrite_when_full=False).free_space(1500) == 0
    assert _surviving(index) == set(ids)
    assert _manager(migrated_db).free_space(1500) == 2000
    assert _surviving(index) == set(ids[2:])
