"""One camera's recorder: hub stream → MPEG-TS segment files, without re-encoding.

The recorder subscribes to the stream hub (the camera is pulled once for the wall, analytics
and the recorder alike) and writes the hub's MPEG-TS packets straight to disk. A new segment
starts at the first key frame after `segment_s`, so every file starts decodable. MPEG-TS is
chosen because a file cut short by a crash or a power cut still plays up to its last packet
(an MP4 without its index does not).

The index row is written before the file is created and completed when it is closed, so after
a crash at most the open segment of each channel is left in status "recording" (see
`integrity.recover_interrupted`).

Event mode keeps a ring of closed segments in status "buffer"; `trigger()` keeps those that
overlap the pre-event window and records on until the post-event time; the rest are deleted
as they fall out of the ring.

Disk space is checked before each segment and about once a second while writing. When it runs
short the recorder may ask `make_room` (retention) to free space; if that is not enough, or a
write fails with "no space", the open segment is closed cleanly (cut at a whole TS packet),
an alarm is raised and the recorder stops. Nothing already written is touched.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from queue import Empty
from typing import Any

from app.recording.dto import ChannelConfig
from app.recording.index import SegmentIndex
from app.storage.errors import StorageError
from app.storage.types import utc_now
from app.video.hub import HubError, StreamHub, StreamSubscription
from app.video.subscription import TS_PACKET, key_frame_offset

log = logging.getLogger(__name__)

FreeBytes = Callable[[Path], int]
MakeRoom = Callable[[int], int]  # bytes wanted → bytes freed
Alarm = Callable[[int, str, str, dict[str, object]], None]  # camera, kind, message, data

SPACE_CHECK_INTERVAL_S = 1.0
DB_RETRY_DELAYS_S = (0.2, 0.5, 1.0, 2.0)
STALL_CLOSE_S = 5.0  # no data this long: close the segment so the gap shows on the timeline
RESUBSCRIBE_DELAY_S = 1.0


def disk_free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


class RecorderState(StrEnum):
    IDLE = "idle"
    WAITING = "waiting"  # subscribed, no data yet (camera offline or connecting)
    RECORDING = "recording"
    STOPPED = "stopped"
    DISK_FULL = "disk_full"
    FAILED = "failed"


@dataclass(frozen=True)
class RecorderStatus:
    camera_id: int
    state: RecorderState
    segments_written: int
    bytes_written: int
    current_path: str | None
    message: str


@dataclass
class _OpenSegment:
    id: int
    path: Path
    fd: int
    start: datetime
    size: int
    digest: Any  # a hashlib sha256 object
    kept: bool  # event mode: an event asked for this segment


def segment_path(root: Path, camera_id: int, start: datetime) -> Path:
    stamp = start.strftime("%Y%m%dT%H%M%S_%f")
    return root / f"cam{camera_id}" / start.strftime("%Y-%m-%d") / f"cam{camera_id}_{stamp}Z.ts"


class ChannelRecorder:
    def __init__(self, config: ChannelConfig, stream_key: str, hub: StreamHub,
                 index: SegmentIndex, root: Path, *, min_free_bytes: int = 512 << 20,
                 free_bytes: FreeBytes = disk_free_bytes, make_room: MakeRoom | None = None,
                 on_alarm: Alarm | None = None, batch_interval_s: float = 0.25,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.config = config
        self._batch_interval_s = batch_interval_s
        self.camera_id = config.camera_id
        self._key = stream_key
        self._hub = hub
        self._index = index
        self._root = root
        self._min_free = min_free_bytes
        self._free_bytes = free_bytes
        self._make_room = make_room
        self._on_alarm = on_alarm
        self._clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._segment: _OpenSegment | None = None
        self._ring: deque[tuple[int, datetime, datetime, Path]] = deque()
        self._windows: list[tuple[datetime, datetime]] = []  # event mode: footage to keep
        self._state = RecorderState.IDLE
        self._message = ""
        self._segments_written = 0
        self._bytes_written = 0
        self._last_space_check = 0.0

    # ----- control -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"rec-cam{self.camera_id}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Close the open segment (hashed, indexed) and end the thread."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        if self._state not in (RecorderState.DISK_FULL, RecorderState.FAILED):
            self._set_state(RecorderState.STOPPED, "")

    def trigger(self, at: datetime | None = None) -> None:
        """An event happened at `at` (now by default): keep pre/post-event footage."""
        at = at or self._clock()
        keep_from = at - timedelta(seconds=self.config.pre_event_s)
        keep_until = at + timedelta(seconds=self.config.post_event_s)
        with self._lock:
            horizon = at - timedelta(hours=1)
            self._windows = [w for w in self._windows if w[1] > horizon]
            self._windows.append((keep_from, keep_until))
            promote = [item for item in self._ring if item[2] > keep_from]
            for item in promote:
                self._ring.remove(item)
            if self._segment is not None and self._segment.start < keep_until:
                self._segment.kept = True
        self._with_retry(self._index.set_status, [item[0] for item in promote], "complete")

    def status(self) -> RecorderStatus:
        with self._lock:
            current = str(self._segment.path) if self._segment else None
            return RecorderStatus(self.camera_id, self._state, self._segments_written,
                                  self._bytes_written, current, self._message)

    # ----- thread ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    subscription = self._hub.subscribe(self._key)
                except HubError as exc:
                    self._set_state(RecorderState.WAITING, str(exc))
                    self._stop.wait(RESUBSCRIBE_DELAY_S)
                    continue
                with subscription:
                    self._consume(subscription)
                self._close_segment()
                if self._state in (RecorderState.DISK_FULL, RecorderState.FAILED):
                    return
                self._stop.wait(RESUBSCRIBE_DELAY_S)
        except Exception as exc:  # a bug must not lose the open segment's index entry
            log.exception("recorder for camera %s failed", self.camera_id)
            self._set_state(RecorderState.FAILED, str(exc))
        finally:
            self._close_segment()

    def _consume(self, subscription: StreamSubscription) -> None:
        self._set_state(RecorderState.WAITING, "")
        last_data = time.monotonic()
        while not self._stop.is_set():
            try:
                first = subscription.get(timeout=0.5)
            except Empty:
                if self._segment is not None and time.monotonic() - last_data > STALL_CLOSE_S:
                    self._close_segment()
                    self._set_state(RecorderState.WAITING, "no data from the camera")
                continue
            chunks = [first]
            # The hub hands over small chunks (it flushes every packet for low latency):
            # taking what queued up since the last round as one write saves most of the
            # per-chunk cost (a wake-up, a syscall and a hash update each).
            while chunks[-1] is not None and self._batch_interval_s > 0:
                try:
                    chunks.append(subscription.get(timeout=0))
                except Empty:
                    break
            ended = chunks[-1] is None
            data = b"".join(chunk for chunk in chunks if chunk is not None)
            if data:
                last_data = time.monotonic()
                if not self._write_chunk(data):
                    return
            if ended:
                return  # end of stream: the hub will deliver again once the source is back
            if self._batch_interval_s > 0:
                self._stop.wait(self._batch_interval_s)

    def _write_chunk(self, chunk: bytes) -> bool:
        now = self._clock()
        segment = self._segment
        if segment is None:
            # A new subscription (or one that resynchronised) starts at a key frame.
            start = key_frame_offset(chunk)
            if start < 0:
                return True
            if not self._open_segment(now):
                return False
            if self._segment is None:
                return True  # the index is unavailable: wait for the next key frame
            chunk = chunk[start:]
        elif (now - segment.start).total_seconds() >= self.config.segment_s:
            cut = key_frame_offset(chunk)
            if cut >= 0:
                if cut and not self._append(chunk[:cut]):
                    return False
                self._close_segment(now)
                if not self._open_segment(now):
                    return False
                if self._segment is None:
                    return True
                chunk = chunk[cut:]
        if not self._append(chunk):
            return False
        if time.monotonic() - self._last_space_check >= SPACE_CHECK_INTERVAL_S:
            return self._space_ok()
        return True

    # ----- segments ----------------------------------------------------------------------
    def _open_segment(self, now: datetime) -> bool:
        if not self._space_ok():
            return False
        path = segment_path(self._root, self.camera_id, now)
        segment_id = self._with_retry(self._index.open_segment, self.camera_id, now, str(path),
                                      self.config.stream)
        if segment_id is None:
            # No index entry, no file: the footage until the database answers is lost, but
            # the index never misses a file. The next chunk tries again.
            self._set_state(RecorderState.WAITING, "the database does not answer")
            return True
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as exc:
            self._with_retry(self._index.close_segment, segment_id, now, 0, None, "damaged")
            if exc.errno == errno.ENOSPC:
                self._disk_full(f"no space left to create {path.name}")
            else:
                self._set_state(RecorderState.FAILED, f"cannot create {path}: {exc.strerror}")
                self._alarm("recording.failed", f"Recording stopped: cannot create {path} "
                            f"({exc.strerror}).", {"path": str(path)})
            return False
        with self._lock:
            kept = self.config.mode == "continuous" or self._wanted(now, now)
            self._segment = _OpenSegment(segment_id, path, fd, now, 0, hashlib.sha256(), kept)
        self._set_state(RecorderState.RECORDING, "")
        return True

    def _append(self, data: bytes) -> bool:
        segment = self._segment
        assert segment is not None
        view = memoryview(data)
        try:
            while view:
                written = os.write(segment.fd, view)
                segment.digest.update(view[:written])
                segment.size += written
                self._bytes_written += written
                view = view[written:]
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                self._disk_full("no space left on the recording disk")
                return False
            self._set_state(RecorderState.FAILED, f"write failed: {exc.strerror}")
            self._alarm("recording.failed", f"Recording stopped: writing {segment.path} failed "
                        f"({exc.strerror}).", {"path": str(segment.path)})
            self._close_segment()
            return False
        return True

    def _close_segment(self, end: datetime | None = None) -> None:
        with self._lock:
            segment, self._segment = self._segment, None
        if segment is None:
            return
        end = end or self._clock()
        # A write cut short by a full disk may end in a partial TS packet: cut it off, so the
        # file is whole packets (this needs no space) and its hash is of what is kept.
        whole = segment.size - segment.size % TS_PACKET
        digest = segment.digest.hexdigest()
        try:
            if whole != segment.size:
                os.ftruncate(segment.fd, whole)
                with open(segment.path, "rb") as handle:  # rare: rehash what is kept
                    digest = hashlib.sha256(handle.read()).hexdigest()
            os.fsync(segment.fd)
        except OSError as exc:
            log.warning("closing %s: %s", segment.path, exc.strerror)
        finally:
            os.close(segment.fd)
        with self._lock:
            keep = segment.kept or self.config.mode == "continuous" or self._wanted(
                segment.start, end)
        status = "complete" if whole > 0 and keep else ("buffer" if whole > 0 else "damaged")
        # If the database stays away, the row remains "recording" and the next start's
        # recovery completes it from the file.
        self._with_retry(self._index.close_segment, segment.id, end, whole,
                         digest if whole else None, status)
        self._segments_written += 1
        if status == "buffer":
            self._ring.append((segment.id, segment.start, end, segment.path))
            self._drop_old_buffer(end)

    def _wanted(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end] overlaps a window an event asked to keep (lock held)."""
        return any(start < until and end >= since for since, until in self._windows)

    def _drop_old_buffer(self, now: datetime) -> None:
        """Delete buffer segments that ended before the pre-event window."""
        horizon = now - timedelta(seconds=self.config.pre_event_s)
        with self._lock:
            old = [item for item in self._ring if item[2] < horizon]
            for item in old:
                self._ring.remove(item)
        for segment_id, _start, _end, path in old:
            if self._with_retry(self._index.delete_rows, [segment_id]) is not None:
                path.unlink(missing_ok=True)

    def _with_retry(self, call: Callable[..., Any], *args: Any) -> Any:
        """`call(*args)`, retried while the database is busy; None when it never answered
        (calls that return nothing return True)."""
        for delay in (*DB_RETRY_DELAYS_S, None):
            try:
                result = call(*args)
                return True if result is None else result
            except StorageError as exc:
                if delay is None:
                    log.error("camera %s: recording index not updated: %s", self.camera_id, exc)
                    return None
                log.warning("camera %s: database busy (%s); retrying", self.camera_id, exc)
                time.sleep(delay)
        return None

    # ----- disk space --------------------------------------------------------------------
    def _space_ok(self) -> bool:
        self._last_space_check = time.monotonic()
        try:
            self._root.mkdir(parents=True, exist_ok=True)
            free = self._free_bytes(self._root)
        except OSError as exc:
            self._set_state(RecorderState.FAILED, f"recording folder unusable: {exc.strerror}")
            self._alarm("recording.failed", f"Recording stopped: the folder {self._root} cannot "
                        f"be used ({exc.strerror}).", {"path": str(self._root)})
            return False
        if free >= self._min_free:
            return True
        if self._make_room is not None:
            freed = self._make_room(self._min_free - free + (64 << 20))
            if freed > 0:
                free = self._free_bytes(self._root)
                if free >= self._min_free:
                    return True
        self._disk_full(f"only {free // (1 << 20)} MiB free on the recording disk "
                        f"(minimum {self._min_free // (1 << 20)} MiB)")
        return False

    def _disk_full(self, why: str) -> None:
        self._close_segment()
        self._set_state(RecorderState.DISK_FULL, why)
        self._alarm("recording.disk_full", f"Recording of camera {self.camera_id} stopped: "
                    f"{why}. Free space or lower the retention period.",
                    {"path": str(self._root), "reason": why})
        self._stop.set()

    def _alarm(self, kind: str, message: str, data: dict[str, object]) -> None:
        log.error("camera %s: %s", self.camera_id, message)
        if self._on_alarm is not None:
            try:
                self._on_alarm(self.camera_id, kind, message, data)
            except Exception:
                log.exception("raising the recording alarm failed")

    def _set_state(self, state: RecorderState, message: str) -> None:
        with self._lock:
            self._state, self._message = state, message
