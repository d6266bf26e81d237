"""Bulk edit: set the site, purpose, tags or enabled state of several cameras at once."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.cameras.inventory_csv import BulkUpdateReport
from app.cameras.registration import CameraRegistrar
from app.security.permissions import PermissionDenied, Principal
from app.storage.errors import StorageError
from ui.cameras.camera_editor import split_tags
from ui.cameras.site_editor import SiteChooser

log = logging.getLogger(__name__)

_KEEP = "keep"


class BulkEditDialog(QDialog):
    """Only the fields the user changes are applied. Each camera is saved only if it is still
    at the version shown when the dialog opened; the others are listed, not overwritten.
    Emits ``cameras_updated(list[int])``."""

    cameras_updated = Signal(list)

    def __init__(self, registrar: CameraRegistrar, camera_ids: Sequence[int], *,
                 actor: Principal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEditDialog")
        self._registrar = registrar
        self._actor = actor
        self.report: BulkUpdateReport | None = None
        self._versions: dict[int, int] = {}
        names: list[str] = []
        for camera_id in camera_ids:
            camera = registrar.cameras.get(camera_id)
            if camera is not None:
                self._versions[camera.id] = camera.version
                names.append(camera.name)
        self.setWindowTitle(self.tr("Edit {count} cameras").format(count=len(self._versions)))

        self.cameras_label = QLabel(", ".join(names[:8]) + (" …" if len(names) > 8 else ""))
        self.cameras_label.setWordWrap(True)
        self.site_chooser = SiteChooser(with_keep=True)
        self.site_chooser.load(registrar.sites.list_sites())
        self.purpose = QComboBox()
        self.purpose.setObjectName("bulkPurpose")
        self.purpose.addItem(self.tr("(leave unchanged)"), _KEEP)
        self.purpose.addItem(self.tr("Traffic"), "traffic")
        self.purpose.addItem(self.tr("Security"), "security")
        self.enabled = QComboBox()
        self.enabled.setObjectName("bulkEnabled")
        self.enabled.addItem(self.tr("(leave unchanged)"), _KEEP)
        self.enabled.addItem(self.tr("Enabled"), True)
        self.enabled.addItem(self.tr("Disabled"), False)
        self.add_tags = QLineEdit()
        self.add_tags.setObjectName("addTags")
        self.add_tags.setPlaceholderText(self.tr("Tags to add, separated by ;"))
        self.remove_tags = QLineEdit()
        self.remove_tags.setObjectName("removeTags")
        self.remove_tags.setPlaceholderText(self.tr("Tags to remove, separated by ;"))

        form = QFormLayout()
        form.addRow(self.tr("Cameras:"), self.cameras_label)
        form.addRow(self.tr("Site:"), self.site_chooser)
        form.addRow(self.tr("Purpose:"), self.purpose)
        form.addRow(self.tr("State:"), self.enabled)
        form.addRow(self.tr("Add tags:"), self.add_tags)
        form.addRow(self.tr("Remove tags:"), self.remove_tags)

        self.message = QLabel()
        self.message.setObjectName("bulkMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, 0)

    @property
    def camera_ids(self) -> list[int]:
        return list(self._versions)

    def apply(self) -> BulkUpdateReport | None:
        changes: dict[str, object] = {}
        if not self.site_chooser.is_keep():
            changes["site_id"] = self.site_chooser.site_id()
        if self.purpose.currentData() != _KEEP:
            changes["purpose"] = self.purpose.currentData()
        if self.enabled.currentData() != _KEEP:
            changes["enabled"] = bool(self.enabled.currentData())
        add, remove = split_tags(self.add_tags.text()), split_tags(self.remove_tags.text())
        if not changes and not add and not remove:
            self.message.setText(self.tr("Nothing to change: choose at least one value."))
            return None
        try:
            report = self._registrar.bulk_update(
                self._actor, self.camera_ids, expected_versions=self._versions,
                add_tags=add, remove_tags=remove, **changes)
        except PermissionDenied as exc:
            self.message.setText(exc.user_message)
            return None
        except (StorageError, ValueError) as exc:
            self.message.setText(str(exc))
            return None
        self.report = report
        for camera in report.updated:
            self._versions[camera.id] = camera.version
        text = self.tr("{count} cameras updated.").format(count=len(report.updated))
        if report.conflicts:
            text += "\n" + self.tr("Not changed (reload and try again):") + "\n" + "\n".join(
                reason for _, reason in report.conflicts)
        self.message.setText(text)
        if report.updated:
            self.cameras_updated.emit([c.id for c in report.updated])
        return report
