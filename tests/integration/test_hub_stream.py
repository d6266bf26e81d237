"""The stream hub with real ffmpeg: one puller per camera, many consumers, reconnection."""
from __future__ import annotations

import logging
import os
import queue
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest

from app.video.hub import StreamHub, StreamState
from app.video.hub_channel import PullerSettings

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
LOOP = ["-re", "-stream_loop", "-1"]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hub") / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
         "-i", "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx264", "-g", "25",
         "-pix_fmt", "yuv420p", str(path)],
        check=True, timeout=60,
    )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ListenSource:
    """A camera stand-in: ffmpeg serving the looping clip over HTTP until stopped."""

    def __init__(self, clip: Path) -> None:
        self.clip = clip
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/src.ts"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-loglevel", "quiet", "-nostdin", *LOOP,
             "-i", str(self.clip), "-c", "copy", "-f", "mpegts", "-listen", "1", self.url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def hub_pullers() -> list[int]:
    """PIDs of this process's ffmpeg children that write to a pipe (the hub's pullers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"pipe:1" in cmdline and Path(cmdline[0].decode()).name == "ffmpeg":
            found.append(int(entry.name))
    return found


def hub_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("hub")]


@pytest.fixture
def states() -> queue.Queue[StreamState]:
    return queue.Queue()


@pytest.fixture
def hub(states: queue.Queue[StreamState]) -> Iterator[StreamHub]:
    settings = PullerSettings(stall_timeout_s=3, backoff_initial_s=0.2, backoff_cap_s=1, linger_s=1)
    with StreamHub(on_state=states.put, settings=settings) as running:
        yield running
    assert hub_pullers() == []
    assert hub_threads() == []


def wait_for_state(states: queue.Queue[StreamState], wanted: set[str], timeout: float = 20) -> StreamState:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = states.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if state.state in wanted:
            return state
    raise AssertionError(f"no state in {wanted}")


def read_some(url: str, wanted: int) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"] == "video/mp2t"
        got = 0
        while got < wanted:
            data = response.read(4096)
            assert data, "stream ended early"
            got += len(data)
        return got


def test_two_consumers_share_one_puller(hub: StreamHub, clip: Path) -> None:
    url = hub.register("cam1", str(clip), input_args=LOOP)
    assert url == f"http://127.0.0.1:{hub.port}/live/cam1.ts"
    assert hub_pullers() == []  # lazy: nothing is pulled before a consumer comes

    raw_result: dict[str, int] = {}
    reader = threading.Thread(target=lambda: raw_result.update(n=read_some(url, 150_000)))
    reader.start()
    capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG)
    try:
        assert capture.isOpened()
        frames = []
        for _ in range(10):
            ok, frame = capture.read()
            assert ok
            frames.append(frame)
        assert frames[0].shape == (240, 320, 3)
        assert (frames[0] != frames[-1]).any()  # the picture moves
        stats = hub.stats("cam1")
        assert stats is not None and stats.clients == 2
        assert len(hub_pullers()) == 1 and stats.puller_pid in hub_pullers()
    finally:
        capture.release()
        reader.join(30)
    assert raw_result["n"] >= 150_000
    stats = hub.stats("cam1")
    assert stats is not None and stats.bytes_in > 0 and stats.restarts == 0


def test_puller_stops_after_the_last_consumer_leaves(hub: StreamHub, clip: Path, states: queue.Queue[StreamState]) -> None:
    hub.register("cam1", str(clip), input_args=LOOP)
    with hub.subscribe("cam1") as subscription:
        assert subscription.get(timeout=10)
        assert len(hub_pullers()) == 1
    state = wait_for_state(states, {"offline"})
    assert state.reason == "no viewers"
    deadline = time.monotonic() + 10
    while hub_pullers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert hub_pullers() == []


def test_source_loss_reconnects_and_comes_back_live(hub: StreamHub, clip: Path, states: queue.Queue[StreamState]) -> None:
    source = ListenSource(clip)
    source.start()
    try:
        hub.register("cam1", source.url)
        subscription = hub.subscribe("cam1")
        wait_for_state(states, {"live"})
        assert subscription.get(timeout=10)
        source.stop()
        lost = wait_for_state(states, {"reconnecting"})
        assert lost.key == "cam1" and lost.reason
        # The consumer sees the end of the old stream, then comes back like a player would.
        while subscription.get(timeout=10) is not None:
            pass
        subscription.close()
        subscription = hub.subscribe("cam1")
        source.start()
        wait_for_state(states, {"live"})
        assert subscription.get(timeout=10)
        stats = hub.stats("cam1")
        assert stats is not None and stats.restarts >= 1
        subscription.close()
    finally:
        source.stop()


def test_credentials_never_reach_logs_states_or_urls(
    hub: StreamHub, states: queue.Queue[StreamState], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "S3cretPw"
    closed_port = _free_port()
    url = hub.register("cam9", f"http://admin:{secret}@127.0.0.1:{closed_port}/live.ts")
    assert secret not in url and "admin" not in url
    with hub.subscribe("cam9"):
        failed = wait_for_state(states, {"reconnecting", "offline"})
    seen = [failed.reason] + [record.getMessage() for record in caplog.records]
    assert any("refused" in line.lower() for line in seen)  # ffmpeg's error did get through
    assert all(secret not in line for line in seen)
    assert "admin" not in failed.reason


def test_slow_consumer_does_not_hold_back_others(clip: Path, states: queue.Queue[StreamState]) -> None:
    settings = PullerSettings(queue_chunks=4, linger_s=1)
    with StreamHub(on_state=states.put, settings=settings) as hub:
        hub.register("cam1", str(clip), input_args=LOOP)
        stalled = hub.subscribe("cam1")  # never read
        with hub.subscribe("cam1") as reader:
            got = 0
            while got < 100_000:
                chunk = reader.get(timeout=10)
                assert chunk is not None
                got += len(chunk)
        assert stalled.dropped_chunks > 0
        stalled.close()
    assert hub_pullers() == [] and hub_threads() == []
