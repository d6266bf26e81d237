"""The signed-in session of the workstation: sign-in at start, idle lock, switching user,
and the administration menu (users and roles, audit trail).

Every core service takes the principal when it is called, so parts read it through
``current()`` at the moment of the action, and follow ``principal_changed`` to refresh what
they show (a different user may see fewer cameras and cases).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMenu, QWidget

from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, has_permission
from app.security.session import SessionClock
from app.security.users import UserService
from ui.context import CameraLike
from ui.security.audit_view import AuditView
from ui.security.login_dialog import IdleLock, sign_in_dialog
from ui.security.users_dialog import UsersDialog

log = logging.getLogger(__name__)


def sign_in(users: UserService, *, demo: bool, parent: QWidget | None = None
            ) -> Principal | None:
    """Who works at this workstation, or None when the user gave up.

    A fresh demo or training database gets a training administrator with a generated
    password, printed once on the terminal (never logged, never stored in plain text), so that
    ``make demo`` starts without typing; any later start asks for a password.
    """
    if demo and users.needs_first_admin():
        principal, password = users.create_training_admin()
        print(QCoreApplication.translate(
            "Session", "Training administrator: {user}  password: {password}  (shown once; "
            "sign in with it next time)").format(user=principal.username, password=password),
            flush=True)
        return principal
    dialog = sign_in_dialog(users, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return getattr(dialog, "principal", None)


class WorkstationSession(QObject):
    principal_changed = Signal(object)  # Principal
    signed_out = Signal()  # the user signed out and did not sign in again

    def __init__(self, users: UserService, audit: AuditTrail, principal: Principal,
                 idle_minutes: int, list_cameras: Callable[[], Sequence[CameraLike]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.users = users
        self.audit = audit
        self._principal = principal
        self._idle_minutes = idle_minutes
        self._list_cameras = list_cameras
        self._window: QMainWindow | None = None
        self.lock: IdleLock | None = None
        self.audit_view: AuditView | None = None
        self.user_label = QLabel()
        self.user_label.setObjectName("signedInUser")
        self.users_action = QAction(self)
        self.audit_action = QAction(self)
        self.lock_action = QAction(self)
        self.sign_out_action = QAction(self)
        self.users_action.triggered.connect(self.open_users)
        self.audit_action.triggered.connect(self.open_audit)
        self.lock_action.triggered.connect(self.lock_now)
        self.sign_out_action.triggered.connect(self.sign_out)

    def current(self) -> Principal:
        return self._principal

    def attach(self, window: QMainWindow, admin_menu: QMenu) -> None:
        self._window = window
        admin_menu.addActions([self.users_action, self.audit_action])
        admin_menu.addSeparator()
        admin_menu.addActions([self.lock_action, self.sign_out_action])
        window.statusBar().addPermanentWidget(self.user_label)
        self._start_lock()
        self._show_principal()

    def retranslate(self) -> None:
        self.users_action.setText(self.tr("&Users and roles…"))
        self.audit_action.setText(self.tr("Audit &trail…"))
        self.lock_action.setText(self.tr("&Lock the workstation"))
        self.sign_out_action.setText(self.tr("Sign &out / switch user…"))
        self._show_principal()

    def _show_principal(self) -> None:
        p = self._principal
        self.user_label.setText(self.tr("Signed in: {name} ({role})").format(
            name=p.display_name or p.username, role=p.role_name))
        self.users_action.setEnabled(has_permission(p, Permission.MANAGE_USERS))
        self.audit_action.setEnabled(has_permission(p, Permission.VIEW_AUDIT))

    def _start_lock(self) -> None:
        if self._window is None:
            return
        self.lock = IdleLock(self.users, self._principal, SessionClock(self._idle_minutes),
                             self._window)
        self.lock.unlocked.connect(self._on_lock_unlocked)
        self.lock.sign_out_requested.connect(self.sign_out)

    def lock_now(self) -> None:
        if self.lock is not None:
            self.lock.lock_now()

    def open_users(self) -> None:
        UsersDialog(self.users, self._principal, self._list_cameras, self._window).exec()

    def open_audit(self) -> AuditView:
        if self.audit_view is not None:
            self.audit_view.shutdown()
            self.audit_view.deleteLater()
        self.audit_view = AuditView(self.audit, self._principal, parent=None)
        self.audit_view.resize(1100, 700)
        self.audit_view.show()
        return self.audit_view

    def sign_out(self) -> None:
        """End this user's session; the next user signs in, or the workstation closes."""
        if self.lock is not None:
            self.lock.stop()
            self.lock = None
        self.users.logout(self._principal)
        principal = sign_in(self.users, demo=False, parent=self._window)
        if principal is None:
            self.signed_out.emit()
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self._set_principal(principal)
        self._start_lock()

    def _on_lock_unlocked(self, principal: Principal) -> None:
        self._set_principal(principal)

    def _set_principal(self, principal: Principal) -> None:
        self._principal = principal
        self._show_principal()
        self.principal_changed.emit(principal)

    def shutdown(self) -> None:
        if self.lock is not None:
            self.lock.stop()
            self.lock = None
        if self.audit_view is not None:
            self.audit_view.shutdown()
            self.audit_view.close()
        try:
            self.users.logout(self._principal)
        except Exception:  # the database may already be gone at exit
            log.exception("logout at exit failed")
