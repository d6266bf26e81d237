"""Sign-in dialogs and the idle lock, on a real database and UserService."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from app.security.accounts import SecurityError
from app.security.audit import AuditAction, AuditTrail
from app.security.session import SessionClock
from app.security.users import UserService
from app.storage.database import Database
from tests.security_support import FAST_HASHER, PASSWORD, FakeClock
from ui.security.login_dialog import (
    FirstAdminDialog,
    IdleLock,
    LoginDialog,
    sign_in_dialog,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'trucban.db'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def users(db: Database) -> UserService:
    clock = FakeClock()
    return UserService(db, AuditTrail(db, clock=clock), hasher=FAST_HASHER,
                       max_failed_attempts=3, lockout_minutes=15, clock=clock)


def test_first_run_creates_the_administrator(qtbot: QtBot, users: UserService) -> None:
    dialog = sign_in_dialog(users)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FirstAdminDialog)
    dialog.username.setText("quantri")
    dialog.display_name.setText("Nguyễn Văn Quản")
    dialog.password.setText("ngắn")
    dialog.confirm.setText("ngắn")
    assert not dialog.try_create()
    assert "at least 10 characters" in dialog.error_label.text()
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD + "x")
    assert not dialog.try_create()
    assert "differ" in dialog.error_label.text()
    assert users.needs_first_admin()  # nothing was created by the refused attempts
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    assert dialog.try_create()
    assert dialog.principal is not None and dialog.principal.role_name == "administrator"
    assert dialog.principal.display_name == "Nguyễn Văn Quản"
    assert not users.needs_first_admin()
    assert isinstance(sign_in_dialog(users), LoginDialog)


def test_wrong_password_then_lockout_messages(qtbot: QtBot, users: UserService,
                                              db: Database) -> None:
    users.create_first_admin("quantri", PASSWORD, "Quản trị")
    dialog = LoginDialog(users)
    qtbot.addWidget(dialog)
    dialog.username.setText("quantri")
    dialog.password.setText("sai-mat-khau-roi")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.principal is None
    assert dialog.error_label.text() == "Wrong user name or password."
    assert dialog.password.text() == ""  # typed password never lingers
    admin = users.authenticate("quantri", PASSWORD)
    failed = AuditTrail(db).latest("login", "quantri", (AuditAction.LOGIN_FAILED,))
    assert len(failed) == 1  # the core audited it

    for _ in range(3):
        dialog.password.setText("sai-mat-khau-roi")
        dialog.try_sign_in()
    assert "locked until" in dialog.error_label.text()
    dialog.password.setText(PASSWORD)  # even the right password is refused while locked
    assert not dialog.try_sign_in()
    assert "locked until" in dialog.error_label.text()
    users.unlock(admin, "quantri")
    dialog.password.setText(PASSWORD)
    assert dialog.try_sign_in()
    assert dialog.principal is not None and dialog.principal.username == "quantri"


def test_idle_lock_requires_the_password(qtbot: QtBot, users: UserService) -> None:
    principal = users.create_first_admin("quantri", PASSWORD, "Quản trị")
    now = [0.0]
    clock = SessionClock(idle_minutes=5, clock=lambda: now[0])
    window = QMainWindow()
    wall = QLabel("tường video")
    window.setCentralWidget(wall)
    qtbot.addWidget(window)
    window.show()
    guard = IdleLock(users, principal, clock, window, poll_ms=60_000)
    try:
        now[0] = 200.0
        qtbot.keyClick(wall, Qt.Key.Key_Shift)  # activity postpones the lock
        now[0] = 400.0
        guard.check_now()
        assert guard.dialog is None
        now[0] = 200.0 + 301
        with qtbot.waitSignal(guard.locked, timeout=2000):
            guard.check_now()
        dialog = guard.dialog
        assert dialog is not None and dialog.isVisible()
        assert window.isVisible() and wall.isVisible()  # the wall stays up underneath
        qtbot.keyClick(wall, Qt.Key.Key_A)  # input while locked does not unlock
        assert clock.is_locked()
        dialog.reject()  # Escape does not close the lock either
        assert guard.dialog is dialog and dialog.isVisible()

        dialog.password.setText("sai-mat-khau-roi")
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
        assert "Wrong user name or password." in dialog.error_label.text()
        assert guard.dialog is dialog and clock.is_locked()
        dialog.password.setText(PASSWORD)
        with qtbot.waitSignal(guard.unlocked, timeout=2000) as unlocked:
            qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
        assert unlocked.args[0].user_id == principal.user_id
        assert guard.dialog is None and not clock.is_locked()
        guard.lock_now()  # the lock button
        assert guard.dialog is not None
    finally:
        guard.stop()


def test_training_admin_for_the_demo(users: UserService, db: Database) -> None:
    principal, password = users.create_training_admin()
    assert principal.role_name == "administrator" and len(password) >= 16
    assert users.authenticate(principal.username, password).user_id == principal.user_id
    with pytest.raises(SecurityError, match="already set up"):
        users.create_training_admin()  # only on a workstation without any account
    entries = AuditTrail(db).latest("user", str(principal.user_id))
    assert all(password not in str(e.details) for e in entries)
