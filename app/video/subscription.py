"""Consumers' side of the stream hub: bounded per-consumer queues of whole TS packets.

A consumer that falls behind loses data and resumes at the next key frame; it never slows the
reader or the other consumers.
"""
from __future__ import annotations

import queue
from collections.abc import Iterator
from typing import TYPE_CHECKING, Self

import numpy as np

if TYPE_CHECKING:
    from app.video.hub_channel import StreamChannel

TS_PACKET = 188


def key_frame_offset(chunk: bytes) -> int:
    """Byte offset in a run of TS packets where a decoder can start, or -1.

    ffmpeg's mpegts muxer sets random_access_indicator on video key frames and re-sends PAT/PMT
    just before them, so the start point is the PAT right before the flagged packet when there
    is one, else the flagged packet itself. Every chunk of every stream passes here, so the
    packet headers are tested with numpy at once instead of packet by packet in Python.
    """
    count = len(chunk) // TS_PACKET
    if count == 0:
        return -1
    packets = np.frombuffer(chunk, dtype=np.uint8, count=count * TS_PACKET).reshape(
        count, TS_PACKET)
    is_pat = ((packets[:, 1] & 0x1F) == 0) & (packets[:, 2] == 0)
    flagged = ((packets[:, 3] & 0x20) != 0) & (packets[:, 4] > 0) & \
        ((packets[:, 5] & 0x40) != 0) & ~is_pat
    hits = np.flatnonzero(flagged)
    if len(hits) == 0:
        return -1
    first = int(hits[0])
    pats = np.flatnonzero(is_pat[:first])
    if len(pats) and first - int(pats[-1]) <= 4:
        return int(pats[-1]) * TS_PACKET
    return first * TS_PACKET


class StreamSubscription:
    """A consumer's bounded queue of TS chunks; `get` returns None at end of stream."""

    def __init__(self, channel: StreamChannel, max_chunks: int) -> None:
        self._channel = channel
        self._queue: queue.Queue[bytes | None] = queue.Queue(max_chunks)
        self._waiting_for_key_frame = True  # start (or resume) at a key frame
        self._resyncing = False  # waiting because of an overflow, so skipped chunks are drops
        self._closed = False
        self.dropped_chunks = 0

    @property
    def key(self) -> str:
        return self._channel.key

    def get(self, timeout: float | None = None) -> bytes | None:
        """Next chunk; None once the stream ended. Raises queue.Empty on timeout."""
        return self._queue.get(timeout=timeout)

    def __iter__(self) -> Iterator[bytes]:
        while (chunk := self.get()) is not None:
            yield chunk

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._channel.remove(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Called by the reader thread only: must never block.
    def offer(self, chunk: bytes, key_offset: int, key_frames_seen: bool) -> None:
        if self._waiting_for_key_frame:
            if key_frames_seen and key_offset < 0:
                if self._resyncing:
                    self.dropped_chunks += 1
                return
            chunk = chunk[key_offset:] if key_offset > 0 else chunk
            self._waiting_for_key_frame = False
            self._resyncing = False
        try:
            self._queue.put_nowait(chunk)
        except queue.Full:
            # Behind by a whole queue: drop what is queued and resume at the next key frame,
            # so the consumer sees one clean gap instead of a stream of broken frames.
            self.dropped_chunks += 1 + self._drain()
            self._waiting_for_key_frame = True
            self._resyncing = True

    def end(self) -> None:
        self._drain()
        try:
            self._queue.put_nowait(None)
        except queue.Full:  # the consumer refilled nothing; cannot happen after a drain
            pass
        self._waiting_for_key_frame = True

    def _drain(self) -> int:
        count = 0
        while True:
            try:
                self._queue.get_nowait()
                count += 1
            except queue.Empty:
                return count
