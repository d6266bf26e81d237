"""Edits one camera's registry entry: name, site, purpose, position, tags, notes, enabled.

Saving uses the version the dialog loaded (optimistic locking): when someone else saved the
camera meanwhile nothing is overwritten, the dialog says so and offers to reload.
"""
from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cameras.registration import CameraRegistrar
from app.security.permissions import PermissionDenied, Principal
from app.storage.dto import CameraDTO
from app.storage.errors import ConcurrentUpdateError, StorageError
from ui.cameras.site_editor import SiteChooser, SiteEditorDialog

log = logging.getLogger(__name__)


def split_tags(text: str) -> list[str]:
    """Tags typed as "a; b, c" → ["a", "b", "c"] (either separator, blanks dropped)."""
    return [t.strip() for t in text.replace(",", ";").split(";") if t.strip()]


def parse_coordinate(text: str) -> float | None:
    """A latitude/longitude typed with a dot or a Vietnamese decimal comma; None if empty.
    Raises ValueError when it is not a finite number."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


class CameraEditorDialog(QDialog):
    """Emits ``camera_saved(CameraDTO)`` after a successful save."""

    camera_saved = Signal(object)

    def __init__(self, registrar: CameraRegistrar, camera_id: int, *,
                 actor: Principal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraEditorDialog")
        self._registrar = registrar
        self._camera_id = camera_id
        self._actor = actor
        self.camera: CameraDTO | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("cameraName")
        self.site_chooser = SiteChooser()
        self.sites_button = QPushButton(self.tr("Sites…"))
        self.sites_button.clicked.connect(self._on_sites_button_clicked)
        site_row = QHBoxLayout()
        site_row.addWidget(self.site_chooser, 1)
        site_row.addWidget(self.sites_button)
        self.purpose = QComboBox()
        self.purpose.addItem(self.tr("Traffic"), "traffic")
        self.purpose.addItem(self.tr("Security"), "security")
        self.latitude_edit = QLineEdit()
        self.latitude_edit.setObjectName("latitude")
        self.latitude_edit.setPlaceholderText(self.tr("e.g. 21.028511"))
        self.longitude_edit = QLineEdit()
        self.longitude_edit.setObjectName("longitude")
        self.longitude_edit.setPlaceholderText(self.tr("e.g. 105.804817"))
        self.tags_edit = QLineEdit()
        self.tags_edit.setObjectName("tags")
        self.tags_edit.setPlaceholderText(self.tr("Separate tags with ;"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setMinimumHeight(60)
        self.notes_edit.setMaximumHeight(90)
        self.enabled_box = QCheckBox(self.tr("Enabled (shown on the wall and monitored)"))
        self.address_label = QLabel()
        self.device_label = QLabel()

        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("ONVIF address:"), self.address_label)
        form.addRow(self.tr("Device:"), self.device_label)
        form.addRow(self.tr("Site:"), site_row)
        form.addRow(self.tr("Purpose:"), self.purpose)
        form.addRow(self.tr("Latitude:"), self.latitude_edit)
        form.addRow(self.tr("Longitude:"), self.longitude_edit)
        form.addRow(self.tr("Tags:"), self.tags_edit)
        form.addRow(self.tr("Notes:"), self.notes_edit)
        form.addRow("", self.enabled_box)

        self.error_label = QLabel()
        self.error_label.setObjectName("editorError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #d9534f;")
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.clicked.connect(self.load)
        self.reload_button.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reload_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        self.resize(560, 0)
        self.load()

    def load(self) -> None:
        """(Re)read the camera and the sites; unsaved edits are replaced."""
        self.error_label.clear()
        self.reload_button.hide()
        try:
            camera = self._registrar.cameras.get(self._camera_id)
            sites = self._registrar.sites.list_sites()
        except StorageError as exc:
            self._show_error(str(exc))
            return
        if camera is None:
            self._show_error(self.tr("This camera no longer exists."))
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        self.camera = camera
        self.setWindowTitle(self.tr("Camera: {name}").format(name=camera.name))
        self.name_edit.setText(camera.name)
        self.address_label.setText(f"{camera.host}:{camera.port}")
        self.device_label.setText(" ".join(p for p in (camera.manufacturer, camera.model,
                                                       camera.firmware) if p) or "—")
        self.site_chooser.load(sites, camera.site_id)
        self.purpose.setCurrentIndex(max(self.purpose.findData(camera.purpose), 0))
        self.latitude_edit.setText("" if camera.latitude is None else repr(camera.latitude))
        self.longitude_edit.setText("" if camera.longitude is None else repr(camera.longitude))
        self.tags_edit.setText("; ".join(camera.tags))
        self.notes_edit.setPlainText(camera.notes)
        self.enabled_box.setChecked(camera.enabled)

    def changes(self) -> dict[str, Any]:
        """The edited fields as update() takes them; raises ValueError with a translated
        message naming the field when one is not valid."""
        name = " ".join(self.name_edit.text().split())
        if not name:
            raise ValueError(self.tr("Enter a name for the camera."))
        coordinates: dict[str, float | None] = {}
        for key, edit, limit, label in (
                ("latitude", self.latitude_edit, 90.0, self.tr("Latitude")),
                ("longitude", self.longitude_edit, 180.0, self.tr("Longitude"))):
            try:
                value = parse_coordinate(edit.text())
            except ValueError:
                raise ValueError(self.tr("{field}: “{text}” is not a number.").format(
                    field=label, text=edit.text())) from None
            if value is not None and abs(value) > limit:
                raise ValueError(self.tr("{field} must be between -{limit} and {limit}.")
                                 .format(field=label, limit=f"{limit:g}"))
            coordinates[key] = value
        if (coordinates["latitude"] is None) != (coordinates["longitude"] is None):
            raise ValueError(self.tr("Give both latitude and longitude, or neither."))
        return {"name": name, "site_id": self.site_chooser.site_id(),
                "purpose": self.purpose.currentData(), **coordinates,
                "tags": split_tags(self.tags_edit.text()),
                "notes": self.notes_edit.toPlainText().strip(),
                "enabled": self.enabled_box.isChecked()}

    def save(self) -> bool:
        if self.camera is None:
            return False
        try:
            changes = self.changes()
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        try:
            saved = self._registrar.update_camera(self._actor, self.camera.id,
                                                  self.camera.version, **changes)
        except ConcurrentUpdateError:
            self._show_error(self.tr(
                "Someone else changed this camera after you opened it, so your changes were "
                "not saved. Reload to see the current values, then make your change again."))
            self.reload_button.show()
            return False
        except PermissionDenied as exc:
            self._show_error(exc.user_message)
            return False
        except (StorageError, ValueError) as exc:
            self._show_error(str(exc))
            return False
        self.camera = saved
        self.camera_saved.emit(saved)
        self.accept()
        return True

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)

    def _on_sites_button_clicked(self) -> None:
        editor = SiteEditorDialog(self._registrar, actor=self._actor, parent=self)
        editor.exec()
        if editor.changed:
            try:
                self.site_chooser.load(self._registrar.sites.list_sites())
            except StorageError as exc:
                self._show_error(str(exc))
