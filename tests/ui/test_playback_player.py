"""Players on real recordings with real libvlc: exact paused frames, frame steps, speeds,
segment changes and two players kept together. Frames are read back from the screen."""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.recording.dto import SourceRef
from app.recording.timeline import PlaybackCatalog
from app.storage.database import Database
from app.video.engine import VlcEngine
from tests.recording_support import T0, add_camera, sqlite_db
from tests.ui.playback_support import counter_clip, grab_region, read_counter, record_clip
from ui.playback.player import PlaybackController, PlayerView
from ui.playback.stills import StillFrameDecoder
from ui.playback.sync import PlaybackGroup

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display"),
]
FRAMES = 250  # 10 s at 25 fps, in 2 s segments


@dataclass
class Rig:
    db: Database
    host: QWidget
    views: list[PlayerView]
    players: list[PlaybackController]
    cameras: list[int]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def rig(qtbot, tmp_path: Path) -> Iterator[Rig]:  # type: ignore[no-untyped-def]
    db = sqlite_db(tmp_path / "db")
    cameras = [add_camera(db, 1), add_camera(db, 2)]
    for camera, tint in zip(cameras, [(255, 255, 255), (120, 255, 160)], strict=True):
        clip = counter_clip(tmp_path / f"clip{camera}.ts", FRAMES, tint=tint)
        record_clip(db, clip, tmp_path / "rec" / f"cam{camera}", camera, T0)
    engine = VlcEngine()
    decoder = StillFrameDecoder()
    catalog = PlaybackCatalog(db)
    host = QWidget()
    layout = QHBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    views, players = [], []
    for camera in cameras:
        view = PlayerView(host)
        view.setFixedSize(320, 240)
        layout.addWidget(view)
        player = PlaybackController(engine, catalog, view, decoder)
        player.set_source(SourceRef.camera(camera))
        views.append(view)
        players.append(player)
    host.move(0, 0)
    host.show()
    qtbot.waitExposed(host)
    try:
        yield Rig(db, host, views, players, cameras)
    finally:
        for player in players:
            player.shutdown()
        host.close()
        host.deleteLater()
        decoder.close()
        engine.release()
        db.engine.dispose()


def frames_on_screen(rig: Rig) -> list[int]:
    """Both players' frames from one grab of the screen (so both are seen at one instant)."""
    pixels = grab_region(rig.host)
    found = []
    for view in rig.views:
        top_left = view.mapTo(rig.host, view.rect().topLeft())
        found.append(read_counter(pixels[top_left.y():top_left.y() + view.height(),
                                         top_left.x():top_left.x() + view.width()]))
    return found


def show_paused(qtbot, player: PlaybackController, when: datetime) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(player.still_shown, timeout=5000):
        assert player.open_at(when)
    qtbot.wait(50)  # let the X server show the repainted label


def test_a_paused_seek_shows_exactly_the_frame_asked_for(qtbot, rig: Rig) -> None:
    player = rig.players[0]
    for seconds, frame in ((3.52, 88), (0.0, 0), (7.0, 175), (5.999, 149), (9.96, 249)):
        show_paused(qtbot, player, at(seconds))
        assert frames_on_screen(rig)[0] == frame, f"seek to {seconds} s"
        assert player.state == "paused"
    assert not player.open_at(at(12))  # after the recording
    assert player.state == "no_footage"


def test_frame_steps_forward_and_back_cross_segments(qtbot, rig: Rig) -> None:
    player = rig.players[0]
    show_paused(qtbot, player, at(3.96))  # frame 99, the last of the second segment
    for step, expected in ((1, 100), (1, 101), (-1, 100), (-1, 99), (-1, 98)):
        with qtbot.waitSignal(player.still_shown, timeout=5000):
            player.step(step)
        qtbot.wait(50)
        assert frames_on_screen(rig)[0] == expected


def test_playing_continues_into_the_next_segment_and_pauses_on_the_frame_shown(
        qtbot, rig: Rig) -> None:
    player = rig.players[0]
    group = PlaybackGroup()  # its timer drives the player's tick
    group.set_players([player])
    try:
        assert player.open_at(at(1.2), play=True)
        qtbot.waitUntil(lambda: player.view.showing_video, timeout=5000)
        qtbot.waitUntil(lambda: frames_on_screen(rig)[0] > 60, timeout=8000)  # past 2 s
        on_screen = frames_on_screen(rig)[0]
        estimate = player.position()
        with qtbot.waitSignal(player.still_shown, timeout=5000):
            player.pause()
    finally:
        group.shutdown()
    qtbot.wait(50)
    paused_frame = frames_on_screen(rig)[0]
    assert player.last_still is not None
    assert paused_frame == player.last_still.index + 50 * _segment_number(player)
    assert abs((player.position() - estimate).total_seconds()) < 0.05
    # The clock followed the pictures (libvlc's time is coarse: a few frames either way).
    assert abs(paused_frame - on_screen) <= 8, (paused_frame, on_screen)


def _segment_number(player: PlaybackController) -> int:
    name = Path(player.last_still.path).stem if player.last_still else ""
    return int(name.rsplit("_", 1)[-1])


def test_speed_changes_libvlc_rate_and_the_pictures_move_faster(
        qtbot, rig: Rig, request: pytest.FixtureRequest) -> None:
    player = rig.players[0]
    group = PlaybackGroup()
    group.set_players([player])
    request.addfinalizer(group.shutdown)
    player.set_speed(4.0)
    assert player.open_at(at(0.2), play=True)
    qtbot.wait(100)
    assert player.player.get_rate() == 4.0
    qtbot.waitUntil(lambda: player.view.showing_video and frames_on_screen(rig)[0] > 10,
                    timeout=8000)
    held = frames_on_screen(rig)[0]  # the first key frame is held until the clock reaches it
    qtbot.waitUntil(lambda: frames_on_screen(rig)[0] != held, timeout=8000)
    first, started = frames_on_screen(rig)[0], time.monotonic()
    qtbot.wait(1000)
    advanced, elapsed = frames_on_screen(rig)[0] - first, time.monotonic() - started
    # At 1× it would have advanced 25 frames a second; at 4× about 100.
    assert advanced > 1.6 * 25 * elapsed, (advanced, elapsed)
    with pytest.raises(ValueError):
        player.set_speed(3.0)


def test_two_synchronized_players_stay_within_one_frame(qtbot, rig: Rig) -> None:
    group = PlaybackGroup()
    group.set_players(rig.players)
    try:
        group.seek(at(0.5), play=True)
        qtbot.waitUntil(lambda: all(v.showing_video for v in rig.views), timeout=5000)
        qtbot.wait(300)
        qtbot.wait(1000)  # past the held first key frame
        samples = []
        for _ in range(20):
            samples.append(frames_on_screen(rig))
            qtbot.wait(150)
        assert samples[-1][0] > samples[0][0] + 10  # it plays
        assert max(samples[-1]) > 55  # and went on into the next segment
        # Two pictures 40 ms apart can be caught on either side of a frame change, so one
        # grab can see 2 between players whose clocks are < 1 frame apart: most must be ≤ 1.
        differences = sorted(abs(a - b) for a, b in samples)
        assert differences[-1] <= 2, samples
        assert differences[len(differences) * 3 // 4] <= 1, samples
        group.pause()
        qtbot.waitUntil(lambda: all(p.last_still is not None for p in rig.players),
                        timeout=5000)
        qtbot.wait(100)
        first, second = frames_on_screen(rig)
        assert first == second
    finally:
        group.shutdown()
