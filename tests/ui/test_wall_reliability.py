"""The wall rides out lost cameras: nine simulated cameras play, three are cut off and come
back. The lost tiles say so while the other six keep playing, and the three recover on their
own once their cameras answer again."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.ui.sim_wall_support import grab, live_with_frames, sim_cache, simulated_wall

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
    pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="simulator needs gi"),
]
LOST_CAMERAS = (2, 5, 9)  # simulator camera indexes; tile index = camera index - 1
RECOVERY_WAIT_MS = 10_000
SCREENSHOT_COPY = Path("/tmp/wall_reliability.png")


def test_three_lost_cameras_do_not_disturb_the_others_and_recover(
    qtbot, qapp, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with simulated_wall(9, 3, sim_cache(tmp_path_factory.getbasetemp())) as (wall, farm):
        qtbot.waitExposed(wall)
        qtbot.waitUntil(lambda: all(live_with_frames(tile) for tile in wall.tiles),
                        timeout=40_000)
        lost = [wall.tiles[index - 1] for index in LOST_CAMERAS]
        kept = [tile for tile in wall.tiles if tile not in lost]

        for index in LOST_CAMERAS:
            farm.set_fault(index, "stream_drop")
        try:
            qtbot.waitUntil(lambda: all(tile.status.state in ("reconnecting", "offline")
                                        for tile in lost), timeout=20_000)
            assert all(tile.status.reason for tile in lost)
            # While three cameras are gone, the other six keep decoding new pictures.
            frames_before = {tile.index: tile.status.frames for tile in kept}
            qtbot.wait(2000)
            for tile in kept:
                status = tile.status
                assert status.state == "live", f"tile {tile.index}: {status}"
                assert status.frames > frames_before[tile.index], f"tile {tile.index} froze"
                assert status.fps > 0
            for tile in lost:
                assert tile.status.state in ("reconnecting", "offline")
            grab(wall).save(str(SCREENSHOT_COPY.with_name("wall_reliability_lost.png")))
        finally:
            for index in LOST_CAMERAS:
                farm.set_fault(index, "stream_drop", on=False)

        # Nobody touches the wall: the three tiles find their cameras again by themselves.
        qtbot.waitUntil(lambda: all(live_with_frames(tile, 5) for tile in lost),
                        timeout=RECOVERY_WAIT_MS)
        frames_before = {tile.index: tile.status.frames for tile in wall.tiles}
        qtbot.wait(1500)
        for tile in wall.tiles:
            assert tile.status.state == "live", f"tile {tile.index}: {tile.status}"
            assert tile.status.frames > frames_before[tile.index], f"tile {tile.index} froze"
        grab(wall).save(str(SCREENSHOT_COPY))
