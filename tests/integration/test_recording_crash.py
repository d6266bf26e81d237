"""Reliability: kill -9 while recording 4 channels, then recover; a disk that fills up.

The recorder runs in a child process (started in its own session so that kill -9 takes the
hub's ffmpeg pullers with it, as a power cut would) and records the main and sub streams of
two simulated cameras through the stream hub.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.hashing import sha256_file
from app.recording.dto import ChannelConfig
from app.recording.index import SegmentIndex
from app.recording.integrity import check_integrity
from app.recording.probe import decodes, probe
from app.recording.recorder import RecorderState
from app.recording.retention import RetentionPolicy
from app.recording.service import RecordingService, RecordingSettings
from app.sim.farm import SimulatorFarm
from app.storage.repositories import EventRepository
from app.video.hub import StreamHub
from tests.recording_support import add_camera, make_clip, sqlite_db

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
ROOT = Path(__file__).resolve().parents[2]


def _wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def child_group() -> Iterator[list[subprocess.Popen[bytes]]]:
    children: list[subprocess.Popen[bytes]] = []
    yield children
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(10)


def test_kill_9_while_recording_four_channels_then_recover(
        sim_farm: SimulatorFarm, tmp_path: Path,
        child_group: list[subprocess.Popen[bytes]]) -> None:
    db = sqlite_db(tmp_path / "db")
    root = tmp_path / "rec"
    specs = []
    for number, camera in enumerate(sim_farm.cameras[:2], start=1):
        for profile, url in (("main", camera.rtsp_main), ("sub", camera.rtsp_sub)):
            camera_id = add_camera(db, number * 10 + (profile == "sub"))
            specs.append(f"cam{camera_id}-{profile}={url}@{camera_id}")
    cameras = [int(spec.rsplit("@", 1)[1]) for spec in specs]
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.recording_crash_child", str(db.url), str(root),
         "2", *specs], cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "child.log").open("wb"))
    child_group.append(child)
    index = SegmentIndex(db)

    def recorded_enough() -> bool:
        done = index.segments(statuses=["complete"])
        return all(sum(s.camera_id == c for s in done) >= 2 for c in cameras)

    _wait_for(recorded_enough, 60, "two complete segments per channel")
    _wait_for(lambda: len(index.by_status("recording")) == 4, 10, "four open segments")
    time.sleep(0.7)  # in the middle of writing the open segments
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(10)
    before = {s.id: s for s in index.segments()}

    service = RecordingService(db, StreamHub(), RecordingSettings(root, retention_interval_s=0))
    result = service.start()
    service.stop()

    assert index.by_status("recording") == []
    affected = {s.id for s in (*result.repaired, *result.damaged)}
    for camera_id in cameras:
        segments = index.segments(camera_id=camera_id)
        *earlier, last = segments
        assert earlier and all(s.status == "complete" for s in earlier), camera_id
        assert all(before[s.id] == s for s in earlier)  # untouched by recovery
        assert last.status in ("repaired", "damaged")
        assert last.id in affected
        if last.status == "repaired":
            path = Path(last.path)
            assert decodes(path) is None
            duration = probe(path).duration_s or 0
            assert last.end_at is not None and last.duration_s == pytest.approx(duration)
            assert sha256_file(path) == last.sha256
    assert len(affected) == 4
    report = check_integrity(index, [root], verify_hashes=True)
    assert report.ok, report.summary()
    events = [e.kind for e in EventRepository(db).recent()]
    assert "recording.recovered" in events


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MiB tmpfs (root only); skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_stops_recording_cleanly_with_an_alarm(small_disk: Path,
                                                           tmp_path: Path) -> None:
    db = sqlite_db(tmp_path / "db")  # the database lives on another disk
    camera_id = add_camera(db, 1)
    clip = make_clip(tmp_path / "clip.mp4", 4.0, size="640x360")
    hub = StreamHub()
    hub.start()
    # No free-space margin and no overwriting: the disk really runs out under the recorder.
    service = RecordingService(db, hub, RecordingSettings(
        small_disk, min_free_bytes=0, retention_interval_s=0,
        retention=RetentionPolicy(overwrite_when_full=False)))
    try:
        service.start()
        hub.register("cam1-main", str(clip), ["-stream_loop", "-1", "-readrate", "8"])
        service.start_channel(ChannelConfig(camera_id, segment_s=1), "cam1-main")

        def stopped() -> bool:
            status = service.status(camera_id)
            return status is not None and status.state is RecorderState.DISK_FULL

        _wait_for(stopped, 90, "the recorder to notice the full disk")
    finally:
        service.stop()
        hub.stop()

    index = SegmentIndex(db)
    segments = index.segments()
    assert len(segments) >= 2
    assert all(s.status == "complete" for s in segments)  # the last one closed cleanly too
    for segment in segments:
        path = Path(segment.path)
        assert path.stat().st_size == segment.size_bytes and segment.size_bytes % 188 == 0
        assert sha256_file(path) == segment.sha256
    for segment in segments[:-1]:
        assert decodes(Path(segment.path)) is None
    alarms = [e for e in EventRepository(db).recent() if e.kind == "recording.disk_full"]
    assert len(alarms) == 1 and alarms[0].severity == "critical"
    assert check_integrity(index, [small_disk], verify_hashes=True).ok
