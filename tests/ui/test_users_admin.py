"""The administrator's users/roles screen and the audit view (with chain verification)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.security.audit import AuditAction
from app.storage.models import AuditEntry
from tests.security_support import PASSWORD, World, sqlite_world
from ui.security.audit_view import AuditView
from ui.security.users_dialog import CameraRightsDialog, UsersDialog


@dataclass(frozen=True)
class Cam:
    id: int
    name: str


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from sqlite_world(tmp_path)


def test_users_dialog_runs_every_action_through_the_service(qtbot: QtBot,
                                                            world: World) -> None:
    cameras = [Cam(c, f"Camera {c}") for c in world.cameras]
    dialog = UsersDialog(world.users, world.admin, lambda: cameras)
    qtbot.addWidget(dialog)
    assert dialog.user_table.rowCount() == 5
    assert dialog.create_user("canbo.an", "Trần Văn An", "duty_officer", PASSWORD)
    assert not dialog.create_user("canbo.an", "Trùng tên", "duty_officer", PASSWORD)
    assert "already taken" in dialog.message.text()
    assert not dialog.create_user("canbo.binh", "Bình", "duty_officer", "ngan")
    assert "at least" in dialog.message.text()

    dialog.select_user("canbo.an")
    assert dialog.set_role("supervisor")
    assert dialog.set_camera_rights({world.cameras[1]: []})
    assert dialog.reset_password("mat-khau-moi-dai-du")
    assert world.users.authenticate("canbo.an", "mat-khau-moi-dai-du").role_name == "supervisor"
    assert dialog.unlock_user()
    assert dialog.deactivate_user()
    row = next(u for u in dialog._user_rows if u.username == "canbo.an")
    assert not row.active and dict(row.camera_rights) == {str(world.cameras[1]): ()}

    dialog.select_user("quantri")
    assert not dialog.deactivate_user()
    assert "own account" in dialog.message.text()

    # Custom role from the checklist.
    dialog._new_role()
    dialog.role_name.setText("Trực đêm")
    dialog.set_checked_permissions(["view_live", "view_violations"])
    dialog.save_role_button.click()
    assert "saved" in dialog.message.text()
    role = next(r for r in world.users.list_roles(world.admin) if r.name == "Trực đêm")
    assert {p.value for p in role.permissions} == {"view_live", "view_violations"}
    assert dialog.delete_role("Trực đêm")

    # A non-administrator gets the core's refusal, not a traceback.
    refused = UsersDialog(world.users, world.by_role["supervisor"], lambda: cameras)
    qtbot.addWidget(refused)
    assert "does not allow" in refused.message.text()


def test_camera_rights_dialog(qtbot: QtBot) -> None:
    dialog = CameraRightsDialog([Cam(1, "Cổng"), Cam(2, "Ngã tư")], {"2": ("view_live",)})
    qtbot.addWidget(dialog)
    assert not dialog.all_cameras.isChecked()
    assert dialog.rights() == {"2": ["view_live"]}
    dialog.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Checked)
    assert dialog.rights() == {"1": [], "2": ["view_live"]}
    for i in range(2):
        dialog.tree.topLevelItem(i).setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.rights() is None  # never silently "every camera"
    dialog.all_cameras.setChecked(True)
    assert dialog.rights() == {}


def test_audit_view_filters_pages_and_verifies(qtbot: QtBot, world: World) -> None:
    for _ in range(3):
        world.audit.append(world.admin, AuditAction.SETTING_CHANGED, "setting", "wall_grid")
    view = AuditView(world.audit, world.by_role["supervisor"])
    qtbot.addWidget(view)
    try:
        assert view.page is not None and view.page.total == view.table.rowCount()
        view.action_filter.setCurrentIndex(view.action_filter.findData("setting."))
        view.search()
        assert view.page.total == 3
        view.object_filter.setText("setting wall_grid")
        view.user_filter.setCurrentIndex(view.user_filter.findData(world.admin.user_id))
        view.search()
        assert view.page.total == 3
        assert view.table.item(0, 2).text() == "Quản Trị Viên Một"

        view.verify_chain()
        qtbot.waitUntil(lambda: view.last_verify is not None, timeout=10_000)
        assert view.last_verify.ok and "intact" in view.verify_label.text()

        with world.db.session() as session:
            session.execute(sa.update(AuditEntry).where(AuditEntry.seq == 4)
                            .values(action="login.tampered"))
        view.last_verify = None
        view.verify_chain()
        qtbot.waitUntil(lambda: view.last_verify is not None, timeout=10_000)
        assert not view.last_verify.ok
        assert "BROKEN at entry #4" in view.verify_label.text()
    finally:
        view.shutdown()
