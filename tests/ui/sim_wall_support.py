"""A wall playing simulated cameras, and screen reading, for the wall's live-video UI tests.

libvlc draws into native child windows that `QWidget.grab()` does not see, so pictures come
from the X server (`QScreen.grabWindow(0, ...)`), which is what a person would see.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

from app.sim.farm import SimulatorFarm
from app.video.engine import VlcEngine
from app.video.hub import StreamHub
from app.video.hub_channel import PullerSettings
from ui.wall.tile import VideoTile
from ui.wall.wall_view import WallView

# Short clips keep the one-time transcode of the simulator's street video quick.
CLIP_SECONDS = 10


@dataclass(frozen=True)
class Profile:
    stream_uri: str | None


@dataclass(frozen=True)
class Camera:
    """What WallView.show_camera reads from a camera."""

    id: int
    name: str
    main_profile: Profile | None
    sub_profile: Profile | None


def sim_cache(base_temp: Path) -> Path:
    """One transcode cache for the whole test session (tmp_path_factory.getbasetemp())."""
    folder = base_temp / "sim-wall-cache"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def simulated_wall(cameras: int, grid: int, cache: Path,
                   size: tuple[int, int] = (960, 600)) -> Iterator[tuple[WallView, SimulatorFarm]]:
    """A shown WallView with one simulated camera per tile (sub-streams), torn down after."""
    # Quick give-up and retry so that a lost camera is noticed and recovered in seconds.
    settings = PullerSettings(stall_timeout_s=3, backoff_initial_s=0.3, backoff_cap_s=2)
    with SimulatorFarm(cameras=cameras, discovery=False, ptz_cameras=set(), cache_dir=cache,
                       max_video_seconds=CLIP_SECONDS) as farm:
        hub = StreamHub(settings=settings)
        hub.start()
        engine = VlcEngine()
        wall = WallView(engine, hub, grid=grid)
        try:
            wall.resize(*size)
            wall.move(0, 0)
            wall.show()
            for position, sim in enumerate(farm.cameras):
                camera = Camera(sim.index, sim.name, Profile(sim.rtsp_main),
                                Profile(sim.rtsp_sub))
                wall.show_camera(camera, position)
            yield wall, farm
        finally:
            wall.shutdown()
            wall.close()
            wall.deleteLater()
            hub.stop()
            engine.release()


def grab(wall: WallView) -> QImage:
    origin = wall.mapToGlobal(wall.rect().topLeft())
    return wall.screen().grabWindow(0, origin.x(), origin.y(), wall.width(),
                                    wall.height()).toImage()


def tile_pixels(image: QImage, wall: WallView, tile: VideoTile) -> np.ndarray:
    """The video surface of `tile` in a grab of `wall`, as an H x W x 3 int16 array."""
    surface = tile.video_surface
    top_left = surface.mapTo(wall, surface.rect().topLeft())
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    pixels = pixels.reshape(height, stride)[:, : width * 3].reshape(height, width, 3)
    return pixels[top_left.y(): top_left.y() + surface.height(),
                  top_left.x(): top_left.x() + surface.width()].astype(np.int16)


def live_with_frames(tile: VideoTile, frames: int = 10) -> bool:
    return tile.status.state == "live" and tile.status.frames > frames
