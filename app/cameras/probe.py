"""Health probes: is the camera's ONVIF service reachable, does its stream yield frames?

The stream is sampled by an `ffprobe` child process that decodes a second or two of the
sub-stream and prints each frame's timestamp and size: frame rate comes from the timestamps,
bitrate from the bytes, resolution from the decoded frames. A child process can always be
killed, so a stream that opens and then stalls costs at most the probe's timeout — a native
decoder call inside our own process could block forever. ffprobe runs while the ONVIF calls
are made, so one probe costs about the sample length, not the sum of both.

`HealthMonitor` sweeps all enabled cameras with bounded concurrency, stores a HealthSample per
camera, drives the state machine in app.cameras.health and turns state changes into events.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.cameras.health import (
    BROKEN,
    DEGRADED,
    STATE_CHANGED_EVENT,
    HealthPolicy,
    HealthStatus,
    StateChange,
    advance,
    assess,
)
from app.cameras.onvif_client import OnvifClient, OnvifError
from app.security.secrets import CredentialError, Credentials, CredentialVault
from app.storage.dto import CameraDTO, HealthSampleDTO
from app.storage.errors import StorageError
from app.storage.repositories import CameraRepository, EventRepository, HealthRepository
from app.storage.types import utc_now
from app.video.urls import redact_text, with_credentials

log = logging.getLogger(__name__)

ClientFactory = Callable[..., OnvifClient]


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class StreamSample:
    ok: bool
    frames: int
    fps: float | None
    bitrate_kbps: float | None
    width: int | None
    height: int | None
    error: str = ""


@dataclass(frozen=True)
class ProbeResult:
    camera_id: int
    time: datetime
    onvif_ok: bool
    stream_ok: bool
    fps: float | None = None
    bitrate_kbps: float | None = None
    width: int | None = None
    height: int | None = None
    clock_drift_s: float | None = None
    onvif_error: str = ""
    stream_error: str = ""
    duration_s: float = 0.0

    @property
    def error(self) -> str:
        """Both failures in one line for the operator ('' when everything answered)."""
        parts = [f"ONVIF: {self.onvif_error}" if self.onvif_error else "",
                 f"Stream: {self.stream_error}" if self.stream_error else ""]
        return "; ".join(p for p in parts if p)


class StreamSampler:
    """One ffprobe run over `seconds` of a stream, started at once and collected later."""

    def __init__(self, url: str, *, seconds: float = 1.5, timeout: float = 8.0,
                 secrets: tuple[str, ...] = (), ffprobe: str = "ffprobe") -> None:
        self._secrets = secrets
        self._timeout = timeout
        self._io_timeout_s = max(1.0, min(3.0, timeout / 2))
        self._started = time.monotonic()
        self._process: subprocess.Popen[str] | None = None
        self._failure = ""
        executable = shutil.which(ffprobe)
        if executable is None:
            self._failure = "ffprobe (FFmpeg) is not installed; the stream cannot be checked"
            return
        # The socket timeout catches a stall inside ffprobe; the hard deadline below catches
        # everything else (it is what guarantees the probe never hangs).
        io_timeout_us = int(self._io_timeout_s * 1_000_000)
        args = [executable, "-v", "error", "-rtsp_transport", "tcp",
                "-timeout", str(io_timeout_us), "-analyzeduration", "1000000",
                "-probesize", "1000000", "-select_streams", "v:0",
                "-show_entries", "frame=best_effort_timestamp_time,pkt_size,width,height",
                "-read_intervals", f"%+{seconds:g}", "-of", "compact=p=0", url]
        try:
            self._process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, encoding="utf-8", errors="replace")
        except OSError as exc:
            self._failure = f"cannot start ffprobe: {exc.strerror or exc}"

    def result(self, cancel: CancelFlag | None = None) -> StreamSample:
        if self._process is None:
            return StreamSample(False, 0, None, None, None, None, self._failure)
        out, err, why = "", "", ""
        deadline = self._started + self._timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (cancel is not None and cancel.is_set()):
                why = "cancelled" if remaining > 0 else (
                    f"no complete picture within {self._timeout:g} s (stream stalled or too slow)")
                self._process.kill()
                more_out, more_err = self._process.communicate()
                out, err = out + (more_out or ""), err + (more_err or "")
                break
            try:
                more_out, more_err = self._process.communicate(timeout=min(0.2, remaining))
                out, err = out + (more_out or ""), err + (more_err or "")
                break
            except subprocess.TimeoutExpired:
                continue
        return self._parse(out, err, self._process.returncode, why)

    def _parse(self, out: str, err: str, code: int | None, why: str) -> StreamSample:
        stamps: list[float] = []
        sizes: list[int] = []
        width = height = None
        for line in out.splitlines():
            fields = dict(part.split("=", 1) for part in line.split("|") if "=" in part)
            if "pkt_size" not in fields:
                continue
            sizes.append(_int(fields.get("pkt_size")) or 0)
            stamp = _float(fields.get("best_effort_timestamp_time"))
            if stamp is not None:
                stamps.append(stamp)
            width = _int(fields.get("width")) or width
            height = _int(fields.get("height")) or height
        fps = bitrate = None
        if len(stamps) >= 2 and stamps[-1] > stamps[0]:
            span = stamps[-1] - stamps[0]
            fps = (len(stamps) - 1) / span
            bitrate = sum(sizes) * 8 / (span + 1 / fps) / 1000
        frames = len(sizes)
        waited = time.monotonic() - self._started >= self._io_timeout_s * 0.9
        if not why and code not in (0, None):
            if frames >= 2:
                why = "the stream stopped sending pictures (stalled)"
            elif waited and "invalid data" in err.lower():
                # ffmpeg reports a session that opens but never delivers as invalid data.
                why = (f"the stream opened but sent no pictures for {self._io_timeout_s:g} s "
                       f"(stalled)")
            else:
                why = _ffprobe_reason(err, self._secrets)
        elif not why and frames < 2:
            why = "the stream opened but sent no pictures"
        ok = not why and frames >= 2
        return StreamSample(ok, frames, fps, bitrate, width, height, "" if ok else why)


def _ffprobe_reason(stderr: str, secrets: tuple[str, ...]) -> str:
    text = redact_text(stderr, secrets)
    lowered = text.lower()
    known = (("401", "the stream refused the user name or password"),
             ("404", "the stream path does not exist on the camera"),
             ("connection refused", "the stream port is closed (connection refused)"),
             ("timed out", "the stream did not answer in time (stalled or unreachable)"),
             ("no route to host", "the camera is not reachable on the network"),
             ("invalid data", "the stream sends data that is not video"))
    for marker, reason in known:
        if marker in lowered:
            return reason
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # ffmpeg prefixes messages with the input URL; keep what follows it.
    last = lines[-1].split(": ", 1)[-1] if lines else "ffprobe failed"
    return f"the stream cannot be read ({last[:200]})"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def probe_camera(camera: CameraDTO, credentials: Credentials | None, timeout: float = 8.0, *,
                 sample_seconds: float = 1.5, cancel: CancelFlag | None = None,
                 client_factory: ClientFactory = OnvifClient) -> ProbeResult:
    """Check one camera; never raises for camera faults (they end up in the result)."""
    started = time.monotonic()
    at = utc_now()
    username, password = (credentials.username, credentials.password) if credentials else ("", "")
    profile = camera.sub_profile
    sampler = _start_sampler(profile.stream_uri, username, password, sample_seconds, timeout) \
        if profile else None
    onvif_ok, onvif_error, drift = False, "", None
    client = client_factory(camera.host, camera.port, username, password,
                            timeout=min(timeout, 5.0))
    try:
        client.device_information()
        drift = client.system_time_drift()
        onvif_ok = True
        if sampler is None:  # nothing stored yet: ask the camera for its streams
            sub = min(client.profiles(), key=lambda p: p.width * p.height, default=None)
            if sub is not None:
                sampler = _start_sampler(sub.stream_uri, username, password, sample_seconds,
                                         timeout)
    except OnvifError as exc:
        onvif_error = exc.user_message
        if credentials is None:
            onvif_error += " (no user name and password stored for this camera)"
    if sampler is None:
        stream = StreamSample(False, 0, None, None, None, None,
                              "no stream address known (ONVIF gave no profile)")
    else:
        stream = sampler.result(cancel)
    result = ProbeResult(
        camera_id=camera.id, time=at, onvif_ok=onvif_ok, stream_ok=stream.ok, fps=stream.fps,
        bitrate_kbps=stream.bitrate_kbps, width=stream.width, height=stream.height,
        clock_drift_s=drift, onvif_error=onvif_error, stream_error=stream.error,
        duration_s=time.monotonic() - started)
    log.debug("probe %s (%s:%s): onvif=%s stream=%s fps=%s %s", camera.name, camera.host,
              camera.port, onvif_ok, stream.ok, stream.fps, result.error)
    return result


def _start_sampler(uri: str, username: str, password: str, seconds: float,
                   timeout: float) -> StreamSampler:
    url = with_credentials(uri, username, password) if username else uri
    return StreamSampler(url, seconds=seconds, timeout=timeout,
                         secrets=tuple(s for s in (password, username) if s))


@dataclass(frozen=True)
class SweepProgress:
    done: int
    total: int
    camera_id: int
    camera_name: str
    state: str


ProbeFunction = Callable[[CameraDTO, Credentials | None, float, CancelFlag | None], ProbeResult]


def _default_probe(camera: CameraDTO, credentials: Credentials | None, timeout: float,
                   cancel: CancelFlag | None) -> ProbeResult:
    return probe_camera(camera, credentials, timeout, cancel=cancel)


class HealthMonitor:
    """Periodic health sweeps. Probes run on a bounded pool; all database writes happen on the
    sweeping thread, one camera at a time, so SQLite never sees concurrent writers from here."""

    def __init__(self, cameras_repo: CameraRepository, health_repo: HealthRepository,
                 events_repo: EventRepository, vault: CredentialVault,
                 interval_s: float = 300.0, max_concurrency: int = 16, *,
                 probe_timeout_s: float = 8.0, policy: HealthPolicy | None = None,
                 probe: ProbeFunction = _default_probe,
                 on_state_change: Callable[[StateChange], None] | None = None) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._cameras = cameras_repo
        self._health = health_repo
        self._events = events_repo
        self._vault = vault
        self.interval_s = interval_s
        self.max_concurrency = max_concurrency
        self.probe_timeout_s = probe_timeout_s
        self._policy = policy or HealthPolicy()
        self._probe = probe
        self._on_state_change = on_state_change
        self._status: dict[int, HealthStatus] | None = None
        self._sweep_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ one sweep
    def sweep_once(self, progress: Callable[[SweepProgress], None] | None = None,
                   cancel: CancelFlag | None = None,
                   camera_ids: set[int] | None = None) -> list[HealthSampleDTO]:
        """Probe every enabled camera (or those in `camera_ids`) once; the stored samples."""
        with self._sweep_lock:
            cameras = [c for c in self._cameras.list_cameras() if c.enabled
                       and (camera_ids is None or c.id in camera_ids)]
            statuses = self._load_statuses()
            samples: list[HealthSampleDTO] = []
            workers = max(1, min(self.max_concurrency, len(cameras)))
            with ThreadPoolExecutor(workers, thread_name_prefix="health-probe") as pool:
                futures: dict[Future[ProbeResult | None], CameraDTO] = {
                    pool.submit(self._probe_guarded, camera, cancel): camera
                    for camera in cameras}
                for done, future in enumerate(as_completed(futures), start=1):
                    camera = futures[future]
                    result = future.result()
                    if result is None:  # cancelled before it started
                        continue
                    sample = self._record(camera, result, statuses)
                    if sample is not None:
                        samples.append(sample)
                    if progress is not None:
                        state = statuses.get(camera.id, HealthStatus()).state
                        progress(SweepProgress(done, len(cameras), camera.id, camera.name, state))
            return samples

    def statuses(self) -> dict[int, HealthStatus]:
        """The state machine of each camera seen so far (copies; safe to read anywhere)."""
        return dict(self._load_statuses())

    def _load_statuses(self) -> dict[int, HealthStatus]:
        if self._status is None:
            # After a restart the stored state is resumed; streaks start again from zero.
            self._status = {camera_id: HealthStatus.resumed(sample.state, sample.time,
                                                            sample.message)
                            for camera_id, sample in self._health.latest_per_camera().items()}
        return self._status

    def _probe_guarded(self, camera: CameraDTO, cancel: CancelFlag | None) -> ProbeResult | None:
        if cancel is not None and cancel.is_set():
            return None
        credentials: Credentials | None = None
        try:
            sealed = self._cameras.get_credential_ciphertext(camera.id)
            credentials = self._vault.open_sealed(sealed) if sealed is not None else None
        except (CredentialError, StorageError) as exc:
            log.warning("credentials of camera %s unusable: %s", camera.name, exc)
        try:
            return self._probe(camera, credentials, self.probe_timeout_s, cancel)
        except Exception as exc:
            log.exception("probe of camera %s failed unexpectedly", camera.name)
            return ProbeResult(camera.id, utc_now(), False, False,
                               stream_error=f"the check itself failed ({type(exc).__name__})")

    def _record(self, camera: CameraDTO, result: ProbeResult,
                statuses: dict[int, HealthStatus]) -> HealthSampleDTO | None:
        profile = camera.sub_profile
        assessment = assess(
            onvif_ok=result.onvif_ok, stream_ok=result.stream_ok, fps=result.fps,
            bitrate_kbps=result.bitrate_kbps, clock_drift_s=result.clock_drift_s,
            expected_fps=profile.fps if profile else None, onvif_error=result.onvif_error,
            stream_error=result.stream_error, policy=self._policy)
        old = statuses.get(camera.id, HealthStatus())
        new = advance(old, assessment, result.time, self._policy)
        statuses[camera.id] = new
        try:
            sample = self._health.add_sample(
                camera.id, onvif_ok=result.onvif_ok, stream_ok=result.stream_ok, state=new.state,
                message=assessment.reason, fps=result.fps, bitrate_kbps=result.bitrate_kbps,
                width=result.width, height=result.height, clock_drift_s=result.clock_drift_s,
                time=result.time)
            if new.state != old.state:
                self._emit_change(camera, StateChange(camera.id, old.state, new.state,
                                                      new.reason, result.time))
        except StorageError as exc:  # e.g. the camera was deleted during the sweep
            log.warning("health of camera %s not stored: %s", camera.name, exc)
            return None
        return sample

    def _emit_change(self, camera: CameraDTO, change: StateChange) -> None:
        severity = {BROKEN: "error", DEGRADED: "warning"}.get(change.new_state, "info")
        message = f"{camera.name}: {change.old_state} → {change.new_state}"
        if change.reason:
            message += f" ({change.reason})"
        self._events.add(STATE_CHANGED_EVENT, message, camera_id=camera.id, severity=severity,
                          time=change.time, data={"old_state": change.old_state,
                                                  "new_state": change.new_state,
                                                  "reason": change.reason})
        if self._on_state_change is not None:
            try:
                self._on_state_change(change)
            except Exception:
                log.exception("state change listener failed")

    # ------------------------------------------------------------ background loop
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="health-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop sweeping; a sweep in progress is cancelled (running probes end quickly)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sweep_once(cancel=self._stop)
            except StorageError as exc:
                log.error("health sweep failed: %s", exc)
            except Exception:
                log.exception("health sweep failed")
            self._stop.wait(self.interval_s)
