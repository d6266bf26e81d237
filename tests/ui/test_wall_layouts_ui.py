"""Wall layouts on screen: presets, the custom editor, drops, swaps, stored layouts and presets
across two screens, main/sub stream choice when maximising, and the keyboard."""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from app.storage.database import Database
from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from app.video.hub_channel import PullerSettings
from app.wall.layouts import PRESETS, WallLayout, preset
from app.wall.repository import WallLayoutRepository
from tests.ui.conftest import CAMERAS, SITES
from tests.ui.test_wall_playback import Camera, ListenSource, Profile
from ui.cameras.camera_tree_model import CameraTreeModel
from ui.wall.layout_editor import LayoutEditorDialog
from ui.wall.layout_menu import LayoutMenu
from ui.wall.tile import VideoTile, encode_tile_drag
from ui.wall.wall_view import SPACING, WallView
from ui.wall.wall_window import WallWindowManager

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
]
SCREENSHOT = Path("/tmp/wall_1plus7.png")


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("layouts")
    paths = []
    for number, pattern in enumerate(["testsrc2", "smptebars", "testsrc", "rgbtestsrc"]):
        path = folder / f"clip{number}.mp4"
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
             "-i", f"{pattern}=size=320x240:rate=25", "-t", "2", "-c:v", "libx264",
             "-g", "25", "-pix_fmt", "yuv420p", str(path)], check=True, timeout=60)
        paths.append(path)
    return paths


@pytest.fixture
def video(qapp: QApplication) -> Iterator[tuple[VlcEngine, StreamHub]]:
    hub = StreamHub(settings=PullerSettings(stall_timeout_s=3, backoff_initial_s=0.3,
                                            backoff_cap_s=2))
    hub.start()
    engine = VlcEngine()
    try:
        yield engine, hub
    finally:
        hub.stop()
        engine.release()


@pytest.fixture
def walls(video: tuple[VlcEngine, StreamHub]) -> Iterator[list[WallView]]:
    """Walls made by a test, shut down afterwards."""
    made: list[WallView] = []
    yield made
    for wall in made:
        wall.shutdown()
        wall.close()
        wall.deleteLater()
    QApplication.processEvents()


def _wall(video: tuple[VlcEngine, StreamHub], walls: list[WallView], **options: object) -> WallView:
    wall = WallView(*video, **options)  # type: ignore[arg-type]
    walls.append(wall)
    wall.resize(800, 640)
    wall.move(0, 0)
    wall.show()
    return wall


class RelistenSource:
    """A camera stand-in that takes one viewer at a time, and the next one after it left:
    ffmpeg serving a looping clip over HTTP, started again whenever its viewer disconnects."""

    def __init__(self, clip: Path) -> None:
        self._source = ListenSource(clip)
        self.url = self._source.url
        self._clip = clip
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._relisten, daemon=True)
        self._thread.start()

    def _relisten(self) -> None:
        while not self._stopped.is_set():
            if self._source.proc.poll() is not None and not self._stopped.is_set():
                port = self.url.rsplit(":", 1)[1].split("/")[0]
                self._source.proc = subprocess.Popen(
                    ["ffmpeg", "-hide_banner", "-loglevel", "quiet", "-nostdin", "-re",
                     "-stream_loop", "-1", "-i", str(self._clip), "-c", "copy", "-f", "mpegts",
                     "-listen", "1", f"http://127.0.0.1:{port}/src.ts"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self._stopped.wait(0.1)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()
        self._source.stop()


def _screen_of(window: QWidget) -> int:
    """Index of the QScreen the window's native window is on. The list is fetched fresh:
    PySide invalidates the QScreen wrapper that QWindow.screen() returned once that window is
    deleted, so a list kept from before would hold a dead wrapper."""
    return QGuiApplication.screens().index(window.windowHandle().screen())


def _cameras_without_streams(count: int) -> dict[int, Camera]:
    return {n: Camera(n, f"Camera {n}", None, None) for n in range(1, count + 1)}


def _source(cameras: dict[int, Camera]):
    return lambda camera_id: (cameras[camera_id], None) if camera_id in cameras else None


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_renders_its_cell_geometry(qtbot, video, walls, key: str) -> None:
    wall = _wall(video, walls, layout=preset(key))
    qtbot.waitExposed(wall)
    layout = preset(key)
    qtbot.waitUntil(lambda: wall.tiles[-1].geometry().right() > wall.width() - 5)
    unit_w = (wall.width() + SPACING) / layout.columns
    unit_h = (wall.height() + SPACING) / layout.rows
    assert len(wall.tiles) == layout.tile_count
    for tile, cell in zip(wall.tiles, layout.cells, strict=True):
        box = tile.geometry()
        assert abs(box.x() - cell.col * unit_w) <= 2, (key, cell)
        assert abs(box.y() - cell.row * unit_h) <= 2, (key, cell)
        assert abs(box.width() - (cell.colspan * unit_w - SPACING)) <= 2, (key, cell)
        assert abs(box.height() - (cell.rowspan * unit_h - SPACING)) <= 2, (key, cell)


def test_custom_editor_makes_a_valid_layout(qtbot) -> None:
    dialog = LayoutEditorDialog(WallLayout.grid(2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.columns.setValue(4)
    dialog.rows.setValue(3)
    canvas = dialog.canvas
    assert dialog.current_layout().tile_count == 12

    def drag(first: tuple[int, int], last: tuple[int, int]) -> None:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas.square_rect(*first).center())
        qtbot.mouseMove(canvas, canvas.square_rect(*last).center())
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas.square_rect(*last).center())

    drag((0, 0), (1, 1))  # a 2×2 tile in the top-left corner
    layout = dialog.result_layout()
    assert layout.tile_count == 9 and layout.is_full
    assert layout.cells[0].rowspan == 2 and layout.cells[0].colspan == 2
    drag((1, 1), (2, 2))  # cuts through the big tile: refused with a message
    assert dialog.message.text() and dialog.current_layout() == layout
    drag((0, 2), (2, 3))  # a 3×2 tile on the right
    assert dialog.result_layout().tile_count == 4  # 2×2, 3×2 and two small ones below
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.square_rect(0, 0).center())
    assert dialog.result_layout().tile_count == 7  # the 2×2 was split again
    dialog.undo()
    assert dialog.result_layout().tile_count == 4
    canvas.grab().save("/tmp/layout_editor.png")


def test_drops_from_the_tree_fill_tiles_and_tiles_swap(qtbot, video, walls) -> None:
    cameras = _cameras_without_streams(20)
    wall = _wall(video, walls, grid=3, camera_source=_source(cameras))
    model = CameraTreeModel()
    model.populate(SITES, CAMERAS)
    province = model.index(0, 0)  # "Thành phố Hà Nội": its camera and its ward's two
    mime = model.mimeData([province])
    assert mime is not None

    def drop(tile: VideoTile, data) -> None:
        # As during a real drag: the tile accepts the drag entering it, then the drop.
        enter = QDragEnterEvent(QPointF(tile.rect().center()), Qt.DropAction.CopyAction, data,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(tile, enter)
        assert enter.isAccepted()
        event = QDropEvent(QPointF(tile.rect().center()), Qt.DropAction.CopyAction, data,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(tile, event)
        assert event.isAccepted()

    cameras.update({c.id: Camera(c.id, c.name, None, None) for c in CAMERAS})
    drop(wall.tiles[7], mime)  # three cameras from tile 8: only two tiles are left
    shown = [getattr(wall.camera_at(i), "id", None) for i in range(9)]
    assert shown[:7] == [None] * 7 and set(shown[7:]) <= {11, 12, 13} and None not in shown[7:]
    assert wall.tiles[7].camera_name == wall.camera_at(7).name
    drop(wall.tiles[0], model.mimeData([model.index(0, 0, province)]) or mime)
    first = wall.camera_at(0)
    assert first is not None

    moved = wall.tiles[0]
    drop(wall.tiles[8], encode_tile_drag(wall.tiles[0].wall_token, 0, first.id))
    assert wall.camera_at(8) is first and wall.tiles[8] is moved and moved.index == 8
    assert wall.wall_layout.camera_ids()[8] == first.id

    other = _wall(video, walls, grid=2, camera_source=_source(cameras))
    drop(other.tiles[3], encode_tile_drag(wall.tiles[8].wall_token, 8, first.id))
    assert other.camera_at(3) is not None and other.camera_at(3).id == first.id
    assert wall.camera_at(8) is first  # dragging to another wall copies

    seen: list[tuple[int, QPoint]] = []
    wall.tile_menu_requested.connect(lambda index, pos: seen.append((index, pos)))
    point = wall.tiles[4].rect().center()
    QApplication.sendEvent(wall.tiles[4], QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, wall.tiles[4].mapToGlobal(point)))
    assert seen == [(4, wall.tiles[4].mapToGlobal(point))] and wall.selected_index == 4


def test_named_layouts_round_trip_through_the_database(qtbot, video, walls,
                                                       migrated_db: Database) -> None:
    cameras = _cameras_without_streams(10)
    wall = _wall(video, walls, camera_source=_source(cameras))
    repository = WallLayoutRepository(migrated_db)
    executor = ThreadPoolExecutor(max_workers=1)
    manager = WallWindowManager(*video, main_wall=wall, repository=repository, executor=executor,
                                camera_source=_source(cameras))
    menu = LayoutMenu(manager, repository, target=lambda: wall)
    try:
        menu.preset_actions["1+7"].trigger()
        assert wall.wall_layout.same_geometry(preset("1+7"))
        wall.drop_cameras(0, [3, 1, 4, 1, 5, 9])
        saved = wall.wall_layout
        menu.save_layout("Ca đêm — ngã tư")
        qtbot.waitUntil(lambda: menu.layout_names == ["Ca đêm — ngã tư"], timeout=10_000)
        menu.preset_actions["2x2"].trigger()
        assert wall.wall_layout.camera_ids() == (3, 1, 4, 1)
        menu.load_layout("Ca đêm — ngã tư")
        qtbot.waitUntil(lambda: wall.wall_layout == saved, timeout=10_000)
        menu._rebuild()
        assert [a.text() for a in menu.saved_menu.actions()] == ["Ca đêm — ngã tư"]
        menu.delete_layout("Ca đêm — ngã tư")
        qtbot.waitUntil(lambda: menu.layout_names == [], timeout=10_000)

        # The main wall shows again what it showed when the workstation closed.
        manager.flush_saves()
        executor.submit(lambda: None).result()  # the save queued before it has run
        fresh = _wall(video, walls, camera_source=_source(cameras))
        later = WallWindowManager(*video, main_wall=fresh, repository=repository,
                                  executor=executor)
        later.restore_main_wall()
        qtbot.waitUntil(lambda: fresh.wall_layout == saved, timeout=10_000)
    finally:
        manager.close_all()
        executor.shutdown(wait=True)
        QApplication.processEvents()


def test_sixteen_tiles_on_two_screens_saved_as_a_preset(qtbot, video, migrated_db: Database) -> None:
    screens = QGuiApplication.screens()
    assert len(screens) == 2, "the test session's Xvfb has two screens"
    cameras = _cameras_without_streams(16)
    repository = WallLayoutRepository(migrated_db)
    manager = WallWindowManager(*video, repository=repository, camera_source=_source(cameras))
    menu = LayoutMenu(manager, repository)
    left = WallLayout.grid(4, 2).with_cameras(range(1, 9))
    right = preset("1+7").with_cameras(range(9, 17))
    try:
        first = manager.open_on_screen(0, left)
        second = manager.open_on_screen(1, right)
        qtbot.waitExposed(second)
        assert (_screen_of(first), _screen_of(second)) == (0, 1)
        qtbot.waitUntil(lambda: second.geometry() == QGuiApplication.screens()[1].geometry())
        assert second.is_full_screen()
        assert len(first.wall.tiles) + len(second.wall.tiles) == 16
        second.wall.grab().save("/tmp/wall_screen2.png")
        menu.save_preset("Hai màn hình")
        assert menu.preset_names == ["Hai màn hình"]
        manager.close_all()
        QApplication.processEvents()
        assert manager.windows == ()

        menu.load_preset("Hai màn hình")
        restored = {w.screen_index: w for w in manager.windows}
        assert sorted(restored) == [0, 1]
        assert restored[0].wall.wall_layout == left
        assert restored[1].wall.wall_layout == right
        assert (_screen_of(restored[0]), _screen_of(restored[1])) == (0, 1)
        assert restored[1].wall.camera_at(0).name == "Camera 9"

        # Each screen remembers what it showed last.
        restored[1].wall.set_layout(preset("2x2"), keep_cameras=True)
        restored[1].close()
        QApplication.processEvents()
        again = manager.open_on_screen(1)
        assert again.wall.wall_layout == preset("2x2").with_cameras([9, 10, 11, 12])
    finally:
        manager.close_all()
        QApplication.processEvents()


def test_maximise_plays_the_main_stream_and_layouts_reuse_tiles(
        qtbot, video, walls, clips: list[Path]) -> None:
    subs = [RelistenSource(clip) for clip in clips]
    mains = [RelistenSource(clips[3]), RelistenSource(clips[0])]  # cameras 1 and 3
    sources = subs + mains
    try:
        cameras = {n + 1: Camera(n + 1, f"Camera {n + 1}", None, Profile(subs[n].url))
                   for n in range(4)}
        cameras[1] = Camera(1, "Camera 1", Profile(mains[0].url), Profile(subs[0].url))
        cameras[3] = Camera(3, "Camera 3", Profile(mains[1].url), Profile(subs[2].url))
        wall = _wall(video, walls, grid=2, camera_source=_source(cameras))
        qtbot.waitExposed(wall)
        wall.drop_cameras(0, [1, 2, 3, 4])
        assert [wall.stream_kind_at(i) for i in range(4)] == ["sub"] * 4
        assert wall.tiles[0].stream_key == "cam1-sub"
        qtbot.waitUntil(lambda: all(t.status.state == "live" for t in wall.tiles), timeout=20_000)

        tile = wall.tiles[0]
        qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
        assert wall.maximized_index == 0 and wall.stream_kind_at(0) == "main"
        assert tile.stream_key == "cam1-main"
        assert not wall.tiles[1].isVisible()
        qtbot.waitUntil(lambda: tile.geometry().size() == wall.size())
        qtbot.waitUntil(lambda: tile.status.state == "live" and tile.status.frames > 5,
                        timeout=20_000)
        qtbot.keyClick(wall, Qt.Key.Key_Escape)
        assert wall.maximized_index is None and wall.stream_kind_at(0) == "sub"
        assert wall.tiles[1].isVisible()
        wall.select_tile(2)
        qtbot.keyClick(wall, Qt.Key.Key_Return)
        assert wall.maximized_index == 2 and wall.tiles[2].stream_key == "cam3-main"
        qtbot.mouseDClick(wall.tiles[2], Qt.MouseButton.LeftButton)
        assert wall.maximized_index is None and wall.tiles[2].stream_key == "cam3-sub"

        # 2×2 → 1+7: the same tile objects keep playing the same cameras, without re-opening.
        qtbot.waitUntil(lambda: all(t.status.state == "live" for t in wall.tiles), timeout=20_000)
        before = list(wall.tiles)
        wall.set_layout(preset("1+7"), keep_cameras=True)
        assert wall.tiles[:4] == tuple(before)
        assert [wall.camera_at(i).id for i in range(4)] == [1, 2, 3, 4]
        assert all(t.status.state == "live" for t in wall.tiles[:4])
        wall.drop_cameras(4, [2, 3, 4, 1])
        wall.resize(1024, 768)
        qtbot.waitUntil(lambda: all(t.status.state == "live" and t.status.frames > 10
                                    for t in wall.tiles), timeout=20_000)
        # A big cell above the height threshold plays main; the small ones stay on sub.
        qtbot.waitUntil(lambda: wall.stream_kind_at(0) == "main", timeout=5_000)
        assert {wall.stream_kind_at(i) for i in range(1, 8)} == {"sub"}
        qtbot.waitUntil(lambda: wall.tiles[0].status.state == "live", timeout=20_000)
        qtbot.wait(600)
        origin = wall.mapToGlobal(QPoint(0, 0))
        wall.screen().grabWindow(0, origin.x(), origin.y(), wall.width(), wall.height()).save(
            str(SCREENSHOT))
    finally:
        for source in sources:
            source.stop()


def test_keyboard_moves_and_maximises(qtbot, video, walls) -> None:
    wall = _wall(video, walls, grid=5)
    wall.setFocus()
    qtbot.keyClick(wall, Qt.Key.Key_7)
    assert wall.selected_index == 6
    qtbot.keyClick(wall, Qt.Key.Key_1)
    qtbot.keyClick(wall, Qt.Key.Key_2)
    assert wall.selected_index == 11  # two digits typed together: tile 12
    qtbot.keyClick(wall, Qt.Key.Key_3)  # tile 3 (a "3" cannot start a number ≤ 25 … but 3x can)
    assert wall.selected_index == 2
    for key, expected in ((Qt.Key.Key_Down, 7), (Qt.Key.Key_Right, 8), (Qt.Key.Key_Up, 3),
                          (Qt.Key.Key_Left, 2)):
        qtbot.keyClick(wall, key)
        assert wall.selected_index == expected
    qtbot.keyClick(wall, Qt.Key.Key_Enter)
    assert wall.maximized_index == 2
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert wall.maximized_index is None
    wall.set_layout(preset("1+7"))
    wall.select_tile(0)
    qtbot.keyClick(wall, Qt.Key.Key_Right)
    assert wall.selected_index == 1
    qtbot.keyClick(wall, Qt.Key.Key_Down)
    qtbot.keyClick(wall, Qt.Key.Key_Down)
    qtbot.keyClick(wall, Qt.Key.Key_Down)
    assert wall.selected_index == 7  # the bottom-right tile


def test_f11_toggles_full_screen_of_a_wall_window(qtbot, video) -> None:
    manager = WallWindowManager(*video)
    try:
        window = manager.open_on_screen(1, preset("2x2"), full_screen=False)
        qtbot.waitExposed(window)
        assert not window.is_full_screen()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need the active window
        qtbot.keyClick(window.wall, Qt.Key.Key_F11)
        qtbot.waitUntil(window.is_full_screen)
        qtbot.keyClick(window.wall, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: not window.is_full_screen())
        with pytest.raises(ValueError):
            manager.open_on_screen(5)
    finally:
        manager.close_all()
        QApplication.processEvents()
