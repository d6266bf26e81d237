"""Sign-in, first-run administrator set-up and the idle lock.

The dialogs only collect what the user types and call UserService; the service decides
(password check, lock-out, audit of every failed attempt). Messages from the core are
mapped to translated texts by exception type, so the user reads them in the UI language.

Idle lock: an application-wide event filter feeds user input to SessionClock; a timer asks
the clock whether the idle time has passed and then shows a lock dialog over the window.
The window underneath (and the wall in it) keeps running: only input is blocked until the
password is typed again.
"""
from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.security.accounts import (
    MIN_PASSWORD_LENGTH,
    USERNAME_PATTERN,
    AccountLocked,
    AuthenticationError,
    SecurityError,
    normalise_username,
)
from app.security.permissions import Principal
from app.security.session import SessionClock
from app.storage.errors import StorageError

log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})


class SignInService(Protocol):
    """The part of app.security.users.UserService the dialogs use."""

    def needs_first_admin(self) -> bool: ...

    def create_first_admin(self, username: str, password: str,
                           display_name: str) -> Principal: ...

    def authenticate(self, username: str, password: str) -> Principal: ...

    def principal_for(self, user_id: int) -> Principal: ...


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setStyleSheet("color: #ff7b72;")
    label.hide()
    return label


class _SignInBase(QDialog):
    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _login_error_text(self, exc: Exception) -> str:
        if isinstance(exc, AccountLocked):
            return QCoreApplication.translate(
                "SignIn", "Too many failed log-ins: this account is locked until {time}. "
                "Try again then, or ask an administrator to unlock it.").format(
                time=f"{exc.locked_until.astimezone():%H:%M}")
        if isinstance(exc, AuthenticationError):
            if "deactivated" in exc.user_message:
                return QCoreApplication.translate("SignIn",
                                                  "This account has been deactivated.")
            return QCoreApplication.translate("SignIn", "Wrong user name or password.")
        if isinstance(exc, StorageError):
            return QCoreApplication.translate(
                "SignIn", "The database cannot be reached: {error}").format(error=str(exc))
        return str(exc)


class LoginDialog(_SignInBase):
    """User name and password. ``principal`` holds who signed in once accepted."""

    def __init__(self, users: SignInService, parent: QWidget | None = None,
                 username: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Sign in — Trực Ban"))
        self._users = users
        self.principal: Principal | None = None
        self.username = QLineEdit(username)
        self.username.setObjectName("loginUsername")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Sign in to the duty workstation"))
        title.setObjectName("dialogTitle")
        title.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()
        self.setMinimumWidth(380)

    def try_sign_in(self) -> bool:
        name = self.username.text().strip()
        if not name or not self.password.text():
            self._show_error(self.tr("Type your user name and password."))
            return False
        try:
            self.principal = self._users.authenticate(name, self.password.text())
        except (SecurityError, StorageError) as exc:
            self.password.clear()
            self.password.setFocus()
            self._show_error(self._login_error_text(exc))
            return False
        self.password.clear()
        self.accept()
        return True


class FirstAdminDialog(_SignInBase):
    """First run: the person installing the workstation creates the administrator.

    There is no default account or password. The policy is checked here for a translated
    message, and again by the core.
    """

    def __init__(self, users: SignInService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdminDialog")
        self.setWindowTitle(self.tr("First start — create the administrator"))
        self._users = users
        self.principal: Principal | None = None
        self.username = QLineEdit("quantri")
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.confirm = QLineEdit()
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        intro = QLabel(self.tr(
            "No account exists yet. Create the administrator who will add the other users. "
            "The password needs at least {n} characters and must not be the user name; "
            "keep it somewhere safe: nobody can read it back.").format(n=MIN_PASSWORD_LENGTH))
        intro.setWordWrap(True)
        self.error_label = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Full name:"), self.display_name)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Repeat the password:"), self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Create administrator"))
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def policy_problem(self) -> str | None:
        name = normalise_username(self.username.text())
        password = self.password.text()
        if not USERNAME_PATTERN.match(name):
            return self.tr("A user name needs 3 to 64 letters, digits or . _ - @ (no spaces).")
        if len(password) < MIN_PASSWORD_LENGTH:
            return self.tr("The password must have at least {n} characters.").format(
                n=MIN_PASSWORD_LENGTH)
        if not password.strip():
            return self.tr("The password cannot be only spaces.")
        if password.strip().casefold() == name.casefold():
            return self.tr("The password must not be the user name.")
        if password != self.confirm.text():
            return self.tr("The two passwords differ.")
        return None

    def try_create(self) -> bool:
        problem = self.policy_problem()
        if problem:
            self._show_error(problem)
            return False
        try:
            self.principal = self._users.create_first_admin(
                self.username.text(), self.password.text(), self.display_name.text())
        except (SecurityError, StorageError) as exc:
            self._show_error(self._login_error_text(exc))
            return False
        finally:
            self.password.clear()
            self.confirm.clear()
        self.accept()
        return True


def sign_in_dialog(users: SignInService, parent: QWidget | None = None) -> _SignInBase:
    """The dialog to show at start: first-run set-up when there is no user yet."""
    if users.needs_first_admin():
        return FirstAdminDialog(users, parent)
    return LoginDialog(users, parent)


class LockDialog(_SignInBase):
    """Shown when the session is locked; only the signed-in user's password reopens it."""

    sign_out_requested = Signal()

    def __init__(self, users: SignInService, principal: Principal,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.setWindowTitle(self.tr("Workstation locked"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._users = users
        self.principal = principal
        self.unlocked_principal: Principal | None = None
        message = QLabel(self.tr("The workstation was locked after a period without use. "
                                 "{name}, type your password to continue.").format(
            name=principal.display_name or principal.username))
        message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.error_label = _error_label()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        buttons = QDialogButtonBox()
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.sign_out_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.password)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(400)

    def reject(self) -> None:
        """Escape must not close the lock."""

    def try_unlock(self) -> bool:
        if not self.password.text():
            self._show_error(self.tr("Type your password."))
            return False
        try:
            self._users.authenticate(self.principal.username, self.password.text())
            self.unlocked_principal = self._users.principal_for(self.principal.user_id)
        except (SecurityError, StorageError) as exc:
            self._show_error(self._login_error_text(exc))
            return False
        finally:
            self.password.clear()
        self.accept()
        return True


class IdleLock(QObject):
    """Watches input application-wide and locks the session after the idle time.

    Emits ``locked()`` when the lock dialog appears, ``unlocked(Principal)`` with a fresh
    principal (role changes applied) once the password was typed, and
    ``sign_out_requested()`` when the user chose to sign out from the lock dialog.
    """

    locked = Signal()
    unlocked = Signal(object)
    sign_out_requested = Signal()

    def __init__(self, users: SignInService, principal: Principal, clock: SessionClock,
                 window: QWidget, *, poll_ms: int = 1000) -> None:
        super().__init__(window)
        self._users = users
        self.principal = principal
        self.clock = clock
        self._window = window
        self.dialog: LockDialog | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check_now)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.dialog is None:
            self.clock.touch()
        return False

    def lock_now(self) -> None:
        """The user steps away and locks on purpose."""
        self.clock.lock()
        self.check_now()

    def check_now(self) -> None:
        if self.dialog is not None or not self.clock.is_locked():
            return
        log.info("session of %s locked", self.principal.username)
        dialog = LockDialog(self._users, self.principal, self._window)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.sign_out_requested.connect(self._on_sign_out)
        self.dialog = dialog
        dialog.show()
        dialog.password.setFocus()
        self.locked.emit()

    def stop(self) -> None:
        """Remove the filter and timer (sign-out, window closing)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._close_dialog()

    def _on_dialog_accepted(self) -> None:
        assert self.dialog is not None
        fresh = self.dialog.unlocked_principal or self.principal
        self._close_dialog()
        self.principal = fresh
        self.clock.unlock()
        self.unlocked.emit(fresh)

    def _on_sign_out(self) -> None:
        self._close_dialog()
        self.clock.unlock()
        self.sign_out_requested.emit()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.hide()
            dialog.deleteLater()
