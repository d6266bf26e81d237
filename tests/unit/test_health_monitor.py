"""HealthMonitor sweeps with a scripted probe: samples, events, broken list, concurrency."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet

from app.cameras.health import (
    BROKEN,
    NEVER_CONNECTED,
    STATE_CHANGED_EVENT,
    WORKING,
    HealthPolicy,
    HealthService,
)
from app.cameras.probe import CancelFlag, HealthMonitor, ProbeResult, SweepProgress
from app.security.secrets import Credentials, CredentialVault
from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO, ProfileCreate
from app.storage.repositories import CameraRepository, EventRepository, HealthRepository

SUB = ProfileCreate(token="sub", kind="sub", width=640, height=360, fps=25.0,
                    stream_uri="rtsp://10.0.0.1/sub")


class ScriptedProbe:
    """Answers per camera name from a script; records credentials and concurrency."""

    def __init__(self, script: dict[str, list[bool]], delay: float = 0.0) -> None:
        self.script = script
        self.delay = delay
        self.seen_credentials: dict[str, Credentials | None] = {}
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()
        self.clock = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

    def __call__(self, camera: CameraDTO, credentials: Credentials | None, timeout: float,
                 cancel: CancelFlag | None) -> ProbeResult:
        with self._lock:
            self.running += 1
            self.max_running = max(self.max_running, self.running)
            self.seen_credentials[camera.name] = credentials
            up = self.script[camera.name].pop(0)
        time.sleep(self.delay)
        with self._lock:
            self.running -= 1
        if up:
            return ProbeResult(camera.id, self.clock, True, True, fps=25.0, bitrate_kbps=900,
                               width=640, height=360, clock_drift_s=0.2)
        return ProbeResult(camera.id, self.clock, True, False, clock_drift_s=0.1,
                           stream_error="the stream port is closed (connection refused)")


@pytest.fixture
def vault() -> CredentialVault:
    return CredentialVault(Fernet.generate_key())


@pytest.fixture
def setup(migrated_db: Database, vault: CredentialVault) -> Iterator[tuple[Database, list[int]]]:
    cameras = CameraRepository(migrated_db)
    ids = [cameras.add(CameraCreate(
        name=f"Cam {n}", host=f"10.0.0.{n}", port=80, profiles=(SUB,),
        credential_ciphertext=vault.seal(Credentials("admin", f"secret{n}")))).id
        for n in range(1, 4)]
    yield migrated_db, ids


def monitor_for(db: Database, vault: CredentialVault, probe: ScriptedProbe,
                concurrency: int = 2) -> HealthMonitor:
    return HealthMonitor(CameraRepository(db), HealthRepository(db), EventRepository(db), vault,
                         interval_s=0.05, max_concurrency=concurrency,
                         policy=HealthPolicy(failures_to_broken=2, successes_to_working=2),
                         probe=probe)


def test_sweeps_store_samples_and_turn_state_changes_into_events(
        setup: tuple[Database, list[int]], vault: CredentialVault) -> None:
    db, ids = setup
    probe = ScriptedProbe({"Cam 1": [True, True, True], "Cam 2": [True, False, False],
                           "Cam 3": [False, False, False]})
    monitor = monitor_for(db, vault, probe)
    progress: list[SweepProgress] = []
    for _ in range(3):
        probe.clock += timedelta(minutes=5)
        samples = monitor.sweep_once(progress=progress.append)
        assert sorted(s.camera_id for s in samples) == ids
    assert probe.seen_credentials["Cam 2"] == Credentials("admin", "secret2")
    assert [p.done for p in progress[:3]] == [1, 2, 3] and {p.total for p in progress} == {3}
    latest = HealthRepository(db).latest_per_camera()
    assert [latest[i].state for i in ids] == [WORKING, BROKEN, BROKEN]
    assert "connection refused" in latest[ids[1]].message

    events = [e for e in EventRepository(db).recent(50) if e.kind == STATE_CHANGED_EVENT]
    changes = sorted((e.camera_id, e.data["old_state"], e.data["new_state"]) for e in events)
    assert changes == [(ids[0], NEVER_CONNECTED, WORKING), (ids[1], NEVER_CONNECTED, WORKING),
                       (ids[1], WORKING, BROKEN), (ids[2], NEVER_CONNECTED, BROKEN)]
    broken_event = next(e for e in events if e.data["new_state"] == BROKEN
                        and e.camera_id == ids[1])
    assert broken_event.severity == "error"
    assert "connection refused" in broken_event.data["reason"]

    broken = HealthService(db).broken_cameras()
    assert [(b.camera_name, b.since) for b in broken] == [
        ("Cam 3", datetime(2026, 11, 2, 1, 10, tzinfo=UTC)),
        ("Cam 2", datetime(2026, 11, 2, 1, 15, tzinfo=UTC))]
    assert broken[1].last_seen == datetime(2026, 11, 2, 1, 5, tzinfo=UTC)
    assert broken[0].last_seen is None and "connection refused" in broken[0].reason


def test_monitor_resumes_stored_states_after_restart(setup: tuple[Database, list[int]],
                                                     vault: CredentialVault) -> None:
    db, ids = setup
    probe = ScriptedProbe({"Cam 1": [False, False, True, True], "Cam 2": [True] * 4,
                           "Cam 3": [True] * 4})
    first = monitor_for(db, vault, probe)
    first.sweep_once()
    first.sweep_once()
    assert first.statuses()[ids[0]].state == BROKEN
    second = monitor_for(db, vault, probe)  # a restart: the state is stored, streaks are not
    second.sweep_once()
    assert second.statuses()[ids[0]].state == BROKEN  # one good probe is not enough
    second.sweep_once()
    assert second.statuses()[ids[0]].state == WORKING


def test_concurrency_is_bounded_and_cancel_stops_the_sweep(
        setup: tuple[Database, list[int]], vault: CredentialVault) -> None:
    db, _ids = setup
    probe = ScriptedProbe({f"Cam {n}": [True] * 3 for n in (1, 2, 3)}, delay=0.2)
    monitor = monitor_for(db, vault, probe, concurrency=2)
    monitor.sweep_once()
    assert probe.max_running == 2
    cancel = threading.Event()
    cancel.set()
    assert monitor.sweep_once(cancel=cancel) == []


def test_background_loop_starts_and_stops(setup: tuple[Database, list[int]],
                                          vault: CredentialVault) -> None:
    db, _ids = setup
    probe = ScriptedProbe({f"Cam {n}": [True] * 1000 for n in (1, 2, 3)})
    monitor = monitor_for(db, vault, probe)
    monitor.start()
    try:
        deadline = time.monotonic() + 10
        while len(HealthRepository(db).latest_per_camera()) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        monitor.stop()
    assert not monitor.running
    assert len(HealthRepository(db).latest_per_camera()) == 3


def test_a_crashing_probe_becomes_a_sample_not_a_crash(setup: tuple[Database, list[int]],
                                                       vault: CredentialVault) -> None:
    db, _ids = setup

    def explode(camera: CameraDTO, credentials: Credentials | None, timeout: float,
                cancel: CancelFlag | None) -> ProbeResult:
        raise RuntimeError("bug")

    monitor = HealthMonitor(CameraRepository(db), HealthRepository(db), EventRepository(db),
                            vault, max_concurrency=3, probe=explode)
    samples = monitor.sweep_once()
    assert len(samples) == 3 and not any(s.stream_ok for s in samples)
    assert all("check itself failed" in s.message for s in samples)


def test_uptime_by_day_from_stored_samples(migrated_db: Database) -> None:
    camera = CameraRepository(migrated_db).add(CameraCreate(name="Cam", host="10.1.1.1",
                                                            port=80))
    health = HealthRepository(migrated_db)
    now = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)  # midnight 3 Nov, UTC+7
    for minutes, up in ((0, True), (60, False), (90, True)):
        health.add_sample(camera.id, onvif_ok=True, stream_ok=up, state=WORKING,
                          time=now - timedelta(hours=2) + timedelta(minutes=minutes))
    days = HealthService(migrated_db, interval_s=3600).uptime_by_day(camera.id, 2, now=now)
    assert [d.day.isoformat() for d in days] == ["2026-11-02", "2026-11-03"]
    assert days[0].observed_s == 2 * 3600 and days[0].percent == pytest.approx(75.0)
    assert days[1].percent is None
