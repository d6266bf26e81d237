"""The wall plays four cameras through the stream hub with real libvlc, and survives a loss.

libvlc draws into native child windows that `QWidget.grab()` does not see, so pictures are
taken from the X root window with `QScreen.grabWindow(0, ...)`.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from app.video.hub_channel import PullerSettings
from ui.wall.tile import VideoTile
from ui.wall.wall_view import WallView

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
]
SCREENSHOT_COPY = Path("/tmp/wall_screenshot.png")


@dataclass(frozen=True)
class Profile:
    stream_uri: str | None


@dataclass(frozen=True)
class Camera:
    id: int
    name: str
    main_profile: Profile | None
    sub_profile: Profile | None


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
             "-listen", "1", self.url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("wall")
    paths = []
    # Different test patterns so that a tile showing another tile's camera would be noticed.
    for number, pattern in enumerate(["testsrc2", "testsrc", "smptebars", "rgbtestsrc"]):
        path = folder / f"clip{number}.mp4"
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
             "-i", f"{pattern}=size=320x240:rate=25", "-f", "lavfi",
             "-i", "testsrc2=size=96x48:rate=25",  # a moving inset so every pattern changes
             "-filter_complex", "[0][1]overlay=x=(main_w-96)*t/2:y=96",
             "-t", "2", "-c:v", "libx264", "-g", "25", "-pix_fmt", "yuv420p", str(path)],
            check=True, timeout=60,
        )
        paths.append(path)
    return paths


@pytest.fixture
def wall_parts(qapp: QApplication, clips: list[Path]) -> Iterator[tuple[WallView, list[ListenSource]]]:
    sources = [ListenSource(clip) for clip in clips]
    settings = PullerSettings(stall_timeout_s=3, backoff_initial_s=0.3, backoff_cap_s=2)
    hub = StreamHub(settings=settings)
    hub.start()
    engine = VlcEngine()
    wall = WallView(engine, hub)
    wall.resize(800, 640)
    wall.move(0, 0)
    wall.show()
    try:
        yield wall, sources
    finally:
        wall.shutdown()
        wall.close()
        wall.deleteLater()
        hub.stop()
        engine.release()
        for source in sources:
            source.stop()


def _grab(wall: WallView) -> QImage:
    origin = wall.mapToGlobal(wall.rect().topLeft())
    screen = wall.screen()
    return screen.grabWindow(0, origin.x(), origin.y(), wall.width(), wall.height()).toImage()


def _region(image: QImage, wall: WallView, tile: VideoTile) -> np.ndarray:
    surface = tile.video_surface
    top_left = surface.mapTo(wall, surface.rect().topLeft())
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    pixels = pixels.reshape(height, stride)[:, : width * 3].reshape(height, width, 3)
    return pixels[
        top_left.y() : top_left.y() + surface.height(), top_left.x() : top_left.x() + surface.width()
    ].astype(np.int16)


def _all_live(wall: WallView) -> bool:
    return all(tile.status.state == "live" and tile.status.frames > 10 for tile in wall.tiles)


def test_wall_plays_four_cameras_and_survives_a_lost_source(
    qtbot, wall_parts: tuple[WallView, list[ListenSource]], tmp_path: Path
) -> None:
    wall, sources = wall_parts
    qtbot.waitExposed(wall)
    for number, source in enumerate(sources):
        camera = Camera(number + 1, f"Camera {number + 1}", Profile(None), Profile(source.url))
        assert wall.show_camera(camera, credentials=None) == number
    assert [tile.camera_name for tile in wall.tiles] == [f"Camera {n}" for n in range(1, 5)]
    assert [tile.stream_key for tile in wall.tiles] == [f"cam{n}-sub" for n in range(1, 5)]
    qtbot.waitUntil(lambda: _all_live(wall), timeout=20_000)

    first = _grab(wall)
    qtbot.wait(1000)
    second = _grab(wall)
    first.save(str(tmp_path / "wall-1.png"))
    second.save(str(tmp_path / "wall-2.png"))
    second.save(str(SCREENSHOT_COPY))
    for tile in wall.tiles:
        before, after = _region(first, wall, tile), _region(second, wall, tile)
        assert before.size > 0
        assert after.std() > 20, f"tile {tile.index} shows no picture"
        assert np.abs(after - before).mean() > 0.5, f"tile {tile.index} is frozen"

    # Camera 2 disappears: its tile says so, the others keep playing.
    sources[1].stop()
    lost_tile = wall.tiles[1]
    qtbot.waitUntil(lambda: lost_tile.status.state in ("reconnecting", "offline"), timeout=15_000)
    assert lost_tile.status.reason
    frames_before = {tile.index: tile.status.frames for tile in wall.tiles}
    shot_before = _grab(wall)
    qtbot.wait(1500)
    shot_after = _grab(wall)
    shot_after.save(str(tmp_path / "wall-lost.png"))
    for tile in wall.tiles:
        if tile is lost_tile:
            continue
        assert tile.status.state == "live"
        assert tile.status.frames > frames_before[tile.index]
        changed = np.abs(_region(shot_after, wall, tile) - _region(shot_before, wall, tile)).mean()
        assert changed > 0.5, f"tile {tile.index} froze when another camera was lost"
    assert lost_tile.status.state in ("reconnecting", "offline")


def test_grid_and_tile_choice(qtbot, wall_parts: tuple[WallView, list[ListenSource]]) -> None:
    wall, sources = wall_parts
    assert len(wall.tiles) == 4
    wall.set_grid(3)
    assert len(wall.tiles) == 9 and wall.grid_size == 3
    with pytest.raises(ValueError):
        wall.set_grid(6)
    with pytest.raises(ValueError):
        wall.show_camera(Camera(1, "A", None, Profile(sources[0].url)), tile_index=9)
    no_address = Camera(2, "Không có địa chỉ", Profile(None), Profile(None))
    assert wall.show_camera(no_address, tile_index=4) == 4
    assert wall.tiles[4].status.state == "offline"
    wall.select_tile(2)
    assert [tile.selected for tile in wall.tiles].count(True) == 1 and wall.tiles[2].selected
    # One full-size tile plays the main stream; small tiles play the sub-stream.
    both = Camera(3, "B", Profile(sources[0].url), Profile(sources[1].url))
    assert wall.show_camera(both, tile_index=0) == 0
    assert wall.tiles[0].stream_key == "cam3-sub"
    wall.set_grid(1)
    assert len(wall.tiles) == 1 and wall.tiles[0].stream_key == "cam3-main"
    wall.clear()
    assert wall.tiles[0].status.state == "idle"
