"""Tile actions on the live wall: tours, the tile menu, snapshots as evidence, the tour editor.

Most tests drive a small stand-in wall with the API of ui.wall.wall_view.WallView that the
menu and the tour controller rely on; one test uses the real WallView. Snapshots come from
real libvlc players and a real stream hub fed by ffmpeg.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QMenu, QWidget

from app.hashing import sha256_file
from app.paths import AppPaths
from app.review.snapshots import SNAPSHOT_TAKEN, SnapshotService
from app.security.audit import AuditQuery
from app.storage.database import Database
from app.storage.models import Evidence
from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from app.video.hub_channel import PullerSettings
from app.wall.tours import Tour, TourState, TourStore
from tests.security_support import World, build_world
from ui.wall.tile_menu import TileActions
from ui.wall.tour_controller import TourController
from ui.wall.tour_editor import TourEditorDialog
from ui.wall.wall_view import WallView

pytestmark = pytest.mark.gui
needs_video = [
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
]
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


# ----- a stand-in wall with WallView's tile API ---------------------------------------------
@dataclass(frozen=True)
class Profile:
    token: str
    stream_uri: str | None


@dataclass(frozen=True)
class Cam:
    id: int
    name: str
    ptz: bool = False
    host: str = "127.0.0.1"
    port: int = 80
    main_profile: Profile | None = None
    sub_profile: Profile | None = None


class FakeTile(QFrame):
    clicked = Signal(int)

    def __init__(self, index: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.index = index
        self.stream_key: str | None = None
        self.player: object | None = None
        self.setMinimumSize(160, 120)
        self.setGeometry(0, 0, 160, 120)
        # As in VideoTile: only the surface libvlc draws into is a native window.
        self.video_surface = QFrame(self)
        self.video_surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.video_surface.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.video_surface.setGeometry(0, 0, 160, 120)


class FakeWall(QWidget):
    tile_menu_requested = Signal(int, QPoint)

    def __init__(self, count: int = 4) -> None:
        super().__init__()
        self._tiles = [FakeTile(i, self) for i in range(count)]
        for i, tile in enumerate(self._tiles):
            tile.move((i % 2) * 170, (i // 2) * 130)
        self.shown: dict[int, Cam] = {}

    @property
    def tiles(self) -> tuple[FakeTile, ...]:
        return tuple(self._tiles)

    def camera_at(self, index: int) -> Cam | None:
        return self.shown.get(index)

    def tile_at(self, index: int) -> FakeTile | None:
        return self._tiles[index] if 0 <= index < len(self._tiles) else None

    def stream_kind_at(self, index: int) -> str | None:
        return "sub" if index in self.shown else None

    def show_camera(self, camera: Cam, tile_index: int | None = None,
                    credentials: tuple[str, str] | None = None) -> int:
        index = 0 if tile_index is None else tile_index
        self.shown[index] = camera
        return index


@dataclass
class Shown:
    calls: list[tuple[int, int]] = field(default_factory=list)

    def __call__(self, camera_id: int, tile_index: int) -> None:
        self.calls.append((camera_id, tile_index))


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _find(menu: QMenu, name: str) -> QAction:
    for action in menu.actions():
        if action.objectName() == name:
            return action
        if action.menu() is not None and action.menu().objectName() == name:
            return action
    raise AssertionError(f"no action {name!r} in {[a.text() for a in menu.actions()]}")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    db = Database.open(f"sqlite:///{tmp_path / 'db' / 'trucban.db'}")
    db.upgrade()
    try:
        yield build_world(db)
    finally:
        db.dispose()


# ----- tours ---------------------------------------------------------------------------------
def test_tile_tour_pauses_on_click_and_resumes_from_the_menu(qtbot, world: World) -> None:
    wall = FakeWall()
    qtbot.addWidget(wall)
    clock, shown = FakeClock(), Shown()
    tours = TourController(wall, shown, clock=clock)
    tour = Tour("Cổng", (11, 12, 13), 5)
    actions = TileActions(wall, principal=lambda: world.by_role["duty_officer"], tours=tours,
                          list_tours=lambda: [tour])
    try:
        # Started from the tile menu, like an operator would.
        menu = actions.build_menu(1)
        tile_tours = _find(menu, "tourTile").menu()
        tile_tours.actions()[0].trigger()
        assert shown.calls == [(11, 1)]
        assert tours.state_of(1) is TourState.RUNNING and tours.state_of(0) is TourState.STOPPED
        clock.now += 5
        tours.tick()
        assert shown.calls[-1] == (12, 1)
        badge = wall.tile_at(1).findChild(QWidget, "tourBadge")
        assert badge is not None and "2/3" in badge.text()
        wall.tile_at(1).clicked.emit(1)  # a click on the touring tile pauses it
        assert tours.state_of(1) is TourState.PAUSED
        assert "paused" in wall.tile_at(1).toolTip() and badge.text() == "Tour paused"
        clock.now += 60
        tours.tick()
        assert shown.calls[-1] == (12, 1)  # paused: still on camera 12
        menu = actions.build_menu(1)
        _find(menu, "tourResume").trigger()
        assert tours.state_of(1) is TourState.RUNNING
        tours.tick()
        assert shown.calls[-1] == (12, 1)  # it keeps the 5 s it had left when paused
        clock.now += 5
        tours.tick()
        assert shown.calls[-1] == (13, 1)
        clock.now += 5
        tours.tick()
        assert shown.calls[-1] == (11, 1)  # wraps around
        menu = actions.build_menu(1)
        _find(menu, "tourStop").trigger()
        assert tours.state_of(1) is TourState.STOPPED and not tours.active
        assert wall.tile_at(1).toolTip() == ""
    finally:
        tours.shutdown()
        actions.shutdown()


def test_tour_this_layout_rotates_every_tile_page_by_page(qtbot, world: World) -> None:
    wall = FakeWall(count=4)
    qtbot.addWidget(wall)
    clock, shown = FakeClock(), Shown()
    tours = TourController(wall, shown, clock=clock)
    try:
        tours.start_layout_tour(Tour("Phường", tuple(range(1, 7)), 4))
        assert shown.calls == [(1, 0), (2, 1), (3, 2), (4, 3)]
        shown.calls.clear()
        clock.now += 4
        tours.tick()
        assert shown.calls == [(5, 0), (6, 1), (1, 2), (2, 3)]
        assert tours.is_layout_tour(2)
        wall.tile_at(3).clicked.emit(3)  # any tile of the page pauses the whole wall
        assert all(tours.state_of(i) is TourState.PAUSED for i in range(4))
        tours.resume(0)
        tours.start_tile_tour(0, Tour("Một", (9,), 3))  # a tile tour ends the layout tour
        assert tours.state_of(0) is TourState.RUNNING and tours.state_of(1) is TourState.STOPPED
    finally:
        tours.shutdown()


# ----- the tile menu -------------------------------------------------------------------------
def test_menu_explains_what_cannot_be_done(qtbot, world: World) -> None:
    wall = FakeWall()
    qtbot.addWidget(wall)
    officer = world.by_role["duty_officer"]
    recorded: set[int] = set()
    checks: list[tuple[int, datetime, datetime]] = []

    def recording_available(camera_id: int, start: datetime, end: datetime) -> bool:
        checks.append((camera_id, start, end))
        return camera_id in recorded

    tours = TourController(wall, Shown())
    service = SnapshotService(world.db, world.audit, AppPaths.from_env().evidence_dir)
    actions = TileActions(wall, principal=lambda: officer, recording_available=recording_available,
                          ptz_control_for=lambda camera: None, clock=lambda: NOW, tours=tours,
                          list_tours=lambda: [Tour("Vòng đêm", (1, 2, 3), 10)],
                          snapshots=service)
    try:
        wall.shown[0] = Cam(world.cameras[0], "Ngã tư Hàng Bài", ptz=True)
        menu = actions.build_menu(0)
        replay = _find(menu, "replay")
        assert not replay.isEnabled()
        assert replay.toolTip() == "No recording for this camera in the last 30 s"
        assert checks[-1] == (world.cameras[0], NOW - timedelta(seconds=30), NOW)
        mute = _find(menu, "mute")
        assert not mute.isEnabled() and "switched off" in mute.toolTip()
        assert _find(menu, "ptz").isEnabled()
        menu.popup(QPoint(40, 40))
        qtbot.waitExposed(menu)
        menu.grab().save("/tmp/tile_menu.png")
        menu.close()

        recorded.add(world.cameras[0])
        menu = actions.build_menu(0)
        with qtbot.waitSignal(actions.replay_requested) as replayed:
            _find(menu, "replay").trigger()
        assert replayed.args == [world.cameras[0], NOW - timedelta(seconds=30), NOW]
        with qtbot.waitSignal(actions.playback_requested) as opened:
            _find(menu, "playback").trigger()
        assert opened.args == [world.cameras[0], NOW]

        # An empty tile: nothing to act on, and the menu says why.
        empty = actions.build_menu(2)
        assert not _find(empty, "snapshot").isEnabled()
        assert _find(empty, "snapshot").toolTip() == "No camera in this tile."
        assert not any(a.objectName() == "ptz" for a in empty.actions())
        # Without a recording service the replay says so instead of failing.
        bare = TileActions(wall, principal=lambda: officer)
        bare_menu = bare.build_menu(0)
        assert "not set up" in _find(bare_menu, "replay").toolTip()
        bare.shutdown()
        # A role without PTZ control sees the action disabled, with the reason.
        admin_actions = TileActions(wall, principal=lambda: None, ptz_control_for=lambda c: None)
        admin_menu = admin_actions.build_menu(0)
        ptz = _find(admin_menu, "ptz")
        assert not ptz.isEnabled() and "role" in ptz.toolTip()
        admin_actions.shutdown()
        # The wall's right-click opens the menu.
        wall.show()
        wall.tile_menu_requested.emit(0, QPoint(60, 60))
        popped = [m for m in wall.findChildren(QMenu) if m.isVisible()]
        assert popped and popped[0].actions()[0].text() == "Ngã tư Hàng Bài"
        popped[0].close()
    finally:
        tours.shutdown()
        actions.shutdown()


# ----- snapshots from real players -----------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ListenSource:
    """A camera stand-in: ffmpeg serving a looping clip over HTTP until killed."""

    def __init__(self, clip: Path) -> None:
        self.url = f"http://127.0.0.1:{_free_port()}/src.ts"
        self.proc = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-loglevel", "quiet", "-nostdin", "-re",
             "-stream_loop", "-1", "-i", str(clip), "-c", "copy", "-f", "mpegts",
             "-listen", "1", self.url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture
def video(tmp_path: Path) -> Iterator[tuple[StreamHub, VlcEngine, ListenSource]]:
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
                    "-i", "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx264",
                    "-g", "25", "-pix_fmt", "yuv420p", str(clip)], check=True, timeout=60)
    source = ListenSource(clip)
    hub = StreamHub(settings=PullerSettings(stall_timeout_s=3, backoff_initial_s=0.3,
                                            backoff_cap_s=2))
    hub.start()
    engine = VlcEngine()
    try:
        yield hub, engine, source
    finally:
        hub.stop()
        engine.release()
        source.stop()


def _check_evidence(world: World, record_path: Path, sha256: str, camera_id: int) -> None:
    picture = cv2.imread(str(record_path))
    assert picture is not None and picture.shape[:2] == (240, 320)
    assert picture.std() > 20 and picture.mean() > 20, "the snapshot is black"
    assert sha256_file(record_path) == sha256
    with world.db.session() as session:
        row = session.scalars(sa.select(Evidence).where(Evidence.sha256 == sha256)).one()
        assert (row.kind, row.camera_id, row.source, row.path) == (
            "snapshot", camera_id, "wall", str(record_path))
        assert row.violation_id is None and row.captured_at.tzinfo is not None
    assert record_path.is_relative_to(AppPaths.from_env().evidence_dir)


def _wait_playing(qtbot, player) -> None:
    qtbot.waitUntil(lambda: player.stats().displayed > 10, timeout=20_000)


@needs_video[0]
@needs_video[1]
def test_snapshot_of_a_playing_tile_becomes_evidence(qtbot, world: World, video) -> None:
    hub, engine, source = video
    wall = FakeWall(count=1)
    wall.resize(200, 150)
    wall.show()
    qtbot.addWidget(wall)
    qtbot.waitExposed(wall)
    tile = wall.tile_at(0)
    tile.stream_key = "cam1-sub"
    url = hub.register("cam1-sub", source.url)
    player = engine.create_player()
    player.attach(int(tile.video_surface.winId()))
    player.play(url)
    tile.player = player
    camera_id = world.cameras[0]
    wall.shown[0] = Cam(camera_id, "Cổng UBND phường")
    officer = world.by_role["duty_officer"]
    service = SnapshotService(world.db, world.audit, AppPaths.from_env().evidence_dir)
    actions = TileActions(wall, principal=lambda: officer, snapshots=service,
                          stream_url_for=hub.url_for)
    try:
        _wait_playing(qtbot, player)
        with qtbot.waitSignal(actions.notice, timeout=20_000) as told:
            future = actions.take_snapshot(0)
        record = future.result()
        assert record.method == "player"  # libvlc's own picture
        _check_evidence(world, record.path, record.sha256, camera_id)
        assert str(record.path) in told.args[0] and f"#{record.evidence_id}" in told.args[0]
        audit = world.audit.query(world.by_role["supervisor"], AuditQuery(action=SNAPSHOT_TAKEN))
        assert audit.total == 1 and audit.records[0].details["sha256"] == record.sha256

        # A tile without a libvlc player: one frame is decoded from the hub's copy instead.
        tile.player = None
        with qtbot.waitSignal(actions.notice, timeout=30_000):
            future = actions.take_snapshot(0)
        fallback = future.result()
        assert fallback.method == "stream" and fallback.path != record.path
        _check_evidence(world, fallback.path, fallback.sha256, camera_id)

        # No signed-in user: refused before anything is grabbed.
        admin_actions = TileActions(wall, principal=lambda: world.admin, snapshots=service)
        admin_menu = admin_actions.build_menu(0)
        assert _find(admin_menu, "snapshot").isEnabled()  # administrators may
        nobody = TileActions(wall, principal=lambda: None, snapshots=service)
        assert nobody.take_snapshot(0) is None and "may not" in nobody.last_notice
        admin_actions.shutdown()
        nobody.shutdown()
        assert not list(service_dir_partials(AppPaths.from_env().evidence_dir))
    finally:
        actions.shutdown()
        player.release()


def service_dir_partials(folder: Path) -> Iterator[Path]:
    """Temporary files a snapshot left behind (there must be none)."""
    return folder.rglob("*.partial*")


@needs_video[0]
@needs_video[1]
@pytest.mark.skipif(not hasattr(WallView, "tile_menu_requested"),
                    reason="WallView has no tile_menu_requested signal (right-click menu) yet")
def test_snapshot_from_the_real_wall_menu(qtbot, world: World, video) -> None:
    hub, engine, source = video
    wall = WallView(engine, hub)
    wall.resize(640, 480)
    wall.show()
    qtbot.waitExposed(wall)
    camera_id = world.cameras[1]
    camera = Cam(camera_id, "Ngã tư Hàng Bài", sub_profile=Profile("sub", source.url))
    service = SnapshotService(world.db, world.audit, AppPaths.from_env().evidence_dir)
    actions = TileActions(wall, principal=lambda: world.by_role["duty_officer"],
                          snapshots=service, stream_url_for=hub.url_for)
    try:
        index = wall.show_camera(camera, 0, credentials=None)
        assert wall.camera_at(index) == camera
        qtbot.waitUntil(lambda: wall.tile_at(index).status.state == "live"
                        and wall.tile_at(index).status.frames > 10, timeout=20_000)
        wall.tile_menu_requested.emit(index, wall.mapToGlobal(QPoint(30, 30)))
        popped = [m for m in wall.findChildren(QMenu) if m.isVisible()]
        assert popped and popped[0].actions()[0].text() == camera.name
        snapshot = _find(popped[0], "snapshot")
        assert snapshot.isEnabled()
        with qtbot.waitSignal(actions.snapshot_saved, timeout=30_000) as saved:
            snapshot.trigger()
        record = saved.args[0]
        _check_evidence(world, record.path, record.sha256, camera_id)
        popped[0].close()
    finally:
        actions.shutdown()
        wall.shutdown()
        wall.close()
        wall.deleteLater()


# ----- the tour editor -----------------------------------------------------------------------
def test_tour_editor_saves_per_user_tours(qtbot, world: World) -> None:
    store = TourStore(world.db, world.audit)
    officer = world.by_role["duty_officer"]
    cameras = [Cam(world.cameras[0], "Cổng chính"), Cam(world.cameras[1], "Bãi xe")]
    dialog = TourEditorDialog(
        cameras, lambda: store.list_tours(officer), lambda tour: store.save(officer, tour),
        lambda tour_id: store.delete(officer, tour_id))
    qtbot.addWidget(dialog)
    assert dialog.dwell.minimum() == 3  # shorter dwell times cannot even be typed
    assert dialog.save() is None and dialog.error.text() == "Give the tour a name."
    dialog.name.setText("Vòng đêm")
    assert dialog.save() is None and "camera" in dialog.error.text()
    dialog.available.item(0).setSelected(True)
    dialog.available.item(1).setSelected(True)
    dialog.add_selected()
    dialog.chosen.setCurrentRow(1)
    dialog._move_chosen(-1)
    dialog.dwell.setValue(2)  # clamped by the spin box
    with qtbot.waitSignal(dialog.tours_changed):
        saved = dialog.save()
    assert saved is not None and saved.dwell_s == 3
    # Listed by name (Bãi xe first), both added, then Cổng chính moved up.
    assert saved.camera_ids == (world.cameras[0], world.cameras[1])
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save("/tmp/tour_editor.png")
    dialog.new_tour()
    dialog.name.setText("Vòng đêm")
    dialog.chosen.clear()
    dialog._append_chosen(world.cameras[0])
    assert dialog.save() is None and "already have a tour" in dialog.error.text()
    assert [t.name for t in store.list_tours(officer)] == ["Vòng đêm"]
    dialog.reload()
    dialog.delete_current()
    assert store.list_tours(officer) == []
