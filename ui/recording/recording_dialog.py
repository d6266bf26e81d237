"""Recording settings: what each camera records, and how long the footage is kept.

Saving goes through RecordingAdmin (rights and audit are checked there) on a worker thread
(ui/recording/jobs.py), then asks the running service to restart the changed channels through
``apply_channel`` and to use the new storage policy through ``apply_storage`` (both injected:
stopping a recorder closes and hashes its open segment, which can take seconds).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.config.settings import Settings, SettingsError, SettingsStore
from app.recording.admin import ChannelRow, RecordingAdmin
from app.recording.dto import ChannelConfig
from app.security.permissions import Permission, PermissionDenied, Principal
from app.storage.errors import StorageError
from ui.recording.channel_table import (
    MODES,
    POST,
    PRE,
    STREAMS,
    ChannelDelegate,
    ChannelTableModel,
    mode_text,
    stream_text,
)
from ui.recording.jobs import PolledJobs

log = logging.getLogger(__name__)

ApplyChannel = Callable[[ChannelConfig], None]
ApplyStorage = Callable[[Settings], None]


@dataclass(frozen=True)
class SaveOutcome:
    channels: tuple[ChannelConfig, ...]  # stored because they changed
    apply_errors: tuple[tuple[int, str], ...]  # (camera id, reason) the service refused
    settings: Settings | None  # new settings when the storage policy changed
    rows: tuple[ChannelRow, ...]


class RecordingSettingsDialog(QDialog):
    settings_saved = Signal(object)  # Settings
    channels_saved = Signal(object)  # tuple[ChannelConfig, ...]
    loaded = Signal()

    def __init__(self, admin: RecordingAdmin, settings: Settings, store: SettingsStore, *,
                 apply_channel: ApplyChannel, apply_storage: ApplyStorage,
                 actor: Principal | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingSettingsDialog")
        self._admin, self._settings, self._store = admin, settings, store
        self._apply_channel, self._apply_storage = apply_channel, apply_storage
        self._actor = actor
        self._busy = False
        self._jobs = PolledJobs(self, "rec-settings", on_progress=self._say)
        self.last_outcome: SaveOutcome | None = None

        self.model = ChannelTableModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self._proxy)
        self.table.setItemDelegate(ChannelDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        # Bulk edit of the selected rows: the first entry of each control leaves values alone.
        self.bulk_label = QLabel()
        self.bulk_mode = QComboBox()
        self.bulk_stream = QComboBox()
        self.bulk_pre = QSpinBox()
        self.bulk_post = QSpinBox()
        for spin, column in ((self.bulk_pre, PRE), (self.bulk_post, POST)):
            spin.setRange(-1, 300 if column == PRE else 3600)
            spin.setValue(-1)
            spin.setMaximumWidth(130)
        self.bulk_apply = QPushButton()
        self.bulk_apply.clicked.connect(self._on_bulk_apply_clicked)
        self.bulk_pre_label, self.bulk_post_label = QLabel(), QLabel()
        self.bulk_pre_label.setBuddy(self.bulk_pre)
        self.bulk_post_label.setBuddy(self.bulk_post)
        bulk = QHBoxLayout()
        for widget in (self.bulk_label, self.bulk_mode, self.bulk_stream, self.bulk_pre_label,
                       self.bulk_pre, self.bulk_post_label, self.bulk_post, self.bulk_apply):
            bulk.addWidget(widget)
        bulk.addStretch(1)

        self.max_age_days = QSpinBox()
        self.max_age_days.setRange(0, 3650)
        self.quota_gb = QDoubleSpinBox()
        self.quota_gb.setRange(0, 1_000_000)
        self.quota_gb.setDecimals(1)
        self.min_free_gb = QDoubleSpinBox()
        self.min_free_gb.setRange(0, 10_000)
        self.min_free_gb.setDecimals(1)
        self.min_free_gb.setSingleStep(0.5)
        for box in (self.max_age_days, self.quota_gb, self.min_free_gb):
            box.setMinimumWidth(170)
        self.overwrite = QCheckBox()
        self.storage_box = QGroupBox()
        form = QFormLayout(self.storage_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self._storage_labels = [QLabel() for _ in range(3)]
        for label, field in zip(self._storage_labels,
                                (self.max_age_days, self.quota_gb, self.min_free_gb),
                                strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.overwrite)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.rights_note = QLabel()
        self.rights_note.setObjectName("fieldError")
        self.rights_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        self.table_box = QGroupBox()
        table_layout = QVBoxLayout(self.table_box)
        table_layout.addWidget(self.filter)
        table_layout.addWidget(self.table, 1)
        table_layout.addLayout(bulk)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table_box, 1)
        layout.addWidget(self.storage_box)
        layout.addWidget(self.rights_note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1020, 660)

        self._load_storage(settings)
        self.retranslate_ui()
        self._show_rights()
        self._start(self._admin.channel_rows, self.tr("Loading cameras…"), self._on_rows_loaded)

    # Public API ------------------------------------------------------------------------------
    def select_cameras(self, camera_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for camera_id in camera_ids:
            index = self._proxy.mapFromSource(self.model.index(self.model.row_of(camera_id), 0))
            selection.select(index, selection.SelectionFlag.Select
                             | selection.SelectionFlag.Rows)

    def selected_rows(self) -> list[int]:
        rows = {self._proxy.mapToSource(index).row()
                for index in self.table.selectionModel().selectedRows()}
        return sorted(rows)

    def storage_values(self) -> dict[str, Any]:
        return {"recording_max_age_days": self.max_age_days.value(),
                "recording_quota_gb": round(self.quota_gb.value(), 1),
                "recording_min_free_gb": round(self.min_free_gb.value(), 1),
                "recording_overwrite_when_full": self.overwrite.isChecked()}

    def is_busy(self) -> bool:
        return self._busy

    def save(self) -> bool:
        """Start saving (on a worker); False when nothing was started (see `message`)."""
        if self._busy:
            return False
        changes = {name: value for name, value in self.storage_values().items()
                   if getattr(self._settings, name) != value}
        try:
            replace(self._settings, **changes).validated()
        except SettingsError as exc:
            self._say(self._storage_error(exc), error=True)
            return False
        configs = self.model.changed_configs()
        if not configs and not changes:
            self._say(self.tr("Nothing has changed."))
            return False
        names = {c.camera_id: self.model.camera_name(c.camera_id) for c in configs}
        jobs = self._jobs
        admin, actor, store, settings = self._admin, self._actor, self._store, self._settings
        apply_channel, apply_storage = self._apply_channel, self._apply_storage
        applying = self.tr("Applying {camera}…")

        def run() -> SaveOutcome:
            # Check every right first: nothing is stored when one of them is missing.
            if configs:
                admin.authorize(actor, Permission.MANAGE_CAMERAS)
            if changes:
                admin.authorize(actor, Permission.CHANGE_SETTINGS)
            saved = admin.save_channels(actor, configs) if configs else []
            errors: list[tuple[int, str]] = []
            for config in saved:
                jobs.post_progress(applying.format(camera=names.get(config.camera_id, "")))
                try:
                    apply_channel(config)
                except Exception as exc:  # noqa: BLE001 - one camera must not stop the others
                    log.warning("camera %s: recording change not applied: %s",
                                config.camera_id, exc)
                    errors.append((config.camera_id, str(exc)))
            new_settings = None
            if changes:
                new_settings = admin.save_storage_settings(actor, store, settings, **changes)
                apply_storage(new_settings)
            return SaveOutcome(tuple(saved), tuple(errors), new_settings,
                               tuple(admin.channel_rows()))
        self._start(run, self.tr("Saving…"), self._on_saved)
        return True

    # Internals -------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Recording settings"))
        self.table_box.setTitle(self.tr("Cameras"))
        self.filter.setPlaceholderText(self.tr("Find a camera or site…"))
        self.bulk_label.setText(self.tr("Selected cameras:"))
        unchanged = self.tr("(unchanged)")
        for combo, values, text in ((self.bulk_mode, MODES, mode_text),
                                    (self.bulk_stream, STREAMS, stream_text)):
            current = combo.currentIndex()
            combo.clear()
            combo.addItem(unchanged, None)
            for value in values:
                combo.addItem(text(value), value)
            combo.setCurrentIndex(max(current, 0))
        for spin in (self.bulk_pre, self.bulk_post):
            spin.setSpecialValueText(unchanged)
            spin.setSuffix(self.tr(" s"))
        self.bulk_pre_label.setText(self.tr("Before:"))
        self.bulk_post_label.setText(self.tr("After:"))
        self.bulk_apply.setText(self.tr("Apply to selected"))
        self.storage_box.setTitle(self.tr("Storage (all cameras)"))
        for label, title in zip(self._storage_labels,
                                (self.tr("Delete footage older than"), self.tr("Disk quota"),
                                 self.tr("Keep free on the disk")), strict=True):
            label.setText(title)
        self.max_age_days.setSuffix(self.tr(" days"))
        self.max_age_days.setSpecialValueText(self.tr("No age limit"))
        self.quota_gb.setSuffix(self.tr(" GB"))
        self.quota_gb.setSpecialValueText(self.tr("No quota"))
        self.min_free_gb.setSuffix(self.tr(" GB"))
        self.overwrite.setText(self.tr("When the disk is full, overwrite the oldest footage "
                                       "(held footage is never deleted)"))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if save is not None:
            save.setText(self.tr("Save"))
        if close is not None:
            close.setText(self.tr("Close"))

    def _show_rights(self) -> None:
        channels = self._admin.may(self._actor, Permission.MANAGE_CAMERAS)
        storage = self._admin.may(self._actor, Permission.CHANGE_SETTINGS)
        self.storage_box.setEnabled(storage)
        if not channels and not storage:
            self.rights_note.setText(self.tr("Your role may view these settings but not "
                                             "change them."))
        elif not channels:
            self.rights_note.setText(self.tr("Your role may not change what cameras record."))
        elif not storage:
            self.rights_note.setText(self.tr("Your role may not change the storage policy."))
        self.rights_note.setVisible(not (channels and storage))

    def _load_storage(self, settings: Settings) -> None:
        self.max_age_days.setValue(settings.recording_max_age_days)
        self.quota_gb.setValue(settings.recording_quota_gb)
        self.min_free_gb.setValue(settings.recording_min_free_gb)
        self.overwrite.setChecked(settings.recording_overwrite_when_full)

    def _storage_error(self, exc: SettingsError) -> str:
        name, _, reason = str(exc).partition(": ")
        label = {"recording_max_age_days": self.tr("Delete footage older than"),
                 "recording_quota_gb": self.tr("Disk quota"),
                 "recording_min_free_gb": self.tr("Keep free on the disk")}.get(name, name)
        low, _, high = reason.removeprefix("must be ").partition("–")
        if high:
            return self.tr("{field}: must be between {low} and {high}.").format(
                field=label, low=low, high=high)
        return f"{label}: {reason}"

    def _start(self, job: Callable[[], object], text: str,
               done: Callable[[Any], None]) -> None:
        if self._jobs.submit(job, done, self._on_job_failed):
            self._busy = True
            self._update_buttons()
            self._say(text)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("fieldError" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _update_buttons(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(not self._busy and (
                self._admin.may(self._actor, Permission.MANAGE_CAMERAS)
                or self._admin.may(self._actor, Permission.CHANGE_SETTINGS)))
        self.bulk_apply.setEnabled(not self._busy)

    def _on_rows_loaded(self, rows: list[ChannelRow]) -> None:
        self._busy = False
        self.model.set_rows(rows)
        self._say(self.tr("{count} cameras. Double-click a cell to change it; select several "
                          "rows to change them together.").format(count=len(rows)))
        self._update_buttons()
        self.loaded.emit()

    def _on_saved(self, outcome: object) -> None:
        assert isinstance(outcome, SaveOutcome)
        self._busy = False
        self.last_outcome = outcome
        self.model.set_rows(outcome.rows)
        if outcome.settings is not None:
            self._settings = outcome.settings
            self.settings_saved.emit(outcome.settings)
        text = self.tr("Saved: {count} cameras changed.").format(count=len(outcome.channels))
        if outcome.settings is not None:
            text += " " + self.tr("The storage policy is in force.")
        for camera_id, reason in outcome.apply_errors:
            text += "\n" + self.tr("Camera {camera}: saved, but recording could not be "
                                   "started: {reason}").format(
                camera=self.model.camera_name(camera_id), reason=reason)
        self._say(text, error=bool(outcome.apply_errors))
        self._update_buttons()
        self.channels_saved.emit(outcome.channels)

    def _on_job_failed(self, exc: object) -> None:
        self._busy = False
        self._update_buttons()
        if isinstance(exc, PermissionDenied):
            self._say(exc.user_message, error=True)
        elif isinstance(exc, SettingsError):
            self._say(self._storage_error(exc), error=True)
        elif isinstance(exc, (StorageError, ValueError, OSError)):
            self._say(str(exc), error=True)
        else:
            log.error("recording settings job failed", exc_info=exc)  # type: ignore[arg-type]
            self._say(self.tr("The recording settings could not be saved. Details are in the "
                              "log."), error=True)

    def _on_bulk_apply_clicked(self) -> None:
        rows = self.selected_rows()
        if not rows:
            self._say(self.tr("Select the cameras to change first."))
            return
        self.model.set_many(
            rows, mode=self.bulk_mode.currentData(), stream=self.bulk_stream.currentData(),
            pre_event_s=self.bulk_pre.value() if self.bulk_pre.value() >= 0 else None,
            post_event_s=self.bulk_post.value() if self.bulk_post.value() >= 0 else None)
        self._say(self.tr("{count} cameras changed; press Save to keep the changes.").format(
            count=len(rows)))

    def _on_buttons_accepted(self) -> None:
        self.save()

    def done(self, result: int) -> None:
        self._jobs.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._jobs.shutdown()
        super().closeEvent(event)

