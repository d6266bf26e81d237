"""The Recordings menu entries that configure recording and show the storage. Each action
builds a fresh dialog (a closed dialog stops its worker threads and is not reused)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.config.settings import Settings, SettingsStore
from app.recording.admin import RecordingAdmin
from app.security.permissions import Principal
from ui.recording.recording_dialog import ApplyChannel, ApplyStorage, RecordingSettingsDialog
from ui.recording.storage_status import StorageStatusDialog


class RecordingActions(QObject):
    settings_saved = Signal(object)  # Settings, after the recording dialog saved them

    def __init__(self, admin: RecordingAdmin, store: SettingsStore, *,
                 settings: Callable[[], Settings], apply_channel: ApplyChannel,
                 apply_storage: ApplyStorage, principal: Callable[[], Principal | None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._admin, self._store, self._settings = admin, store, settings
        self._apply_channel, self._apply_storage = apply_channel, apply_storage
        self._principal = principal
        self._parent = parent
        self.settings_action = QAction(self)
        self.status_action = QAction(self)
        self.settings_action.triggered.connect(self.open_recording_settings)
        self.status_action.triggered.connect(self.open_storage_status)

    def attach(self, menu: QMenu) -> None:
        menu.addAction(self.settings_action)
        menu.addAction(self.status_action)

    def retranslate(self) -> None:
        self.settings_action.setText(self.tr("Recording &settings…"))
        self.status_action.setText(self.tr("Storage and &integrity…"))

    def open_recording_settings(self) -> RecordingSettingsDialog:
        dialog = RecordingSettingsDialog(
            self._admin, self._settings(), self._store, apply_channel=self._apply_channel,
            apply_storage=self._apply_storage, actor=self._principal(), parent=self._parent)
        dialog.settings_saved.connect(self.settings_saved)
        dialog.open()
        return dialog

    def open_storage_status(self) -> StorageStatusDialog:
        dialog = StorageStatusDialog(self._admin, actor=self._principal(), parent=self._parent)
        dialog.open()
        return dialog
