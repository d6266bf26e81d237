"""Change a camera's login: the camera must accept the new user name and password before
they replace the stored ones. The test runs off the GUI thread."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.cameras.onvif_client import OnvifAuthError, OnvifError
from app.cameras.registration import CameraRegistrar
from app.security.permissions import PermissionDenied, Principal
from app.security.secrets import CredentialError, Credentials
from app.storage.dto import CameraDTO
from app.storage.errors import StorageError
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)


class ChangeCredentialsDialog(QDialog):
    """Emits ``credentials_changed(CameraDTO)`` once the camera accepted and they are stored."""

    credentials_changed = Signal(object)

    def __init__(self, registrar: CameraRegistrar, camera_id: int, *,
                 actor: Principal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeCredentialsDialog")
        self._registrar = registrar
        self._camera_id = camera_id
        self._actor = actor
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="credentials")
        self._busy = False
        camera = registrar.cameras.get(camera_id)
        name = camera.name if camera else f"#{camera_id}"
        self.setWindowTitle(self.tr("Change login: {name}").format(name=name))

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        try:
            current = registrar.credentials_for(camera_id)
        except CredentialError:
            current = None
        if current is not None:
            self.username_edit.setText(current.username)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        self.message = QLabel(self.tr("The new login is tried on the camera before it is "
                                      "saved; the old one is kept if the camera refuses it."))
        self.message.setObjectName("credentialsMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(420, 0)

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        if self._busy:
            return
        username = self.username_edit.text().strip()
        if not username:
            self.message.setText(self.tr("Enter the camera's user name."))
            return
        credentials = Credentials(username, self.password_edit.text())
        self._busy = True
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Trying the new login on the camera…"))
        watcher = FutureWatcher(self)
        watcher.finished.connect(self._on_change_finished)
        watcher.failed.connect(self._on_change_failed)
        watcher.watch(self._executor.submit(self._registrar.change_credentials, self._actor,
                                            self._camera_id, credentials))

    def _on_change_finished(self, camera: object) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        assert isinstance(camera, CameraDTO)
        self.password_edit.clear()
        self.credentials_changed.emit(camera)
        self.accept()

    def _on_change_failed(self, exc: object) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        if isinstance(exc, OnvifAuthError):
            text = self.tr("The camera refused this user name or password. Nothing was "
                           "changed; the old login is kept.")
        elif isinstance(exc, OnvifError):
            text = self.tr("The camera could not be asked ({reason}). Nothing was changed."
                           ).format(reason=exc.user_message)
        elif isinstance(exc, PermissionDenied):
            text = exc.user_message
        elif isinstance(exc, (StorageError, ValueError)):
            text = str(exc)
        else:
            log.error("changing camera credentials failed", exc_info=exc)  # type: ignore[arg-type]
            text = self.tr("The login could not be changed. Details are in the log.")
        self.message.setText(text)

    def done(self, result: int) -> None:
        self._executor.shutdown(wait=True)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._executor.shutdown(wait=True)
        super().closeEvent(event)
