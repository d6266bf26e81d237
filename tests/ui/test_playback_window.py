"""The playback window on real recordings: marks, bookmarks, imported footage placed by its
clock offset, an export that verifies, and a screenshot."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.recording.bookmarks import BookmarkService
from app.recording.cli import run_export
from app.recording.dto import SourceKind, SourceRef
from app.recording.export import VIETNAM_TIME, ExportService
from app.recording.imports import FootageImporter
from app.recording.timeline import PlaybackCatalog
from app.storage.models import Violation
from app.storage.repositories import EventRepository
from app.video.engine import VlcEngine
from tests.recording_support import T0, sqlite_db
from tests.security_support import World, build_world
from tests.ui.playback_support import counter_clip, grab_region, record_clip, shown_frame
from ui.playback.playback_window import PlaybackWindow

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
]
SCREENSHOT_COPY = Path("/tmp/playback_window.png")


@dataclass(frozen=True)
class Cam:
    id: int
    name: str


@dataclass
class Setup:
    world: World
    window: PlaybackWindow
    cameras: list[int]
    bookmarks: BookmarkService
    tmp: Path


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def setup(qtbot, tmp_path: Path) -> Iterator[Setup]:  # type: ignore[no-untyped-def]
    db = sqlite_db(tmp_path / "db")
    world = build_world(db)
    cameras = world.cameras
    for camera, tint in zip(cameras, [(255, 255, 255), (120, 255, 160)], strict=True):
        clip = counter_clip(tmp_path / f"clip{camera}.ts", 250, tint=tint)
        record_clip(db, clip, tmp_path / "rec" / f"cam{camera}", camera, T0)
    EventRepository(db).add("line.crossed", "Xe cắt vạch dừng", camera_id=cameras[0],
                            severity="warning", time=at(6.0))
    with db.session() as session:
        session.add(Violation(camera_id=cameras[1], type_code="6/9/b", plate="30A-123.45",
                              plate_confidence=0.9, state="detected", detected_at=at(4.0)))
    investigator = world.by_role["investigator"]
    bookmarks = BookmarkService(db, world.audit)
    bookmarks.add(investigator, SourceRef.camera(cameras[1]), at(8.0), note="Người đi bộ",
                  tags=["kiểm tra"])
    engine = VlcEngine()
    names = {cameras[0]: "Ngã tư Hàng Bài", cameras[1]: "Cổng UBND phường"}
    window = PlaybackWindow(
        engine, PlaybackCatalog(db), bookmarks,
        cameras=lambda: [Cam(c, names[c]) for c in cameras],
        principal=lambda: investigator, exporter=ExportService(db, world.audit),
        importer=FootageImporter(db, tmp_path / "imports", world.audit),
        export_dir=tmp_path)
    window.move(0, 0)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield Setup(world, window, cameras, bookmarks, tmp_path)
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        engine.release()
        db.engine.dispose()


def open_two(qtbot, setup: Setup, when: datetime) -> None:  # type: ignore[no-untyped-def]
    window = setup.window
    qtbot.waitUntil(lambda: window.source_list.count() == 2, timeout=5000)
    with qtbot.waitSignal(window.timeline.data_loaded, timeout=5000):
        window.open_at(setup.cameras[0], when)
        window.set_sources([SourceRef.camera(c) for c in setup.cameras])
    window.timeline.set_window(at(-2), timedelta(minutes=2))
    wait_stills(qtbot, window)


def wait_stills(qtbot, window: PlaybackWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: all(p.last_still is not None and p.state == "paused"
                                for p in window.players), timeout=5000)
    qtbot.wait(80)


def test_jump_to_marks_and_bookmarks(qtbot, setup: Setup) -> None:
    window = setup.window
    open_two(qtbot, setup, at(1.0))
    assert [shown_frame(v) for v in window.views] == [25, 25]
    for player in window.players:
        player.last_still = None
    window.jump_to_mark(True)  # the violation on camera 2 at 4 s
    wait_stills(qtbot, window)
    assert window.group.position() == at(4.0)
    assert [shown_frame(v) for v in window.views] == [100, 100]
    for player in window.players:
        player.last_still = None
    window.buttons["next_mark"].click()  # the event on camera 1 at 6 s
    wait_stills(qtbot, window)
    assert window.group.position() == at(6.0)
    assert shown_frame(window.views[0]) == 150
    assert window.message.text() == "Xe cắt vạch dừng"

    panel = window.bookmark_panel
    panel.note.setText("Xe máy vượt đèn đỏ")
    panel.tags.setText("đèn đỏ, xe máy")
    with qtbot.waitSignal(panel.bookmarks_changed, timeout=5000):
        panel.add_button.click()
    qtbot.waitUntil(lambda: panel.results.count() == 2, timeout=5000)
    panel.search_text.setText("VƯỢT")
    panel.search()
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=5000)
    found = panel.results.item(0).data(Qt.ItemDataRole.UserRole)
    assert found.time == at(6.0) and found.tags == ("đèn đỏ", "xe máy")
    assert found.source == SourceRef.camera(setup.cameras[0])
    panel.search_text.clear()
    panel.search_tag.setText("kiểm tra")
    panel.search()
    qtbot.waitUntil(lambda: panel.results.count() == 1 and "Người đi bộ" in
                    panel.results.item(0).text(), timeout=5000)
    panel.search_tag.clear()
    panel.filter_by_source(SourceRef.camera(setup.cameras[0]))
    qtbot.waitUntil(lambda: panel.results.count() == 1 and "vượt" in
                    panel.results.item(0).text(), timeout=5000)
    # Double-click jumps there; the new bookmark shows on the timeline.
    for player in window.players:
        player.last_still = None
    panel.filter_by_source(None)
    qtbot.waitUntil(lambda: panel.results.count() == 2, timeout=5000)
    item = next(panel.results.item(n) for n in range(2)
                if "Người đi bộ" in panel.results.item(n).text())
    panel.results.itemDoubleClicked.emit(item)
    wait_stills(qtbot, window)
    assert window.group.position() == at(8.0)
    assert shown_frame(window.views[1]) == 200
    qtbot.waitUntil(lambda: len([m for m in window.timeline.data.marks
                                 if m.kind.value == "bookmark"]) == 2, timeout=5000)


def test_imported_clip_is_placed_by_its_clock_offset(qtbot, setup: Setup) -> None:
    window = setup.window
    open_two(qtbot, setup, at(1.0))
    clip = counter_clip(setup.tmp / "dashcam.mp4", 100, fmt="mp4", tint=(255, 200, 90))
    dialog = window.open_import_dialog()
    assert dialog is not None
    dialog.file.setText(str(clip))
    dialog.owner.setText("Nguyễn Văn An")
    dialog.source.setText("Camera hành trình")
    # The dashcam's clock read 20 s when the true time was 5 s: offset −15 s.
    device_start = at(20).astimezone(VIETNAM_TIME)
    dialog.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(device_start.timestamp())))
    dialog.offset.setValue(-15.0)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    footage = dialog.result_value
    assert footage is not None and footage.true_start == at(5.0)
    dialog.close()
    source = SourceRef.imported(footage.id)
    qtbot.waitUntil(lambda: source in window.chosen_sources(), timeout=5000)
    window.timeline.set_window(at(-2), timedelta(minutes=2))
    qtbot.waitUntil(lambda: any(r.source == source for r in window.timeline.data.ranges),
                    timeout=5000)
    placed = next(r for r in window.timeline.data.ranges if r.source == source)
    assert (placed.start, placed.end) == (at(5.0), at(9.0))
    row = window.timeline.sources.index(source)
    image = window.timeline.grab().toImage()
    y = round(window.timeline.row_rect(row).center().y())
    inside, before = window.timeline.x_for(at(7.0)), window.timeline.x_for(at(3.0))
    assert image.pixelColor(round(inside), y).green() > 100
    assert image.pixelColor(round(before), y).green() < 80
    # Playing it at true time 6 s shows its frame 25 (one second into the file).
    for player in window.players:
        player.last_still = None
    window.seek(at(6.0))
    wait_stills(qtbot, window)
    view = window.views[window.chosen_sources().index(source)]
    assert shown_frame(view) == 25


def test_export_dialog_writes_a_zip_that_verifies(qtbot, setup: Setup,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    window = setup.window
    open_two(qtbot, setup, at(2.0))
    window.timeline.set_selection(at(1.0), at(5.0))
    dialog = window.open_export_dialog()
    assert dialog is not None
    assert dialog.request().start == at(1.0) and dialog.request().end == at(5.0)
    assert {s.kind for s in dialog.request().sources} == {SourceKind.CAMERA}
    dialog.case_number.setText("VV-2026/117")
    dialog.burn_timestamp.setChecked(True)
    target = setup.tmp / "vu-viec.zip"
    dialog.destination.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    assert dialog.result_value is not None and dialog.result_value.zip_path == target
    assert str(target) in dialog.status.text()
    assert run_export(["verify", str(target)]) == 0
    assert "OK" in capsys.readouterr().out
    dialog.close()


def test_screenshot_with_two_cameras_marks_and_bookmarks(qtbot, setup: Setup) -> None:
    window = setup.window
    open_two(qtbot, setup, at(3.0))
    window.group.play()
    qtbot.waitUntil(lambda: all(v.showing_video for v in window.views), timeout=5000)
    qtbot.wait(1200)
    window.group.pause()
    wait_stills(qtbot, window)
    window.timeline.set_selection(at(2.0), at(7.0))
    qtbot.waitUntil(lambda: len(window.timeline.data.marks) == 3, timeout=5000)
    window.bookmark_panel.search()
    qtbot.waitUntil(lambda: window.bookmark_panel.results.count() == 1, timeout=5000)
    qtbot.wait(300)
    pixels = grab_region(window)
    image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1] * 3,
                   QImage.Format.Format_RGB888).copy()
    image.save(str(setup.tmp / "playback.png"))
    image.save(str(SCREENSHOT_COPY))
    frames = [shown_frame(v) for v in window.views]
    assert frames[0] == frames[1] and frames[0] > 75
