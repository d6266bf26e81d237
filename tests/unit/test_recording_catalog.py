"""The playback API: recorded ranges, time → file and offset, timeline marks, bookmarks."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.recording.bookmarks import BookmarkQuery, BookmarkService
from app.recording.dto import MarkKind, SourceRef
from app.recording.index import SegmentIndex
from app.recording.timeline import PlaybackCatalog
from app.security.audit import AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.errors import NotFoundError
from app.storage.repositories import EventRepository
from tests.recording_support import T0, fake_segment
from tests.security_support import T0 as VIOLATION_T0  # when insert_violation detects
from tests.security_support import build_world, insert_violation


def _seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def test_ranges_merge_contiguous_segments_and_show_gaps(migrated_db: Database,
                                                       tmp_path: Path) -> None:
    world = build_world(migrated_db)
    cam = world.cameras[0]
    index = SegmentIndex(migrated_db)
    for n in range(3):  # 00:00–03:00 contiguous
        fake_segment(index, tmp_path, cam, T0 + _seconds(60 * n))
    fake_segment(index, tmp_path, cam, T0 + _seconds(600))  # 10:00–11:00
    fake_segment(index, tmp_path, cam, T0 + _seconds(700), status="damaged")
    open_id = index.open_segment(cam, T0 + _seconds(900), str(tmp_path / "live.ts"))
    catalog = PlaybackCatalog(migrated_db)
    source = SourceRef.camera(cam)

    ranges = catalog.ranges([source, SourceRef.camera(world.cameras[1])],
                            T0 + _seconds(30), T0 + _seconds(3600))

    assert [(r.start, r.end, r.segment_count, r.live) for r in ranges[:2]] == [
        (T0 + _seconds(30), T0 + _seconds(180), 3, False),
        (T0 + _seconds(600), T0 + _seconds(660), 1, False)]
    assert ranges[2].start == T0 + _seconds(900) and ranges[2].live
    assert len(ranges) == 3  # the damaged segment and the camera without footage add nothing

    position = catalog.resolve(source, T0 + _seconds(75.5))
    assert position is not None
    assert position.offset_s == pytest.approx(15.5)
    assert position.file_start == T0 + _seconds(60)
    assert Path(position.path).name.startswith(f"cam{cam}_")
    assert catalog.resolve(source, T0 + _seconds(300)) is None  # in the gap
    assert catalog.resolve(source, T0 + _seconds(720)) is None  # damaged
    live = catalog.resolve(source, T0 + _seconds(950))
    assert live is not None and live.recording_id == open_id and live.file_end is None
    assert catalog.next_recorded(source, T0 + _seconds(300)) == T0 + _seconds(600)


def test_marks_list_events_violations_and_bookmarks_in_the_window(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    cam, other = world.cameras
    events = EventRepository(migrated_db)
    events.add("line.crossed", "Xe cắt vạch", camera_id=cam, time=T0 + _seconds(10))
    events.add("line.crossed", "ngoài cửa sổ", camera_id=cam, time=T0 - _seconds(10))
    events.add("line.crossed", "camera khác", camera_id=other, time=T0 + _seconds(10))
    violation = insert_violation(migrated_db, cam)
    bookmarks = BookmarkService(migrated_db, world.audit)
    officer = world.by_role["duty_officer"]
    mark = bookmarks.add(officer, SourceRef.camera(cam), T0 + _seconds(20), note="Đáng chú ý")

    catalog = PlaybackCatalog(migrated_db)
    found = catalog.marks([SourceRef.camera(cam)], T0, T0 + _seconds(60))
    assert [(m.kind, m.label) for m in found] == [(MarkKind.EVENT, "Xe cắt vạch"),
                                                  (MarkKind.BOOKMARK, "Đáng chú ý")]
    assert found[1].id == mark.id
    around = catalog.marks([SourceRef.camera(cam)], VIOLATION_T0 - _seconds(1),
                           VIOLATION_T0 + _seconds(1), kinds=[MarkKind.VIOLATION])
    assert [(m.kind, m.id, m.severity) for m in around] == [
        (MarkKind.VIOLATION, violation, "detected")]


def test_bookmark_crud_search_and_permissions(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    cam, other = world.cameras
    service = BookmarkService(migrated_db, world.audit)
    officer = world.by_role["duty_officer"]
    first = service.add(officer, SourceRef.camera(cam), T0, note="Xe máy ĐI NGƯỢC chiều",
                        tags=["ngược chiều", "xe máy"], case_number=" VV-7/2026 ")
    service.add(officer, SourceRef.camera(other), T0 + _seconds(60), note="ô tô đỗ sai",
                tags=["đỗ xe"])
    assert first.case_number == "VV-7/2026" and first.tags == ("ngược chiều", "xe máy")

    assert [b.id for b in service.search(BookmarkQuery(text="đi ngược"))] == [first.id]
    assert [b.id for b in service.search(BookmarkQuery(tags=("XE MÁY",)))] == [first.id]
    assert [b.id for b in service.search(BookmarkQuery(case_number="VV-7/2026"))] == [first.id]
    assert len(service.search(BookmarkQuery(sources=(SourceRef.camera(other),)))) == 1
    assert len(service.search(BookmarkQuery(start=T0 + _seconds(30)))) == 1
    assert len(service.search()) == 2

    changed = service.update(officer, first.id, note="đã xác minh", end_time=T0 + _seconds(5))
    assert changed.note == "đã xác minh" and changed.end_time == T0 + _seconds(5)
    with pytest.raises(ValueError):
        service.update(officer, first.id, end_time=T0 - _seconds(5))
    with pytest.raises(PermissionDenied):
        service.add(None, SourceRef.camera(cam), T0)
    with pytest.raises(NotFoundError):
        service.add(officer, SourceRef.camera(9999), T0)
    service.delete(officer, first.id)
    with pytest.raises(NotFoundError):
        service.get(first.id)
    page = world.audit.query(world.admin, AuditQuery(action_prefix="bookmark."))
    assert sorted(r.action for r in page.records) == [
        "bookmark.create", "bookmark.create", "bookmark.delete", "bookmark.update"]
