"""Every tile of a wall fed by simulated cameras shows real, moving video on the screen.

The pictures are read from the X server, as a person sees them (libvlc draws into native
windows that Qt's own widget grabs do not contain).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.ui.sim_wall_support import grab, live_with_frames, sim_cache, simulated_wall, tile_pixels

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
    pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="simulator needs gi"),
]
SCREENSHOT_COPY = Path("/tmp/wall_video_content.png")
# A street scene (mean ~115, std ~60 here): far from black or flat; people walk through
# it, so grabs 1.5 s apart differ (~8 grey levels on average; a frozen tile gives ~0).
MIN_STD = 15.0
MIN_MEAN = 25.0
MIN_CHANGE = 1.0


def test_every_tile_shows_real_changing_video(qtbot, qapp, tmp_path_factory: pytest.TempPathFactory,
                                              tmp_path: Path) -> None:
    with simulated_wall(4, 2, sim_cache(tmp_path_factory.getbasetemp())) as (wall, _farm):
        qtbot.waitExposed(wall)
        qtbot.waitUntil(lambda: all(live_with_frames(tile) for tile in wall.tiles),
                        timeout=30_000)
        first = grab(wall)
        qtbot.wait(1500)
        second = grab(wall)
        first.save(str(tmp_path / "wall-1.png"))
        second.save(str(tmp_path / "wall-2.png"))
        second.save(str(SCREENSHOT_COPY))
        for tile in wall.tiles:
            before = tile_pixels(first, wall, tile)
            after = tile_pixels(second, wall, tile)
            assert after.size > 0
            assert after.mean() > MIN_MEAN, f"tile {tile.index} is black"
            assert after.std() > MIN_STD, f"tile {tile.index} shows no picture"
            change = float(np.abs(after - before).mean())
            assert change > MIN_CHANGE, f"tile {tile.index} is frozen ({change:.2f})"
