"""Camera list CSV: round trip, dry-run error report, no passwords out, bulk edit."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.cameras.inventory_csv import CameraInventory
from app.security.secrets import Credentials, CredentialVault
from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO
from app.storage.repositories import CameraRepository, SiteRepository


@pytest.fixture
def vault() -> CredentialVault:
    return CredentialVault(Fernet.generate_key())


def inventory(db: Database, vault: CredentialVault) -> CameraInventory:
    return CameraInventory(CameraRepository(db), SiteRepository(db), vault)


def comparable(camera: CameraDTO, paths: dict[int, str]) -> tuple[object, ...]:
    return (camera.name, paths.get(camera.site_id or 0, ""), camera.host, camera.port,
            camera.purpose, camera.latitude, camera.longitude, camera.tags, camera.notes,
            camera.has_credentials)


def site_paths(db: Database) -> dict[int, str]:
    from app.cameras.inventory_csv import site_paths as paths

    return paths(SiteRepository(db).list_sites())


def seed(db: Database, vault: CredentialVault) -> None:
    sites = SiteRepository(db)
    junction = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Xuân Hương - Đà Lạt",
                                  "Ngã tư Hòa Bình"])
    gate = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Xuân Hương - Đà Lạt", "Cổng chợ"])
    cameras = CameraRepository(db)
    cameras.add(CameraCreate(
        name="Ngã tư Hòa Bình – hướng Bắc", host="192.168.1.10", port=80, site_id=junction,
        latitude=11.9416, longitude=108.4383, tags=("đèn đỏ", "làn"),
        notes='Cột số 3, "góc" trái; gần trụ điện', credential_ciphertext=vault.seal(
            Credentials("quản-trị", "Mật khẩu bí mật!"))))
    cameras.add(CameraCreate(name="=HYPERLINK(\"http://x\")", host="cam2.local", port=8080,
                             purpose="security", site_id=gate, notes="dòng 1\ndòng 2"))
    cameras.add(CameraCreate(name="Không vị trí", host="10.0.0.3", port=80))


def test_round_trip_into_an_empty_database(migrated_db: Database, vault: CredentialVault,
                                           tmp_path: Path, db_url: str) -> None:
    seed(migrated_db, vault)
    exported = tmp_path / "cameras.csv"
    assert inventory(migrated_db, vault).export_csv(exported) == 3
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    text = raw.decode("utf-8-sig")
    assert "Mật khẩu bí mật" not in text and "password" not in text.splitlines()[0]
    assert "quản-trị" in text
    assert "'=HYPERLINK" in text  # not run as a formula by Excel

    empty = Database.open(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        empty.upgrade()
        report = inventory(empty, vault).import_csv(exported, dry_run=False)
        assert report.ok and (report.created, report.updated) == (3, 0)
        assert [w.field for w in report.warnings] == ["password"]  # user name without password
        before = {comparable(c, site_paths(migrated_db))
                  for c in CameraRepository(migrated_db).list_cameras()}
        after = {comparable(c, site_paths(empty)) for c in CameraRepository(empty).list_cameras()}
        assert after == before
        imported = CameraRepository(empty).find_by_address("192.168.1.10", 80)
        assert imported is not None
        sealed = CameraRepository(empty).get_credential_ciphertext(imported.id)
        assert sealed is not None and vault.open_sealed(sealed).username == "quản-trị"
        # Importing the same file again updates instead of duplicating.
        again = inventory(empty, vault).import_csv(exported, dry_run=False)
        assert (again.created, again.updated) == (0, 3)
        assert len(CameraRepository(empty).list_cameras()) == 3
    finally:
        empty.dispose()


BROKEN_CSV = """name,site_path,host,port,purpose,latitude,longitude,tags,notes,username,password
Tốt,Tỉnh A/Xã B/Chợ,10.0.0.1,80,traffic,10.5,106.7,a;b,,admin,mật-khẩu-Đồn-7731
,Tỉnh A/Xã B,10.0.0.2,80,traffic,,,,,,
Cổng,Tỉnh A//Cổng,10.0.0.3,99999,parking,91,,,,,pw
Trùng,,10.0.0.1,80,security,abc,106,,,,
"""


def test_dry_run_reports_line_and_field_and_writes_nothing(migrated_db: Database,
                                                           vault: CredentialVault) -> None:
    tool = inventory(migrated_db, vault)
    report = tool.import_csv(io.StringIO(BROKEN_CSV), dry_run=True)
    found = {(e.line, e.field) for e in report.errors}
    assert found == {(3, "name"), (4, "port"), (4, "purpose"), (4, "latitude"),
                     (4, "site_path"), (4, "username"), (5, "latitude")}
    assert all(e.message for e in report.errors)
    assert CameraRepository(migrated_db).list_cameras() == []
    assert SiteRepository(migrated_db).list_sites() == []
    # Without dry run, errors still mean nothing is written.
    real = tool.import_csv(io.StringIO(BROKEN_CSV), dry_run=False)
    assert not real.ok and real.created == 0
    assert CameraRepository(migrated_db).list_cameras() == []
    duplicate = BROKEN_CSV.splitlines()[0] + "\n" + BROKEN_CSV.splitlines()[1] + "\n" + \
        BROKEN_CSV.splitlines()[1].replace("Tốt", "Lặp") + "\n"
    assert [(e.line, e.field) for e in tool.import_csv(
        io.StringIO(duplicate), dry_run=True).errors] == [(3, "host")]


def test_clean_dry_run_counts_without_writing(migrated_db: Database,
                                              vault: CredentialVault) -> None:
    good = "\n".join(BROKEN_CSV.splitlines()[:2]) + "\n"
    report = inventory(migrated_db, vault).import_csv(io.StringIO(good), dry_run=True)
    assert report.ok and (report.rows, report.created) == (1, 1)
    assert CameraRepository(migrated_db).list_cameras() == []
    report = inventory(migrated_db, vault).import_csv(io.StringIO(good), dry_run=False)
    camera = CameraRepository(migrated_db).list_cameras()[0]
    sealed = CameraRepository(migrated_db).get_credential_ciphertext(camera.id)
    # The password has letters base64 never produces: finding it would mean plain text.
    assert sealed is not None and "mật-khẩu-Đồn-7731".encode() not in sealed
    assert vault.open_sealed(sealed) == Credentials("admin", "mật-khẩu-Đồn-7731")


def test_excel_vietnamese_semicolons_and_decimal_commas(migrated_db: Database,
                                                        vault: CredentialVault) -> None:
    text = "\ufeffName;Host;Port;Latitude;Longitude\nCam;10.0.0.9;554;11,94;108,43\n"
    report = inventory(migrated_db, vault).import_csv(io.StringIO(text), dry_run=False)
    assert report.ok, report.errors
    camera = CameraRepository(migrated_db).list_cameras()[0]
    assert (camera.port, camera.latitude, camera.longitude) == (554, 11.94, 108.43)


def test_bad_files_get_clear_messages(migrated_db: Database, vault: CredentialVault,
                                      tmp_path: Path) -> None:
    tool = inventory(migrated_db, vault)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,host\nCổng,10.0.0.1\n".encode("utf-16"))
    assert "CSV UTF-8" in tool.import_csv(latin, dry_run=True).errors[0].message
    unknown = tool.import_csv(io.StringIO("name,host,colour\n"), dry_run=True)
    assert [(e.line, e.field) for e in unknown.errors] == [(1, "colour")]
    missing = tool.import_csv(io.StringIO("name,port\n"), dry_run=True)
    assert [(e.line, e.field) for e in missing.errors] == [(1, "host")]
    assert tool.import_csv(io.StringIO(""), dry_run=True).errors[0].field == "header"
    assert "cannot be read" in tool.import_csv(tmp_path / "nope.csv",
                                               dry_run=True).errors[0].message


def test_bulk_update_with_optimistic_locking(migrated_db: Database,
                                             vault: CredentialVault) -> None:
    seed(migrated_db, vault)
    cameras = CameraRepository(migrated_db)
    listed = cameras.list_cameras()
    seen_versions = {c.id: c.version for c in listed}
    stale = listed[0]
    cameras.update(stale.id, stale.version, notes="changed meanwhile")
    report = inventory(migrated_db, vault).bulk_update(
        [c.id for c in listed] + [999], expected_versions=seen_versions, purpose="security",
        add_tags=["rà soát 2026"], remove_tags=["làn"],
        site_path=["Tỉnh Lâm Đồng", "Phường Xuân Hương - Đà Lạt"])
    assert sorted(c.id for c in report.updated) == sorted(c.id for c in listed[1:])
    assert {cid for cid, _ in report.conflicts} == {stale.id, 999}
    assert "changed by someone else" in dict(report.conflicts)[stale.id]
    for camera in report.updated:
        assert camera.purpose == "security" and "rà soát 2026" in camera.tags
        assert "làn" not in camera.tags
    untouched = cameras.get(stale.id)
    assert untouched is not None and untouched.notes == "changed meanwhile"
    assert untouched.purpose == stale.purpose
    with pytest.raises(ValueError, match="Cannot bulk-edit: host"):
        inventory(migrated_db, vault).bulk_update([stale.id], host="x")
