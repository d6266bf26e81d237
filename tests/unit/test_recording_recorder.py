"""The channel recorder fed by a stand-in hub: segments cut at key frames, event mode with
pre/post buffer, and disk-full protection through an injected free-space function."""
from __future__ import annotations

import itertools
import queue
import shutil
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Self

import pytest

from app.hashing import sha256_file
from app.recording.dto import ChannelConfig
from app.recording.index import SegmentIndex
from app.recording.probe import decodes, probe
from app.recording.recorder import ChannelRecorder, RecorderState
from app.storage.repositories import EventRepository
from app.video.hub import HubError
from app.video.subscription import TS_PACKET
from tests.recording_support import T0, add_camera, make_clip, sqlite_db

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
CLIP_S = 8.0
CHUNK = TS_PACKET * 40


class SteppedClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class FakeSubscription:
    """Replays a TS file as the hub would, moving the clock as if it arrived live."""

    def __init__(self, data: bytes, clock: SteppedClock, on_chunk: Callable[[int], None]) -> None:
        self._chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)]
        self._total = len(data)
        self._clock = clock
        self._on_chunk = on_chunk
        self._sent = 0
        self.finished = False

    def get(self, timeout: float | None = None) -> bytes | None:
        if not self._chunks:
            self.finished = True
            return None
        chunk = self._chunks.pop(0)
        self._clock.now = T0 + timedelta(seconds=CLIP_S * self._sent / self._total)
        self._sent += len(chunk)
        self._on_chunk(self._sent)
        return chunk

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class FakeHub:
    def __init__(self, data: bytes, clock: SteppedClock,
                 on_chunk: Callable[[int], None] = lambda sent: None) -> None:
        self.subscription = FakeSubscription(data, clock, on_chunk)
        self._given = False

    def subscribe(self, key: str) -> FakeSubscription:
        if self._given:
            raise HubError(f"unknown stream: {key}")
        self._given = True
        return self.subscription


@pytest.fixture(scope="module")
def ts_data(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("recorder")
    return make_clip(folder / "clip.ts", CLIP_S, size="160x120", fmt="mpegts").read_bytes()


def _run(recorder: ChannelRecorder, hub: FakeHub) -> None:
    recorder.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = recorder.status().state
        if state in (RecorderState.DISK_FULL, RecorderState.FAILED):
            break
        if hub.subscription.finished and state is RecorderState.WAITING:
            break
        time.sleep(0.02)
    recorder.stop()


def test_segments_start_at_key_frames_and_cover_the_stream(tmp_path: Path,
                                                           ts_data: bytes) -> None:
    db = sqlite_db(tmp_path / "db")
    index = SegmentIndex(db)
    cam = add_camera(db, 1)
    clock = SteppedClock()
    hub = FakeHub(ts_data, clock)
    recorder = ChannelRecorder(ChannelConfig(cam, segment_s=2), "cam1-main", hub,  # type: ignore[arg-type]
                               index, tmp_path / "rec", min_free_bytes=0, batch_interval_s=0, clock=clock)
    _run(recorder, hub)

    segments = index.segments()
    assert len(segments) >= 3
    assert all(s.status == "complete" for s in segments)
    for before, after in itertools.pairwise(segments):
        assert before.end_at == after.start_at  # contiguous on the timeline
        assert before.duration_s is not None and before.duration_s >= 2.0
    total = 0
    for segment in segments:
        path = Path(segment.path)
        assert path.stat().st_size == segment.size_bytes
        assert sha256_file(path) == segment.sha256
        assert decodes(path) is None, path  # every file starts with a decodable key frame
        total += segment.size_bytes
    assert ts_data.find(Path(segments[0].path).read_bytes()[:TS_PACKET * 4]) >= 0
    assert total >= len(ts_data) - TS_PACKET * 400  # only the wait for the first key frame
    assert recorder.status().segments_written == len(segments)


def test_disk_full_stops_cleanly_with_an_alarm_and_keeps_what_was_written(
        tmp_path: Path, ts_data: bytes) -> None:
    db = sqlite_db(tmp_path / "db")
    index = SegmentIndex(db)
    events = EventRepository(db)
    cam = add_camera(db, 1)
    clock = SteppedClock()
    free = {"bytes": 10 << 30}

    def shrink(sent: int) -> None:  # the disk fills up half-way through the stream
        if sent > len(ts_data) // 2:
            free["bytes"] = 1 << 20

    def alarm(camera_id: int, kind: str, message: str, data: dict[str, object]) -> None:
        events.add(kind, message, camera_id=camera_id, severity="critical", data=dict(data))

    freed: list[int] = []

    def make_room(wanted: int) -> int:
        freed.append(wanted)
        return 0  # nothing may be deleted

    hub = FakeHub(ts_data, clock, shrink)
    recorder = ChannelRecorder(ChannelConfig(cam, segment_s=2), "k", hub,  # type: ignore[arg-type]
                               index, tmp_path / "rec", min_free_bytes=64 << 20,
                               free_bytes=lambda _p: free["bytes"], make_room=make_room,
                               on_alarm=alarm, batch_interval_s=0, clock=clock)
    _run(recorder, hub)

    status = recorder.status()
    assert status.state is RecorderState.DISK_FULL
    assert "MiB free" in status.message
    assert freed, "retention was asked to make room first"
    segments = index.segments()
    assert segments and all(s.status == "complete" for s in segments)
    for segment in segments:  # every segment closed, hashed and playable
        assert sha256_file(Path(segment.path)) == segment.sha256
        assert (probe(Path(segment.path)).duration_s or 0) > 0
    alarms = [e for e in events.recent() if e.kind == "recording.disk_full"]
    assert len(alarms) == 1 and alarms[0].severity == "critical" and alarms[0].camera_id == cam
    assert not hub.subscription.finished  # it stopped before the stream ended


def test_event_mode_keeps_only_the_buffer_around_an_event(tmp_path: Path,
                                                          ts_data: bytes) -> None:
    db = sqlite_db(tmp_path / "db")
    index = SegmentIndex(db)
    cam = add_camera(db, 1)
    clock = SteppedClock()
    config = ChannelConfig(cam, mode="event", segment_s=1, pre_event_s=1, post_event_s=1)
    recorder: ChannelRecorder | None = None
    fired: queue.Queue[datetime] = queue.Queue()

    def fire_once(sent: int) -> None:
        if sent > len(ts_data) * 0.6 and fired.empty():
            fired.put(clock.now)
            assert recorder is not None
            recorder.trigger(clock.now)

    hub = FakeHub(ts_data, clock, fire_once)
    recorder = ChannelRecorder(config, "k", hub, index, tmp_path / "rec",  # type: ignore[arg-type]
                               min_free_bytes=0, batch_interval_s=0, clock=clock)
    _run(recorder, hub)

    event_at = fired.get_nowait()
    segments = index.segments()
    kept = [s for s in segments if s.status == "complete"]
    assert kept, "the segments around the event are kept"
    assert all(s.end_at is not None for s in kept)
    assert min(s.start_at for s in kept) <= event_at - timedelta(seconds=1)
    assert max(s.end_at for s in kept if s.end_at) >= event_at + timedelta(seconds=1)
    # Footage long before the event was recorded into the ring and deleted again.
    assert min(s.start_at for s in segments) > T0 + timedelta(seconds=1)
    on_disk = {str(p) for p in (tmp_path / "rec").rglob("*.ts")}
    assert on_disk == {s.path for s in segments}
