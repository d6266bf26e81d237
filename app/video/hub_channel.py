"""One camera stream pulled once by ffmpeg and fanned out to many consumers.

A `StreamChannel` owns a supervisor thread that runs `ffmpeg -c copy -f mpegts pipe:1`, reads its
stdout on a reader thread and hands whole 188-byte TS packets to every `StreamSubscription`.
Each subscription has a bounded queue: a consumer that falls behind loses data (and resumes at
the next key frame), it never slows the reader or the other consumers.
"""
from __future__ import annotations

import logging
import os
import re
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from app.video.subscription import TS_PACKET, StreamSubscription, key_frame_offset
from app.video.urls import redact_text, url_secrets

log = logging.getLogger(__name__)

StateName = Literal["connecting", "live", "reconnecting", "offline"]
_READ_SIZE = 64 * 1024
_URL_PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S*?: ")


@dataclass(frozen=True)
class StreamState:
    key: str
    state: StateName
    reason: str
    since: float  # wall-clock seconds (time.time())


@dataclass(frozen=True)
class StreamStats:
    key: str
    state: StateName
    bytes_in: int
    bitrate_bps: float
    clients: int
    restarts: int
    dropped_chunks: int
    puller_pid: int | None


@dataclass(frozen=True)
class PullerSettings:
    ffmpeg: str = "ffmpeg"
    stall_timeout_s: float = 5.0
    first_data_timeout_s: float = 10.0
    linger_s: float = 5.0
    backoff_initial_s: float = 0.5
    backoff_cap_s: float = 10.0
    offline_after_failures: int = 3
    queue_chunks: int = 256


class StreamChannel:
    """Pulls one source with ffmpeg while it has consumers, restarting it with back-off."""

    def __init__(
        self,
        key: str,
        source_url: str,
        input_args: Sequence[str],
        settings: PullerSettings,
        on_state: Callable[[StreamState], None],
    ) -> None:
        self.key = key
        self._source_url = source_url
        self._secrets = url_secrets(source_url)
        self._input_args = list(input_args)
        self._settings = settings
        self._on_state = on_state
        self._lock = threading.Lock()
        self._subscribers: list[StreamSubscription] = []
        self._supervisor: threading.Thread | None = None
        self._wake = threading.Event()
        self._stopping = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._state = StreamState(key, "offline", "not started", time.time())
        self._last_consumer_left = time.monotonic()
        self._bytes_in = 0
        self._restarts = 0
        self._dropped_total = 0
        self._rate_window: deque[tuple[float, int]] = deque()
        self._last_data = 0.0
        self._key_frames_seen = False

    def has_source(self, source_url: str, input_args: Sequence[str]) -> bool:
        return source_url == self._source_url and list(input_args) == self._input_args

    # ----- consumers -------------------------------------------------------------------------
    def subscribe(self) -> StreamSubscription:
        subscription = StreamSubscription(self, self._settings.queue_chunks)
        with self._lock:
            if self._stopping:
                subscription.end()
                return subscription
            self._subscribers.append(subscription)
            if self._supervisor is None:
                self._supervisor = threading.Thread(
                    target=self._supervise, name=f"hub-{self.key}", daemon=True
                )
                self._supervisor.start()
        return subscription

    def remove(self, subscription: StreamSubscription) -> None:
        with self._lock:
            if subscription in self._subscribers:
                self._subscribers.remove(subscription)
                self._dropped_total += subscription.dropped_chunks
                if not self._subscribers:
                    self._last_consumer_left = time.monotonic()
        self._wake.set()

    def stop(self) -> None:
        """End every consumer's stream, kill ffmpeg and join the threads."""
        with self._lock:
            self._stopping = True
            subscribers, self._subscribers = self._subscribers, []
            supervisor = self._supervisor
        for subscription in subscribers:
            subscription.end()
        self._wake.set()
        if supervisor is not None:
            supervisor.join()

    # ----- observation -----------------------------------------------------------------------
    @property
    def state(self) -> StreamState:
        return self._state

    def stats(self) -> StreamStats:
        with self._lock:
            now = time.monotonic()
            self._trim_rate_window(now)
            window_bytes = sum(size for _, size in self._rate_window)
            span = max(1.0, now - self._rate_window[0][0]) if self._rate_window else 1.0
            proc = self._proc
            return StreamStats(
                key=self.key,
                state=self._state.state,
                bytes_in=self._bytes_in,
                bitrate_bps=window_bytes * 8 / span,
                clients=len(self._subscribers),
                restarts=self._restarts,
                dropped_chunks=self._dropped_total
                + sum(s.dropped_chunks for s in self._subscribers),
                puller_pid=proc.pid if proc is not None and proc.poll() is None else None,
            )

    # ----- supervisor ------------------------------------------------------------------------
    def _supervise(self) -> None:
        failures = 0
        first = True
        while True:
            if self._should_exit():
                return
            if first:
                self._set_state("connecting", "")
            else:
                self._restarts += 1
            first = False
            got_data, reason = self._run_once()
            if got_data or reason == "stopped":
                # Consumers see end of stream and reconnect: a new ffmpeg starts a new TS stream
                # (new continuity counters and clock), which players handle best as a new open.
                # After an attempt that sent nothing they simply keep waiting.
                with self._lock:
                    subscribers = list(self._subscribers)
                for subscription in subscribers:
                    subscription.end()
            if reason in ("stopped", "idle"):
                if reason == "idle":
                    self._set_state("offline", "no viewers")
                continue
            failures = 0 if got_data else failures + 1
            delay = min(
                self._settings.backoff_cap_s,
                self._settings.backoff_initial_s * (2 ** max(0, failures - 1)),
            )
            log.warning("stream %s lost: %s; retrying in %.1f s", self.key, reason, delay)
            if failures >= self._settings.offline_after_failures:
                self._set_state("offline", reason)
            else:
                self._set_state("reconnecting", reason)
            self._wake.clear()
            deadline = time.monotonic() + delay
            while not self._should_exit(peek=True) and time.monotonic() < deadline:
                self._wake.wait(min(0.25, max(0.0, deadline - time.monotonic())))
                self._wake.clear()

    def _should_exit(self, peek: bool = False) -> bool:
        """True when stopping or idle; unless peeking, also forgets the supervisor atomically."""
        with self._lock:
            idle = not self._subscribers and (
                time.monotonic() - self._last_consumer_left >= self._settings.linger_s
            )
            if self._stopping or idle:
                if not peek:
                    self._supervisor = None
                return True
            return False

    def _command(self) -> list[str]:
        args = [self._settings.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error"]
        args += ["-fflags", "nobuffer", "-flags", "low_delay"]
        args += ["-probesize", "500000", "-analyzeduration", "500000"]
        if self._source_url.lower().startswith(("rtsp://", "rtsps://")):
            args += ["-rtsp_transport", "tcp"]
        args += self._input_args
        args += ["-i", self._source_url, "-map", "0:v:0", "-c", "copy"]
        # ffmpeg leaves video PES lengths open by default, so every TS reader can only finish
        # a frame when the next one starts: one frame period (40 ms at 25 fps) of latency at
        # each consumer. With the length written, readers deliver a frame as soon as it is in
        # (frames over 64 KiB, some key frames, still go out open-ended). bench/latency.py.
        args += ["-f", "mpegts", "-omit_video_pes_length", "0"]
        args += ["-muxdelay", "0", "-muxpreload", "0", "-flush_packets", "1"]
        return args + ["pipe:1"]

    def _run_once(self) -> tuple[bool, str]:
        """Run ffmpeg until it ends, stalls, or the channel stops or idles."""
        try:
            proc = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=0,
            )
        except OSError as exc:
            return False, f"cannot start ffmpeg: {exc.strerror or exc}"
        with self._lock:
            self._proc = proc
        started = time.monotonic()
        self._last_data = 0.0
        self._key_frames_seen = False
        errors: deque[str] = deque(maxlen=5)
        reader = threading.Thread(target=self._read_stdout, args=(proc,), name=f"hub-{self.key}-out")
        err_reader = threading.Thread(
            target=self._read_stderr, args=(proc, errors), name=f"hub-{self.key}-err"
        )
        reader.start()
        err_reader.start()
        reason = ""
        while True:
            if self._should_exit(peek=True):
                reason = "stopped" if self._stopping else "idle"
                break
            if proc.poll() is not None and not reader.is_alive():
                code = proc.returncode
                reason = errors[-1] if errors else f"source ended (ffmpeg exit {code})"
                break
            now = time.monotonic()
            if self._last_data:
                if now - self._last_data > self._settings.stall_timeout_s:
                    reason = f"no data for {self._settings.stall_timeout_s:g} s"
                    break
            elif now - started > self._settings.first_data_timeout_s:
                reason = errors[-1] if errors else "no answer from source"
                break
            self._wake.wait(0.25)
            self._wake.clear()
        got_data = self._last_data > 0
        self._reap(proc)
        reader.join()
        err_reader.join()
        with self._lock:
            self._proc = None
        if reason not in ("stopped", "idle") and errors and not reason.startswith("no data"):
            reason = errors[-1]
        return got_data, reason

    def _reap(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def _read_stdout(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        carry = b""
        while True:
            try:
                data = os.read(fd, _READ_SIZE)
            except OSError:
                data = b""
            if not data:
                break
            data = carry + data
            whole = len(data) - len(data) % TS_PACKET
            chunk, carry = data[:whole], data[whole:]
            if chunk:
                self._fan_out(chunk)
        proc.stdout.close()
        self._wake.set()

    def _fan_out(self, chunk: bytes) -> None:
        now = time.monotonic()
        first = self._last_data == 0.0
        self._last_data = now
        key_offset = key_frame_offset(chunk)
        with self._lock:
            self._bytes_in += len(chunk)
            self._rate_window.append((now, len(chunk)))
            self._trim_rate_window(now)
            subscribers = list(self._subscribers)
        for subscription in subscribers:
            subscription.offer(chunk, key_offset, self._key_frames_seen)
        if key_offset >= 0:
            self._key_frames_seen = True
        if first:
            self._set_state("live", "")

    def _trim_rate_window(self, now: float) -> None:
        while self._rate_window and now - self._rate_window[0][0] > 2.0:
            self._rate_window.popleft()

    def _read_stderr(self, proc: subprocess.Popen[bytes], errors: deque[str]) -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = redact_text(raw.decode("utf-8", "replace").strip(), self._secrets)
            # ffmpeg prefixes errors with the input URL; the reason is what follows.
            line = _URL_PREFIX_RE.sub("", line)
            if line:
                errors.append(line)
                log.debug("ffmpeg %s: %s", self.key, line)
        proc.stderr.close()

    def _set_state(self, state: StateName, reason: str) -> None:
        if self._state.state == state and self._state.reason == reason:
            return
        self._state = StreamState(self.key, state, redact_text(reason, self._secrets), time.time())
        log.info("stream %s: %s %s", self.key, state, self._state.reason)
        try:
            self._on_state(self._state)
        except Exception:  # a listener's bug must not kill the puller
            log.exception("stream state listener failed")
