"""Stream hub pieces that need no ffmpeg: URL redaction, TS key-frame scan, slow consumers."""
from __future__ import annotations

import queue

import pytest

from app.video.hub import HubError, StreamHub
from app.video.hub_channel import PullerSettings, StreamChannel
from app.video.subscription import TS_PACKET, StreamSubscription, key_frame_offset
from app.video.urls import redact_text, redact_url, url_secrets, with_credentials


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("rtsp://admin:S3cret!@127.0.0.1:554/Streaming/101", "rtsp://***@127.0.0.1:554/Streaming/101"),
        ("http://user@127.0.0.1/x.ts", "http://***@127.0.0.1/x.ts"),
        ("rtsp://127.0.0.1/live?user=admin&password=abc", "rtsp://127.0.0.1/live?user=***&password=***"),
        ("rtsp://127.0.0.1:8554/cam1/sub", "rtsp://127.0.0.1:8554/cam1/sub"),
        ("/tmp/clip.mp4", "/tmp/clip.mp4"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_with_credentials_encodes_and_redacts_back() -> None:
    url = with_credentials("rtsp://old:x@127.0.0.1:8554/cam1/main", "ad min", "p@ss:w/rd")
    assert url == "rtsp://ad%20min:p%40ss%3Aw%2Frd@127.0.0.1:8554/cam1/main"
    assert url_secrets(url) == ("p@ss:w/rd", "ad min")
    assert redact_url(url) == "rtsp://***@127.0.0.1:8554/cam1/main"


def test_with_credentials_rejects_relative_address() -> None:
    with pytest.raises(ValueError):
        with_credentials("cam1/main", "u", "p")


def test_redact_text_removes_bare_and_encoded_secrets() -> None:
    line = "auth failed for p@ss:w/rd (sent p%40ss%3Aw%2Frd)"
    cleaned = redact_text(line, ("p@ss:w/rd",))
    assert "p@ss" not in cleaned and "p%40ss" not in cleaned


def _packet(pid: int, random_access: bool = False) -> bytes:
    header = bytes([0x47, (pid >> 8) & 0x1F, pid & 0xFF])
    if random_access:
        body = bytes([0x30, 7, 0x40]) + bytes(6)  # adaptation field with the RAI bit
    else:
        body = bytes([0x10])
    return header + body + bytes(TS_PACKET - len(header) - len(body))


def test_key_frame_offset_starts_at_the_pat_before_the_key_frame() -> None:
    chunk = _packet(256) + _packet(0) + _packet(4096) + _packet(256, random_access=True)
    assert all(len(p) == TS_PACKET for p in (_packet(0), _packet(256, True)))
    assert key_frame_offset(chunk) == TS_PACKET
    assert key_frame_offset(_packet(256) + _packet(256, random_access=True)) == TS_PACKET
    assert key_frame_offset(_packet(256) * 3) == -1


class _NoChannel:
    key = "k"

    def remove(self, subscription: StreamSubscription) -> None:
        pass


def test_slow_subscriber_drops_and_resumes_at_a_key_frame() -> None:
    sub = StreamSubscription(_NoChannel(), max_chunks=2)  # type: ignore[arg-type]
    key_chunk = _packet(0) + _packet(256, random_access=True)
    plain = _packet(256)
    sub.offer(plain, -1, key_frames_seen=True)  # a newcomer waits for a key frame
    assert sub.dropped_chunks == 0
    sub.offer(key_chunk, key_frame_offset(key_chunk), True)
    sub.offer(plain, -1, True)
    sub.offer(plain, -1, True)  # full: everything queued is dropped
    assert sub.dropped_chunks == 3
    sub.offer(plain, -1, True)  # still resyncing
    assert sub.dropped_chunks == 4
    sub.offer(key_chunk, 0, True)
    assert sub.get(timeout=0) == key_chunk
    with pytest.raises(queue.Empty):
        sub.get(timeout=0)
    sub.end()
    assert sub.get(timeout=0) is None


def test_command_pulls_rtsp_over_tcp_without_reencoding() -> None:
    channel = StreamChannel("k", "rtsp://u:p@127.0.0.1/x", ["-re"], PullerSettings(), lambda s: None)
    command = channel._command()
    assert command[command.index("-rtsp_transport") + 1] == "tcp"
    assert command[command.index("-c") + 1] == "copy"
    assert command[-3:] == ["-flush_packets", "1", "pipe:1"]
    assert command.index("-re") < command.index("-i")


def test_register_rejects_bad_keys() -> None:
    hub = StreamHub()
    with pytest.raises(HubError):
        hub.register("../etc", "rtsp://127.0.0.1/x")
    with pytest.raises(HubError):
        hub.register("cam1", "   ")
