"""Discovery against simulated cameras: a port range, wrong passwords, broken and slow
answers, something that is not ONVIF, the already-registered flag, cancel, credential
changes, and WS-Discovery multicast inside a private network namespace."""
from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.cameras.discovery_service import (
    DiscoveryProgress,
    DiscoveryService,
    ProbeStatus,
    ProbeTarget,
    RegistrationRequest,
)
from app.cameras.onvif_client import OnvifAuthError
from app.cameras.registration import CameraAddress, CameraAdminPolicy, CameraRegistrar
from app.security.secrets import Credentials, CredentialVault
from app.sim.farm import SimulatorFarm
from app.storage.database import Database
from app.storage.repositories import CameraRepository, SiteRepository
from tests.discovery_sim import PASSWORD, USERNAME, SoapCameraFarm, soap_cameras

HELPER = Path(__file__).resolve().parent / "discovery_netns_helper.py"
GOOD = Credentials(USERNAME, PASSWORD)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'trucban.db'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def registrar(db: Database) -> CameraRegistrar:
    return CameraRegistrar(SiteRepository(db), CameraRepository(db),
                           CredentialVault(Fernet.generate_key()),
                           policy=CameraAdminPolicy(local_admin_mode=True))


@pytest.fixture
def service(registrar: CameraRegistrar) -> DiscoveryService:
    return DiscoveryService(registrar.cameras, registrar, timeout=1.0, concurrency=4)


@pytest.fixture
def farm(tmp_path: Path) -> Iterator[SoapCameraFarm]:
    with soap_cameras(4, tmp_path) as cameras:
        yield cameras


def test_port_range_finds_each_camera_and_the_closed_port(
        service: DiscoveryService, farm: SoapCameraFarm) -> None:
    steps: list[DiscoveryProgress] = []
    report = service.probe_addresses(farm.address_range, GOOD, progress=steps.append)
    assert report.total == 5 and not report.cancelled
    assert [d.port for d in report.devices] == [c.onvif_port for c in farm.cameras] + [
        farm.closed_port]
    found = report.devices[:4]
    assert all(d.status is ProbeStatus.FOUND for d in found)
    assert [(d.manufacturer, d.model, d.firmware, d.serial, d.mac) for d in found] == [
        (c.manufacturer, c.model, c.firmware, c.serial, c.mac) for c in farm.cameras]
    assert all(d.addresses == ("127.0.0.1",) and not d.registered for d in found)
    assert report.devices[4].status is ProbeStatus.REFUSED
    assert sorted(s.done for s in steps) == [1, 2, 3, 4, 5]
    assert {s.total for s in steps} == {5}


def test_without_or_with_wrong_password(service: DiscoveryService,
                                        farm: SoapCameraFarm) -> None:
    target = [ProbeTarget("127.0.0.1", farm.first_port)]
    assert service.probe_addresses(target).devices[0].status is ProbeStatus.AUTH_REQUIRED
    wrong = service.probe_addresses(target, Credentials(USERNAME, "sai-mat-khau"))
    assert wrong.devices[0].status is ProbeStatus.WRONG_CREDENTIALS
    assert wrong.devices[0].is_onvif and wrong.devices[0].serial == ""


def test_broken_slow_and_non_onvif_answers(service: DiscoveryService, farm: SoapCameraFarm,
                                           ) -> None:
    farm.faults[1].set("malformed_soap", True)
    farm.faults[2].set("slow_soap", True)

    class NotOnvif(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Router login</body></html>")

        def log_message(self, format: str, *args: object) -> None:
            pass

    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotOnvif)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        report = service.probe_addresses(
            f"127.0.0.1:{farm.cameras[1].onvif_port}-{farm.cameras[2].onvif_port} "
            f"127.0.0.1:{web.server_address[1]}", GOOD)
    finally:
        web.shutdown()
        web.server_close()
        thread.join(5)
    assert [d.status for d in report.devices] == [
        ProbeStatus.MALFORMED, ProbeStatus.TIMEOUT, ProbeStatus.NOT_ONVIF]
    assert "not valid XML" in report.devices[0].message


def test_add_selected_then_flagged_as_registered(service: DiscoveryService,
                                                 farm: SoapCameraFarm, db: Database) -> None:
    site = SiteRepository(db).ensure_path(["Thành phố Hà Nội", "Phường Hoàn Kiếm"])
    outcomes = service.register(None, [
        RegistrationRequest("127.0.0.1", farm.cameras[0].onvif_port, GOOD, site_id=site),
        RegistrationRequest("127.0.0.1", farm.cameras[1].onvif_port,
                            Credentials(USERNAME, "sai")),
    ])
    assert [(o.ok, o.auth_failed) for o in outcomes] == [(True, False), (False, True)]
    cameras = CameraRepository(db).list_cameras()
    assert [(c.port, c.serial, c.mac, c.site_id, len(c.profiles)) for c in cameras] == [
        (farm.cameras[0].onvif_port, "TBSIM000001", "02:54:42:00:00:01", site, 2)]
    report = service.probe_addresses(
        [ProbeTarget("127.0.0.1", c.onvif_port) for c in farm.cameras[:2]], GOOD)
    assert [d.registered_camera_id for d in report.devices] == [cameras[0].id, None]


def test_cancel_stops_before_every_address_is_probed(service: DiscoveryService,
                                                     farm: SoapCameraFarm) -> None:
    service.concurrency = 1
    cancel = threading.Event()

    def on_progress(step: DiscoveryProgress) -> None:
        cancel.set()  # stop after the first answer

    report = service.probe_addresses(farm.address_range, GOOD, cancel=cancel,
                                     progress=on_progress)
    assert report.cancelled and len(report.devices) == 1 and report.total == 5


def test_change_credentials_against_the_camera(registrar: CameraRegistrar,
                                               farm: SoapCameraFarm) -> None:
    camera = registrar.register(CameraAddress("127.0.0.1", farm.first_port), GOOD)
    with pytest.raises(OnvifAuthError):
        registrar.change_credentials(None, camera.id, Credentials(USERNAME, "sai"), timeout=2)
    assert registrar.credentials_for(camera.id) == GOOD
    changed = registrar.change_credentials(None, camera.id, GOOD, timeout=2)
    assert changed.version > camera.version


def test_refused_login_on_the_full_simulator(sim_faults: SimulatorFarm, tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'farm.db'}")
    db.upgrade()
    try:
        registrar = CameraRegistrar(SiteRepository(db), CameraRepository(db),
                                    CredentialVault(Fernet.generate_key()),
                                    policy=CameraAdminPolicy(local_admin_mode=True))
        service = DiscoveryService(registrar.cameras, registrar, timeout=2.0)
        sim_faults.set_fault(2, "refuse_auth")
        credentials = Credentials(sim_faults.username, sim_faults.password)
        targets = [ProbeTarget("127.0.0.1", c.onvif_port) for c in sim_faults.cameras]
        report = service.probe_addresses(targets, credentials)
        assert [d.status for d in report.devices] == [ProbeStatus.FOUND,
                                                      ProbeStatus.WRONG_CREDENTIALS]
        assert report.devices[0].model == "TB-PTZ200"
        outcomes = service.register(None, [RegistrationRequest(t.host, t.port, credentials)
                                           for t in targets])
        assert [o.ok for o in outcomes] == [True, False]
        assert [c.port for c in registrar.cameras.list_cameras()] == [targets[0].port]
    finally:
        db.dispose()


def _namespace_available() -> str | None:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "unshare or ip is not installed"
    result = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10,
                            check=False)
    if result.returncode != 0:
        return f"unshare -n is not permitted here: {result.stderr.decode().strip()}"
    return None


@pytest.mark.netns
def test_multicast_search_identifies_and_flags_registered(tmp_path: Path) -> None:
    reason = _namespace_available()
    if reason:
        pytest.skip(reason)
    # Multicast must never leave the machine: the namespace has nothing but lo.
    result = subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$1" 3 "$2"',
         sys.executable, str(HELPER), str(tmp_path)],
        capture_output=True, text=True, timeout=90, check=False)
    assert result.returncode == 0, result.stderr
    devices = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(d["serial"] for d in devices) == ["TBSIM000001", "TBSIM000002",
                                                    "TBSIM000003"]
    assert all(d["status"] == "found" and d["endpoint"].startswith("urn:uuid:")
               for d in devices)
    assert {d["name"] for d in devices} == {"Camera 01", "Camera 02", "Camera 03"}
    registered = {d["serial"]: d["registered"] for d in devices}
    assert registered == {"TBSIM000001": "Đã có", "TBSIM000002": "", "TBSIM000003": ""}
