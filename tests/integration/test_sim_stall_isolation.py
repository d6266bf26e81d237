"""A stalled simulated camera must not hold up new RTSP sessions on the other cameras.

A new session on a stalled camera waits for a first frame that does not come. The RTSP server
once ran every client on one shared thread, so that wait froze session set-up for all cameras
until gst-rtsp-server gave up (about 20 s): the wall's reconnect of one frozen camera made
every other camera look dead too.
"""
from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import cv2
import pytest

from app.sim.farm import SimulatorFarm

# Well below gst-rtsp-server's own 20 s give-up time, so a blocked server fails the test.
ANSWER_WAIT_S = 10.0


@pytest.fixture(scope="module")
def farm(sim_cache_dir: Path) -> Iterator[SimulatorFarm]:
    # Its own farm: the stalled camera must have no session left over from other tests, so
    # that a new session really builds (and waits for) a new media pipeline.
    with SimulatorFarm(cameras=2, discovery=False, ptz_cameras=set(), cache_dir=sim_cache_dir,
                       max_video_seconds=20) as started:
        yield started


class RtspRequest:
    """A raw RTSP DESCRIBE whose answer is awaited separately from sending it."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 554),
                                             timeout=ANSWER_WAIT_S)
        self.sock.sendall((f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 1\r\n"
                           "Accept: application/sdp\r\nUser-Agent: stall-test\r\n\r\n").encode())

    def answer(self, timeout: float = ANSWER_WAIT_S) -> str:
        """Status line and SDP; raises TimeoutError when the server does not answer."""
        self.sock.settimeout(timeout)
        received = b""
        while b"\r\n\r\n" not in received or b"m=video" not in received:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            received += chunk
        return received.decode("utf-8", "replace")

    def close(self) -> None:
        self.sock.close()


def test_stalled_camera_does_not_block_sessions_on_other_cameras(farm: SimulatorFarm) -> None:
    stalled, healthy = farm.cameras[1], farm.cameras[0]
    farm.set_fault(stalled.index, "stream_stall")
    pending = RtspRequest(stalled.rtsp_sub)
    try:
        # The server now waits for the stalled camera's first frame for this session.
        other = RtspRequest(healthy.rtsp_main)
        try:
            reply = other.answer()
        finally:
            other.close()
        assert reply.startswith("RTSP/1.0 200"), reply[:80]
        assert "m=video" in reply

        # And the healthy camera really plays for a new client meanwhile.
        capture = cv2.VideoCapture(healthy.rtsp_sub, cv2.CAP_FFMPEG, [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, int(ANSWER_WAIT_S * 1000),
            cv2.CAP_PROP_READ_TIMEOUT_MSEC, int(ANSWER_WAIT_S * 1000)])
        try:
            assert capture.isOpened()
            ok, frame = capture.read()
            assert ok and frame.shape[:2] == (healthy.sub[1], healthy.sub[0])
        finally:
            capture.release()

        # When the camera recovers, the session that waited on it is answered.
        farm.set_fault(stalled.index, "stream_stall", on=False)
        late = pending.answer()
        assert late.startswith("RTSP/1.0 200"), late[:80]
    finally:
        pending.close()
        if "stream_stall" in farm.active_faults(stalled.index):
            farm.set_fault(stalled.index, "stream_stall", on=False)
