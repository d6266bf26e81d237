"""Camera registry screens: discovery and adding, CSV dry run and import, camera editor,
bulk edit, login change, site editor and the camera tree's context menu."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.cameras.discovery_service import DiscoveryService, NetworkInterface
from app.cameras.inventory_csv import CameraInventory
from app.cameras.registration import CameraAddress, CameraAdminPolicy, CameraRegistrar
from app.security.secrets import Credentials, CredentialVault
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.repositories import CameraRepository, SiteRepository
from tests.discovery_sim import PASSWORD, USERNAME, SoapCameraFarm, soap_cameras
from ui.cameras.bulk_edit import BulkEditDialog
from ui.cameras.camera_editor import CameraEditorDialog
from ui.cameras.camera_tree import CameraTreeDock
from ui.cameras.credentials_dialog import ChangeCredentialsDialog
from ui.cameras.csv_dialog import CameraCsvDialog
from ui.cameras.discovery_dialog import DiscoveryDialog
from ui.cameras.site_editor import NO_SITE, SiteEditorDialog

pytestmark = pytest.mark.qt_log_level_fail("WARNING")
LOOPBACK = [NetworkInterface("lo", "127.0.0.1", True)]


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
def farm(tmp_path: Path) -> Iterator[SoapCameraFarm]:
    with soap_cameras(3, tmp_path) as cameras:
        yield cameras


def open_discovery(qtbot: QtBot, registrar: CameraRegistrar) -> DiscoveryDialog:
    service = DiscoveryService(registrar.cameras, registrar, timeout=1.0)
    dialog = DiscoveryDialog(service, registrar.sites.list_sites(), interfaces=LOOPBACK,
                             checked_interfaces=["127.0.0.1"])
    qtbot.addWidget(dialog)
    return dialog


def test_discover_by_range_and_add_with_credentials(
        qtbot: QtBot, shell_app: QApplication, registrar: CameraRegistrar,
        farm: SoapCameraFarm) -> None:
    site = registrar.sites.ensure_path(["Thành phố Hà Nội", "Phường Hoàn Kiếm"])
    registrar.cameras.add(CameraCreate(name="Cổng UBND phường", host="127.0.0.1",
                                       port=farm.cameras[2].onvif_port))
    dialog = open_discovery(qtbot, registrar)
    dialog.address_edit.setPlainText(farm.address_range)
    dialog.username_edit.setText(USERNAME)
    dialog.password_edit.setText(PASSWORD)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.running and dialog.last_report is not None,
                    timeout=20000)
    assert dialog.table.rowCount() == 4
    assert dialog.table.item(0, 5).text() == "Trực Ban Sim"
    assert dialog.table.item(1, 8).text() == "TBSIM000002"
    assert dialog.table.item(0, 9).text() == "02:54:42:00:00:01"
    assert dialog.table.item(2, 2).text() == "Cổng UBND phường"  # already registered
    assert "refused" in dialog.table.item(3, 1).text().lower() or \
        "từ chối" in dialog.table.item(3, 1).text().lower()
    assert dialog.checked_rows() == [0, 1]  # new ONVIF cameras; not the registered one
    dialog.grab().save("/tmp/discovery_dialog.png")

    # The second camera gets its own (wrong) login: it is refused, the first one is added.
    dialog.set_row_credentials([1], Credentials(USERNAME, "sai-mat-khau"))
    dialog.site_chooser.setCurrentIndex(dialog.site_chooser.findData(site))
    with qtbot.waitSignal(dialog.cameras_added, timeout=20000) as added:
        dialog.add_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    cameras = {c.port: c for c in registrar.cameras.list_cameras()}
    first = cameras[farm.cameras[0].onvif_port]
    assert added.args == [[first.id]]
    assert farm.cameras[1].onvif_port not in cameras
    assert first.site_id == site and first.serial == "TBSIM000001"
    assert registrar.credentials_for(first.id) == Credentials(USERNAME, PASSWORD)
    assert dialog.outcomes[f"127.0.0.1:{farm.cameras[1].onvif_port}"].auth_failed
    assert dialog.table.item(0, 2).text() == first.name  # now registered
    assert dialog.table.item(1, 3).text() and not dialog.table.item(1, 2).text()
    dialog.grab().save("/tmp/discovery_dialog_added.png")
    dialog.reject()


def test_discovery_bad_list_and_cancel(qtbot: QtBot, shell_app: QApplication,
                                       registrar: CameraRegistrar,
                                       farm: SoapCameraFarm) -> None:
    dialog = open_discovery(qtbot, registrar)
    dialog.address_edit.setPlainText("10.0.0.9-10.0.0.1")
    dialog.start_button.click()
    assert not dialog.running and "10.0.0.9-10.0.0.1" in dialog.error_text
    for faults in farm.faults:
        faults.set("slow_soap", True)
    dialog._service.concurrency = 1
    dialog.address_edit.setPlainText(farm.address_range)
    dialog.start_button.click()
    assert dialog.running and dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.last_report is not None and dialog.last_report.cancelled
    assert dialog.table.rowCount() < 4
    dialog.reject()


CSV_BAD = ("name,site_path,host,port,purpose,latitude\r\n"
           "Ngã tư Hàng Bài,Hà Nội/Hoàn Kiếm,10.0.0.5,80,traffic,21.02\r\n"
           ",Hà Nội/Hoàn Kiếm,10.0.0.6,99999,parking,200\r\n")
CSV_GOOD = ("name,site_path,host,port,purpose,latitude,longitude,tags\r\n"
            "Ngã tư Hàng Bài,Hà Nội/Hoàn Kiếm,10.0.0.5,80,traffic,21.02,105.85,đèn đỏ\r\n"
            "Cổng UBND,Hà Nội/Hoàn Kiếm,10.0.0.6,8080,security,,,\r\n")


def test_csv_dry_run_shows_errors_and_writes_nothing(
        qtbot: QtBot, shell_app: QApplication, registrar: CameraRegistrar,
        tmp_path: Path) -> None:
    inventory = CameraInventory(registrar.cameras, registrar.sites,
                                CredentialVault(Fernet.generate_key()))
    dialog = CameraCsvDialog(inventory, registrar.policy)
    qtbot.addWidget(dialog)
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_BAD, encoding="utf-8")
    dialog.path_edit.setText(str(bad))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.last_report is not None, timeout=10000)
    issues = {(dialog.issues.item(r, 1).text(), dialog.issues.item(r, 2).text())
              for r in range(dialog.issues.rowCount())}
    assert {("3", "name"), ("3", "port"), ("3", "purpose"), ("3", "latitude")} <= issues
    assert not dialog.import_button.isEnabled()
    assert registrar.cameras.list_cameras() == [] and registrar.sites.list_sites() == []
    dialog.grab().save("/tmp/csv_dialog.png")

    good = tmp_path / "good.csv"
    good.write_text(CSV_GOOD, encoding="utf-8")
    dialog.path_edit.setText(str(good))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.import_button.isEnabled(),
                    timeout=10000)
    assert registrar.cameras.list_cameras() == []  # checked, not written
    with qtbot.waitSignal(dialog.cameras_imported, timeout=10000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert [(c.name, c.port, c.tags) for c in registrar.cameras.list_cameras()] == [
        ("Cổng UBND", 8080, ()), ("Ngã tư Hàng Bài", 80, ("đèn đỏ",))]

    out = tmp_path / "export.csv"
    assert dialog.export_to(out) == 2
    assert out.read_text(encoding="utf-8-sig").startswith("name,site_path,host,port")
    dialog.reject()


def test_csv_changed_after_check_must_be_checked_again(
        qtbot: QtBot, shell_app: QApplication, registrar: CameraRegistrar,
        tmp_path: Path) -> None:
    inventory = CameraInventory(registrar.cameras, registrar.sites,
                                CredentialVault(Fernet.generate_key()))
    dialog = CameraCsvDialog(inventory, registrar.policy)
    qtbot.addWidget(dialog)
    path = tmp_path / "list.csv"
    path.write_text(CSV_GOOD, encoding="utf-8")
    dialog.path_edit.setText(str(path))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    path.write_text(CSV_BAD, encoding="utf-8")
    dialog.import_button.click()
    assert not dialog.busy and not dialog.import_button.isEnabled()
    assert registrar.cameras.list_cameras() == []
    dialog.reject()


def add_cameras(registrar: CameraRegistrar) -> list[int]:
    return [registrar.cameras.add(CameraCreate(
        name=f"Camera {n}", host=f"10.0.0.{n}", port=80, tags=("cũ",))).id for n in (1, 2, 3)]


def test_bulk_edit_sets_site_purpose_tags_and_state(
        qtbot: QtBot, shell_app: QApplication, registrar: CameraRegistrar) -> None:
    ids = add_cameras(registrar)
    site = registrar.sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Xuân Hương"])
    dialog = BulkEditDialog(registrar, ids[:2])
    qtbot.addWidget(dialog)
    # Someone edits camera 2 after the dialog opened: it is reported, not overwritten.
    second = registrar.cameras.get(ids[1])
    assert second is not None
    registrar.cameras.update(second.id, second.version, notes="đổi song song")
    dialog.site_chooser.setCurrentIndex(dialog.site_chooser.findData(site))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("security"))
    dialog.enabled.setCurrentIndex(dialog.enabled.findData(False))
    dialog.add_tags.setText("giao thông; trọng điểm")
    dialog.remove_tags.setText("cũ")
    with qtbot.waitSignal(dialog.cameras_updated) as updated:
        dialog.apply()
    assert updated.args == [[ids[0]]]
    first = registrar.cameras.get(ids[0])
    assert first is not None
    assert (first.site_id, first.purpose, first.enabled, first.tags) == (
        site, "security", False, ("giao thông", "trọng điểm"))
    untouched = registrar.cameras.get(ids[1])
    assert untouched is not None and untouched.tags == ("cũ",) and untouched.enabled
    assert "Camera 2" in dialog.message.text()


def test_camera_editor_validates_and_detects_concurrent_change(
        qtbot: QtBot, shell_app: QApplication, registrar: CameraRegistrar) -> None:
    camera_id = add_cameras(registrar)[0]
    dialog = CameraEditorDialog(registrar, camera_id)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Ngã tư Hàng Bài")
    dialog.latitude_edit.setText("91")
    dialog.longitude_edit.setText("105,85")
    assert not dialog.save() and "90" in dialog.error_label.text()
    dialog.grab().save("/tmp/camera_editor.png")
    dialog.latitude_edit.setText("21,0285")
    dialog.tags_edit.setText("đèn đỏ; camera mới")
    with qtbot.waitSignal(dialog.camera_saved):
        assert dialog.save()
    saved = registrar.cameras.get(camera_id)
    assert saved is not None
    assert (saved.name, saved.latitude, saved.longitude, saved.tags) == (
        "Ngã tư Hàng Bài", 21.0285, 105.85, ("đèn đỏ", "camera mới"))

    stale = CameraEditorDialog(registrar, camera_id)
    qtbot.addWidget(stale)
    registrar.cameras.update(saved.id, saved.version, notes="someone else")
    stale.name_edit.setText("Tên khác")
    assert not stale.save()
    assert stale.error_label.text() and not stale.reload_button.isHidden()
    current = registrar.cameras.get(camera_id)
    assert current is not None and current.name == "Ngã tư Hàng Bài"
    stale.reload_button.click()
    assert stale.name_edit.text() == "Ngã tư Hàng Bài" and stale.save()


def test_change_login_is_tried_on_the_camera_first(
        qtbot: QtBot, shell_app: QApplication, registrar: CameraRegistrar,
        farm: SoapCameraFarm) -> None:
    good = Credentials(USERNAME, PASSWORD)
    camera = registrar.register(CameraAddress("127.0.0.1", farm.first_port), good)
    dialog = ChangeCredentialsDialog(registrar, camera.id)
    qtbot.addWidget(dialog)
    assert dialog.username_edit.text() == USERNAME
    dialog.password_edit.setText("sai-mat-khau")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert dialog.result() == 0 and dialog.message.text()
    assert registrar.credentials_for(camera.id) == good
    dialog.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.credentials_changed, timeout=20000):
        dialog.submit()
    assert dialog.result() == 1


def test_site_editor_and_tree_context_menu(qtbot: QtBot, shell_app: QApplication,
                                           registrar: CameraRegistrar) -> None:
    editor = SiteEditorDialog(registrar)
    qtbot.addWidget(editor)
    province = editor.add_site("Tỉnh Lâm Đồng", None)
    assert province is not None
    ward = editor.add_site("Phường Xuân Hương", province.id)
    assert ward is not None and ward.kind == "commune"
    assert editor.add_site("Phường Xuân Hương", province.id) is None
    assert editor.message.text()
    assert editor.rename_site(ward.id, "Phường Xuân Hương - Đà Lạt") is not None
    assert editor.tree.topLevelItem(0).child(0).text(0) == "Phường Xuân Hương - Đà Lạt"
    ids = add_cameras(registrar)
    registrar.cameras.update(ids[0], 1, site_id=ward.id)
    assert not editor.delete_site(ward.id) and editor.message.text()

    tree = CameraTreeDock(registrar.sites.list_sites, registrar.cameras.list_cameras)
    qtbot.addWidget(tree)
    first, second = tree.index_of_camera(ids[0]), tree.index_of_camera(ids[1])
    tree.tree.selectionModel().select(first, tree.tree.selectionModel().SelectionFlag.Select)
    tree.tree.selectionModel().select(second, tree.tree.selectionModel().SelectionFlag.Select)
    menu = tree.context_menu_for(first)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert set(actions) == {"editCameraAction", "changeLoginAction", "bulkEditAction",
                            "editSitesAction"}
    with qtbot.waitSignal(tree.edit_requested) as edit:
        actions["editCameraAction"].trigger()
    assert edit.args == [ids[0]]
    with qtbot.waitSignal(tree.bulk_edit_requested) as bulk:
        actions["bulkEditAction"].trigger()
    assert sorted(bulk.args[0]) == sorted(ids[:2])
    with qtbot.waitSignal(tree.change_credentials_requested) as login:
        actions["changeLoginAction"].trigger()
    assert login.args == [ids[0]]
    assert tree.context_menu_for(tree.proxy.index(0, 0).parent()).actions()[-1] \
        .objectName() == "editSitesAction"
    assert Qt.ItemDataRole.UserRole and NO_SITE == -1
