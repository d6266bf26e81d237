"""Discovery core without a network: address lists, interfaces, registration outcomes,
credential changes, permissions and audit, the site tree and one-transaction refresh."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from app.cameras.discovery_service import (
    AddressListError,
    DiscoveryService,
    ProbeTarget,
    RegistrationRequest,
    list_interfaces,
    parse_targets,
)
from app.cameras.discovery_targets import MAX_TARGETS
from app.cameras.onvif_client import (
    DeviceInfo,
    NetworkInterfaceInfo,
    OnvifAuthError,
    OnvifProtocolError,
    StreamProfile,
)
from app.cameras.registration import CameraAddress, CameraAdminPolicy, CameraRegistrar
from app.security.audit import AuditTrail
from app.security.permissions import BUILTIN_ROLES, PermissionDenied, Principal
from app.security.secrets import Credentials, CredentialVault
from app.storage.database import Database
from app.storage.dto import CameraCreate, ProfileCreate
from app.storage.errors import ConcurrentUpdateError, ConstraintError
from app.storage.models.security import AuditEntry
from app.storage.repositories import CameraRepository, SiteRepository

GOOD = Credentials("admin", "dung-mat-khau")


# ------------------------------------------------------------------ address lists
def test_port_range_host_list_and_ip_range() -> None:
    targets = parse_targets("127.0.0.1:18080-18082\n10.0.0.1-3; cam-7.local:8080, "
                            "10.0.0.1-10.0.0.2:81 http://10.1.1.1:8899/onvif/device_service "
                            "[fe80::1]:80 127.0.0.1:18080", default_port=8000)
    assert targets == [
        ProbeTarget("127.0.0.1", 18080), ProbeTarget("127.0.0.1", 18081),
        ProbeTarget("127.0.0.1", 18082), ProbeTarget("10.0.0.1", 8000),
        ProbeTarget("10.0.0.2", 8000), ProbeTarget("10.0.0.3", 8000),
        ProbeTarget("cam-7.local", 8080), ProbeTarget("10.0.0.1", 81),
        ProbeTarget("10.0.0.2", 81), ProbeTarget("10.1.1.1", 8899),
        ProbeTarget("fe80::1", 80)]  # the repeated first address is listed once
    assert ProbeTarget("fe80::1", 80).url_host == "[fe80::1]"


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "at least one address"),
    ("10.0.0.9-10.0.0.1", "lower address"),
    ("10.0.0.1:9000-8000", "lower one first"),
    ("10.0.0.1:0", "1–65535"),
    ("10.0.0.1:http", "not a port"),
    ("300.1.1.1", "not an IP address"),
    ("under_score!", "not an IP address or host name"),
    ("10.0.0.0-10.0.255.255", f"more than {MAX_TARGETS}"),
    ("127.0.0.1:1-2000", f"More than {MAX_TARGETS}"),
])
def test_bad_address_lists_name_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(AddressListError, match=fragment):
        parse_targets(text)


def test_interfaces_include_loopback_first() -> None:
    interfaces = list_interfaces()
    assert interfaces[0].is_loopback
    assert any(i.address == "127.0.0.1" for i in interfaces)


# ---------------------------------------------------------------- registration
class FakeClient:
    """Stands in for OnvifClient: answers like a camera whose password is GOOD."""

    def __init__(self, host: str, port: int, username: str, password: str,
                 timeout: float = 5.0) -> None:
        self.where = f"{host}:{port}"
        self._ok = (username, password) == (GOOD.username, GOOD.password)
        self._port = port

    def _check(self) -> None:
        if self._port == 666:
            raise OnvifProtocolError("The camera sent a broken answer (not valid XML)")
        if not self._ok:
            raise OnvifAuthError("The camera refused the user name or password")

    def device_information(self) -> DeviceInfo:
        self._check()
        return DeviceInfo("Hikvision", "DS-2CD", "V5.7", f"SN{self._port}", "hw")

    def has_ptz(self) -> bool:
        self._check()
        return False

    def profiles(self) -> list[StreamProfile]:
        self._check()
        return [StreamProfile("p0", "Main", "main", 1920, 1080, 25, "H264",
                              f"rtsp://admin:secret@cam:{self._port}/main", None)]

    def network_interfaces(self) -> list[NetworkInterfaceInfo]:
        self._check()
        return [NetworkInterfaceInfo("eth0", "aa:bb:cc:00:00:01", ("10.0.0.5",))]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'trucban.db'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def vault() -> CredentialVault:
    return CredentialVault(Fernet.generate_key())


def make_registrar(db: Database, vault: CredentialVault, *, local_admin: bool = True,
                   audit: AuditTrail | None = None) -> CameraRegistrar:
    return CameraRegistrar(SiteRepository(db), CameraRepository(db), vault, FakeClient,  # type: ignore[arg-type]
                           policy=CameraAdminPolicy(audit, local_admin_mode=local_admin))


def audit_actions(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_register_outcomes_per_row_and_nothing_half_registered(
        db: Database, vault: CredentialVault) -> None:
    registrar = make_registrar(db, vault, audit=AuditTrail(db))
    service = DiscoveryService(registrar.cameras, registrar)
    site = SiteRepository(db).ensure_path(["Thành phố Hà Nội", "Phường Hoàn Kiếm"])
    outcomes = service.register(None, [
        RegistrationRequest("10.0.0.5", 80, GOOD, name="Ngã tư Hàng Bài", site_id=site,
                            purpose="security"),
        RegistrationRequest("10.0.0.6", 80, Credentials("admin", "sai")),
        RegistrationRequest("10.0.0.7", 666, GOOD),
    ])
    assert [o.ok for o in outcomes] == [True, False, False]
    assert outcomes[1].auth_failed and "refused the user name or password" in outcomes[1].message
    assert not outcomes[2].auth_failed and "broken answer" in outcomes[2].message
    cameras = CameraRepository(db).list_cameras()
    assert [(c.host, c.name, c.site_id, c.purpose, c.mac) for c in cameras] == [
        ("10.0.0.5", "Ngã tư Hàng Bài", site, "security", "aa:bb:cc:00:00:01")]
    assert cameras[0].profiles[0].stream_uri == "rtsp://cam:80/main"  # no password stored
    assert registrar.credentials_for(cameras[0].id) == GOOD
    assert audit_actions(db) == ["camera.register"]


def test_register_again_refreshes_in_one_step(db: Database, vault: CredentialVault) -> None:
    registrar = make_registrar(db, vault)
    first = registrar.register(CameraAddress("10.0.0.5", 80), GOOD, name="A")
    again = registrar.register(CameraAddress("10.0.0.5", 80), GOOD)
    assert again.id == first.id and again.name == "A" and again.version > first.version
    assert [p.token for p in again.profiles] == ["p0"]


def test_refresh_from_device_refuses_a_stale_version(migrated_db: Database) -> None:
    cameras = CameraRepository(migrated_db)
    camera = cameras.add(CameraCreate(name="A", host="10.0.0.9", port=80, profiles=(
        ProfileCreate("old", "main", 640, 480, "rtsp://x/old"),)))
    cameras.update(camera.id, camera.version, notes="edited elsewhere")
    with pytest.raises(ConcurrentUpdateError):
        cameras.refresh_from_device(camera.id, camera.version, [
            ProfileCreate("new", "main", 1920, 1080, "rtsp://x/new")], model="M")
    kept = cameras.get(camera.id)
    assert kept is not None and [p.token for p in kept.profiles] == ["old"] and kept.model == ""


def test_duty_officer_may_not_register_or_edit(db: Database, vault: CredentialVault) -> None:
    registrar = make_registrar(db, vault, local_admin=False)
    officer = Principal(7, "trucban", "Trực ban", "duty_officer",
                        BUILTIN_ROLES["duty_officer"].permissions)
    service = DiscoveryService(registrar.cameras, registrar)
    with pytest.raises(PermissionDenied):
        service.register(officer, [RegistrationRequest("10.0.0.5", 80, GOOD)])
    with pytest.raises(PermissionDenied):
        service.register(None, [RegistrationRequest("10.0.0.5", 80, GOOD)])
    camera = CameraRepository(db).add(CameraCreate(name="A", host="10.0.0.5", port=80))
    with pytest.raises(PermissionDenied):
        registrar.update_camera(officer, camera.id, camera.version, name="B")
    with pytest.raises(PermissionDenied):
        registrar.change_credentials(officer, camera.id, GOOD)
    with pytest.raises(PermissionDenied):
        registrar.add_site(officer, "Tỉnh X", None)
    assert CameraRepository(db).list_cameras() == [camera]


def test_change_credentials_tests_them_first(db: Database, vault: CredentialVault) -> None:
    registrar = make_registrar(db, vault, audit=AuditTrail(db))
    camera = registrar.register(CameraAddress("10.0.0.5", 80), GOOD)
    with pytest.raises(OnvifAuthError):
        registrar.change_credentials(None, camera.id, Credentials("admin", "sai"))
    assert registrar.credentials_for(camera.id) == GOOD
    updated = registrar.change_credentials(None, camera.id, GOOD)
    assert updated.version > camera.version
    assert audit_actions(db) == ["camera.change_credentials"]


def test_update_camera_only_edits_registry_fields(db: Database, vault: CredentialVault) -> None:
    registrar = make_registrar(db, vault)
    camera = CameraRepository(db).add(CameraCreate(name="A", host="10.0.0.5", port=80))
    with pytest.raises(ValueError, match="host"):
        registrar.update_camera(None, camera.id, camera.version, host="10.0.0.6")
    saved = registrar.update_camera(None, camera.id, camera.version, name="B",
                                    tags=("x", "y"), latitude=21.0, longitude=105.8)
    assert (saved.name, saved.tags, saved.latitude) == ("B", ("x", "y"), 21.0)
    with pytest.raises(ConcurrentUpdateError, match="changed by someone else"):
        registrar.update_camera(None, camera.id, camera.version, name="C")


def test_site_tree_create_rename_delete(migrated_db: Database, vault: CredentialVault) -> None:
    db = migrated_db
    registrar = make_registrar(db, vault, audit=AuditTrail(db))
    province = registrar.add_site(None, "Tỉnh  Lâm Đồng", None)
    ward = registrar.add_site(None, "Phường Xuân Hương", province.id)
    place = registrar.add_site(None, "Ngã tư Hòa Bình", ward.id)
    assert (province.name, province.kind, ward.kind, place.kind) == (
        "Tỉnh Lâm Đồng", "province", "commune", "location")
    with pytest.raises(ConstraintError, match="already a site"):
        registrar.add_site(None, "Phường Xuân Hương", province.id)
    renamed = registrar.rename_site(None, ward.id, "Phường Xuân Hương - Đà Lạt")
    assert renamed.name == "Phường Xuân Hương - Đà Lạt"
    CameraRepository(db).add(CameraCreate(name="A", host="10.0.0.5", port=80,
                                          site_id=place.id))
    with pytest.raises(ConstraintError, match="1 camera"):
        registrar.delete_site(None, place.id)
    with pytest.raises(ConstraintError, match="1 site"):
        registrar.delete_site(None, ward.id)
    empty = registrar.add_site(None, "Cổng chợ", ward.id)
    registrar.delete_site(None, empty.id)
    assert empty.id not in {s.id for s in SiteRepository(db).list_sites()}
    assert audit_actions(db) == ["site.create"] * 3 + ["site.rename", "site.create",
                                                        "site.delete"]


def test_bulk_update_reports_conflicts(db: Database, vault: CredentialVault) -> None:
    registrar = make_registrar(db, vault)
    cameras = CameraRepository(db)
    a = cameras.add(CameraCreate(name="A", host="10.0.0.1", port=80, tags=("old",)))
    b = cameras.add(CameraCreate(name="B", host="10.0.0.2", port=80))
    cameras.update(b.id, b.version, notes="changed meanwhile")
    report = registrar.bulk_update(None, [a.id, b.id],
                                   expected_versions={a.id: a.version, b.id: b.version},
                                   add_tags=["new"], remove_tags=["old"], enabled=False,
                                   purpose="security")
    assert [(c.id, c.tags, c.enabled, c.purpose) for c in report.updated] == [
        (a.id, ("new",), False, "security")]
    assert [camera_id for camera_id, _ in report.conflicts] == [b.id]
