"""Health probes against simulated cameras: healthy, wrong password, stalled, malformed SOAP."""
from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from app.cameras.health import BROKEN, DEGRADED, WORKING, HealthPolicy, HealthService
from app.cameras.probe import HealthMonitor, ProbeResult, probe_camera
from app.cameras.registration import CameraAddress, CameraRegistrar
from app.security.secrets import Credentials, CredentialVault
from app.sim.farm import SimulatorFarm
from app.storage.database import Database
from app.storage.dto import CameraDTO
from app.storage.repositories import (
    CameraRepository,
    EventRepository,
    HealthRepository,
    SiteRepository,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
TIMEOUT = 6.0


@pytest.fixture
def vault() -> CredentialVault:
    return CredentialVault(Fernet.generate_key())


@pytest.fixture
def registered(migrated_db: Database, vault: CredentialVault,
               sim_farm: SimulatorFarm) -> Iterator[list[CameraDTO]]:
    registrar = CameraRegistrar(SiteRepository(migrated_db), CameraRepository(migrated_db), vault)
    yield [registrar.register(CameraAddress("127.0.0.1", camera.onvif_port),
                              Credentials(sim_farm.username, sim_farm.password),
                              site_path=["Tỉnh Lâm Đồng", "Phường Xuân Hương - Đà Lạt"])
           for camera in sim_farm.cameras]


def monitor(db: Database, vault: CredentialVault, **policy: int) -> HealthMonitor:
    return HealthMonitor(CameraRepository(db), HealthRepository(db), EventRepository(db), vault,
                         max_concurrency=2, probe_timeout_s=TIMEOUT,
                         policy=HealthPolicy(**policy))


def probe_with_hang_guard(camera: CameraDTO, credentials: Credentials) -> ProbeResult:
    """The probe on a thread; a probe that hangs fails the test instead of blocking it."""
    results: list[ProbeResult] = []
    worker = threading.Thread(target=lambda: results.append(
        probe_camera(camera, credentials, TIMEOUT)), daemon=True)
    worker.start()
    worker.join(TIMEOUT * 3)
    assert results, "the probe did not return"
    return results[0]


def test_healthy_cameras_probe_as_working(migrated_db: Database, vault: CredentialVault,
                                          registered: list[CameraDTO],
                                          sim_farm: SimulatorFarm) -> None:
    samples = monitor(migrated_db, vault).sweep_once()
    assert len(samples) == 2
    for sample in samples:
        assert (sample.state, sample.onvif_ok, sample.stream_ok) == (WORKING, True, True)
        assert (sample.width, sample.height) == sim_farm.cameras[0].sub
        assert sample.fps is not None and 20 <= sample.fps <= 30
        assert sample.bitrate_kbps is not None and sample.bitrate_kbps > 10
        assert sample.clock_drift_s is not None and abs(sample.clock_drift_s) < 5
    assert {h.state for h in HealthService(migrated_db).current()} == {WORKING}


def test_wrong_password_names_the_onvif_refusal(migrated_db: Database, vault: CredentialVault,
                                                registered: list[CameraDTO],
                                                sim_farm: SimulatorFarm) -> None:
    camera = registered[0]
    cameras = CameraRepository(migrated_db)
    cameras.update(camera.id, camera.version, credential_ciphertext=vault.seal(
        Credentials(sim_farm.username, sim_farm.password + "-wrong")))
    sample = next(s for s in monitor(migrated_db, vault).sweep_once() if s.camera_id == camera.id)
    assert not sample.onvif_ok and sample.stream_ok  # the simulated RTSP asks for no password
    assert sample.state == DEGRADED
    assert "ONVIF: The camera refused the user name or password" in sample.message
    assert sim_farm.password not in sample.message


def test_stalled_stream_is_detected_within_the_timeout(migrated_db: Database,
                                                       vault: CredentialVault,
                                                       registered: list[CameraDTO],
                                                       sim_faults: SimulatorFarm) -> None:
    camera = registered[1]
    sim_faults.set_fault(2, "stream_stall")
    result = probe_with_hang_guard(camera, Credentials(sim_faults.username, sim_faults.password))
    assert result.onvif_ok and not result.stream_ok
    assert "stalled" in result.stream_error
    health = monitor(migrated_db, vault, failures_to_broken=1)
    # Only the stalled camera: the simulator's RTSP server serves no other new session while
    # one is waiting for the stalled stream's first frame (a simulator limitation).
    samples = {s.camera_id: s for s in health.sweep_once(camera_ids={camera.id})}
    assert samples[camera.id].state == BROKEN
    assert "stalled" in samples[camera.id].message
    broken = HealthService(migrated_db).broken_cameras()
    assert [b.camera_id for b in broken] == [camera.id] and "stalled" in broken[0].reason


def test_malformed_soap_gives_a_clear_reason(migrated_db: Database, vault: CredentialVault,
                                             registered: list[CameraDTO],
                                             sim_faults: SimulatorFarm) -> None:
    camera = registered[1]
    sim_faults.set_fault(2, "malformed_soap")
    result = probe_with_hang_guard(camera, Credentials(sim_faults.username, sim_faults.password))
    assert not result.onvif_ok and result.stream_ok
    assert result.onvif_error == "The camera sent a broken answer (not valid XML)"
    assert result.error.startswith("ONVIF: The camera sent a broken answer")
