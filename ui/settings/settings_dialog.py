"""Dialog that edits the workstation settings and saves them through SettingsStore."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config.settings import Settings, SettingsError, SettingsStore
from app.logs import redact

log = logging.getLogger(__name__)

# Language names are written in their own language on purpose: a user who cannot read the
# current interface language must still find theirs.
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))
# The fields of each tab, in order (the tab titles are set in retranslate_ui).
TABS = (
    ("general", ("language", "database_url", "models_dir")),
    ("wall", ("wall_grid", "network_caching_ms", "substream_max_tile_width",
              "main_stream_min_tile_height", "reconnect_max_backoff_s", "instant_replay_s")),
    ("recording", ("recording_max_age_days", "recording_quota_gb", "recording_min_free_gb",
                   "recording_overwrite_when_full")),
    ("security", ("idle_lock_minutes",)),
    ("documents", ("agency_name", "parent_agency", "agency_address", "issuing_place")),
)
FIELD_NAMES = tuple(name for _tab, names in TABS for name in names)
RECORDING_FIELDS = dict(TABS)["recording"]
# Wide technical ranges only: the valid ranges are checked by Settings.validated(), whose
# message is shown next to the field, so the rules live in one place.
_SPIN_MAX = 1_000_000


class SettingsDialog(QDialog):
    """Edits every ``Settings`` field; invalid values are reported next to their field and
    nothing is saved until all are valid. Emits ``settings_saved(Settings)`` after saving."""

    settings_saved = Signal(object)

    def __init__(self, settings: Settings, store: SettingsStore,
                 parent: QWidget | None = None, *,
                 open_recording: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._settings = settings
        self._store = store
        self.saved_settings: Settings | None = None

        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.database_url = QLineEdit()
        self.network_caching_ms = self._spin_box()
        self.wall_grid = self._spin_box()
        self.substream_max_tile_width = self._spin_box()
        self.main_stream_min_tile_height = self._spin_box()
        self.instant_replay_s = self._spin_box()
        self.reconnect_max_backoff_s = QDoubleSpinBox()
        self.reconnect_max_backoff_s.setRange(0, _SPIN_MAX)
        self.reconnect_max_backoff_s.setDecimals(1)
        self.reconnect_max_backoff_s.setSingleStep(0.5)
        self.idle_lock_minutes = self._spin_box()
        self.models_dir = QLineEdit()
        self.browse_models_button = QPushButton()
        self.browse_models_button.clicked.connect(self._on_browse_models_clicked)
        self.agency_name = QLineEdit()
        self.parent_agency = QLineEdit()
        self.agency_address = QLineEdit()
        self.issuing_place = QLineEdit()
        self.recording_max_age_days = self._spin_box()
        self.recording_quota_gb = self._gb_box()
        self.recording_min_free_gb = self._gb_box()
        self.recording_overwrite_when_full = QCheckBox()
        # Per-camera recording lives in its own dialog (it needs the recording service).
        self.recording_button = QPushButton()
        self._open_recording = open_recording
        self.recording_button.setVisible(open_recording is not None)
        self.recording_button.clicked.connect(self._on_recording_button_clicked)

        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._tab_of: dict[str, int] = {}
        self.tabs = QTabWidget()
        for tab, names in TABS:
            page = QWidget()
            page.setObjectName(f"settingsTab_{tab}")
            form = QFormLayout(page)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            for name in names:
                form.addRow(self._label_for(name), self._row_for(name))
                self._tab_of[name] = self.tabs.count()
            if tab == "recording":
                form.addRow("", self.recording_button)
            self.tabs.addTab(page, "")

        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self._load(settings)
        self.retranslate_ui()

    # Public API ------------------------------------------------------------------------------
    def field_widget(self, name: str) -> QWidget:
        widget = getattr(self, name)
        assert isinstance(widget, QWidget), name
        return widget

    def field_error(self, name: str) -> str:
        """The error shown next to a field ("" when the field is valid)."""
        label = self._errors[name]
        return label.text() if not label.isHidden() else ""

    def save(self) -> bool:
        """Validate every field, save when all are valid; returns whether it saved."""
        self._clear_errors()
        values = self._values()
        errors = self._check_fields(values)
        if errors:
            for name, message in errors.items():
                self._show_error(name, message)
            first = next(name for name in FIELD_NAMES + tuple(errors) if name in errors)
            self.tabs.setCurrentIndex(self._tab_of.get(first, self.tabs.currentIndex()))
            return False
        try:
            settings = SettingsStore.updated(self._settings, **values)
            self._store.save(settings)
        except SettingsError as exc:  # a rule spanning fields; name the field it reports
            name, message = _split_settings_error(exc)
            self._show_error(name, message)
            return False
        except OSError as exc:
            log.warning("Could not save settings to %s: %s", self._store.path, exc)
            self.general_error.setText(self.tr("The settings could not be saved: {error}")
                                       .format(error=exc.strerror or str(exc)))
            self.general_error.show()
            return False
        log.info("Settings saved to %s", self._store.path)
        self._settings = settings
        self.saved_settings = settings
        self.settings_saved.emit(settings)
        return True

    # Building --------------------------------------------------------------------------------
    @staticmethod
    def _spin_box() -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, _SPIN_MAX)
        return box

    @staticmethod
    def _gb_box() -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, _SPIN_MAX)
        box.setDecimals(1)
        box.setSingleStep(0.5)
        return box

    def _label_for(self, name: str) -> QLabel:
        label = QLabel()
        label.setBuddy(self.field_widget(name))
        self._labels[name] = label
        return label

    def _row_for(self, name: str) -> QWidget:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        self._errors[name] = error
        field_line = QWidget()
        line = QHBoxLayout(field_line)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.field_widget(name), 1)
        if name == "models_dir":
            line.addWidget(self.browse_models_button)
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field_line)
        column.addWidget(error)
        return row

    def _load(self, settings: Settings) -> None:
        index = self.language.findData(settings.language)
        self.language.setCurrentIndex(max(index, 0))
        # A password in a stored URL is never shown; an untouched field keeps the stored URL.
        self._shown_database_url = redact(settings.database_url)
        self.database_url.setText(self._shown_database_url)
        for name in FIELD_NAMES:
            widget, value = self.field_widget(name), getattr(settings, name)
            if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                widget.setValue(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, QLineEdit) and name != "database_url":
                widget.setText(value)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        texts = {
            "language": self.tr("&Language"),
            "database_url": self.tr("&Database URL"),
            "network_caching_ms": self.tr("&Network caching"),
            "wall_grid": self.tr("Default &wall grid"),
            "substream_max_tile_width": self.tr("&Main stream above tile width"),
            "reconnect_max_backoff_s": self.tr("Maximum &reconnect delay"),
            "idle_lock_minutes": self.tr("Lock when &idle after"),
            "models_dir": self.tr("M&odels folder"),
            "agency_name": self.tr("&Agency name"),
            "main_stream_min_tile_height": self.tr("Main stream above tile &height"),
            "instant_replay_s": self.tr("Instant re&play jumps back"),
            "parent_agency": self.tr("&Parent agency"),
            "agency_address": self.tr("Agency add&ress"),
            "issuing_place": self.tr("Place of &issue"),
            "recording_max_age_days": self.tr("Delete footage &older than"),
            "recording_quota_gb": self.tr("Disk &quota for recordings"),
            "recording_min_free_gb": self.tr("&Keep free on the disk"),
            "recording_overwrite_when_full": self.tr("When the disk is &full"),
        }
        for name, text in texts.items():
            self._labels[name].setText(text)
        for index, title in enumerate((self.tr("General"), self.tr("Video wall"),
                                       self.tr("Recording"), self.tr("Security"),
                                       self.tr("Printed documents"))):
            self.tabs.setTabText(index, title)
        self.main_stream_min_tile_height.setSuffix(self.tr(" px"))
        self.instant_replay_s.setSuffix(self.tr(" s"))
        self.parent_agency.setPlaceholderText(
            self.tr("The line above the agency, e.g. BỘ CÔNG AN"))
        self.agency_address.setPlaceholderText(
            self.tr("Street, ward, province: printed on notices"))
        self.issuing_place.setPlaceholderText(self.tr("e.g. Hà Nội"))
        self.recording_max_age_days.setSuffix(self.tr(" days"))
        self.recording_max_age_days.setSpecialValueText(self.tr("No age limit"))
        self.recording_quota_gb.setSuffix(self.tr(" GB"))
        self.recording_quota_gb.setSpecialValueText(self.tr("No quota"))
        self.recording_min_free_gb.setSuffix(self.tr(" GB"))
        self.recording_overwrite_when_full.setText(self.tr(
            "Overwrite the oldest footage (held footage is never deleted)"))
        self.recording_button.setText(self.tr("Recording of each camera…"))
        self.database_url.setPlaceholderText(self.tr("Empty: local SQLite database"))
        self.database_url.setToolTip(self.tr(
            "For PostgreSQL: postgresql+psycopg://user@host/database. Keep the password in "
            "the PostgreSQL password file (~/.pgpass), not in the URL."))
        self.network_caching_ms.setSuffix(self.tr(" ms"))
        self.wall_grid.setSuffix(self.tr(" tiles per side"))
        self.substream_max_tile_width.setSuffix(self.tr(" px"))
        self.reconnect_max_backoff_s.setSuffix(self.tr(" s"))
        self.idle_lock_minutes.setSuffix(self.tr(" min"))
        self.idle_lock_minutes.setSpecialValueText(self.tr("Never"))
        self.models_dir.setPlaceholderText(self.tr("Empty: the models folder in the data folder"))
        self.browse_models_button.setText(self.tr("Browse…"))
        self.language.setToolTip(self.tr("The interface changes language as soon as you save."))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if save is not None:
            save.setText(self.tr("Save"))
        if cancel is not None:
            cancel.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # Validation ------------------------------------------------------------------------------
    def _values(self) -> dict[str, Any]:
        url = self.database_url.text().strip()
        if url == self._shown_database_url:
            url = self._settings.database_url
        values: dict[str, Any] = {"language": str(self.language.currentData()),
                                  "database_url": url}
        for name in FIELD_NAMES:
            widget = self.field_widget(name)
            if isinstance(widget, QSpinBox):
                values[name] = widget.value()
            elif isinstance(widget, QDoubleSpinBox):  # as shown: one decimal
                values[name] = round(float(widget.value()), widget.decimals())
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QLineEdit) and name != "database_url":
                values[name] = widget.text().strip()
        return values

    def _check_fields(self, values: dict[str, Any]) -> dict[str, str]:
        """Every invalid field with its message (not only the first, as validated() gives)."""
        errors: dict[str, str] = {}
        for name, value in values.items():
            try:
                replace(self._settings, **{name: value}).validated()
            except SettingsError as exc:
                errors[name] = _split_settings_error(exc)[1]
        url_error = self._database_url_error(values["database_url"])
        if url_error:
            errors["database_url"] = url_error
        if values["models_dir"] and not Path(values["models_dir"]).is_dir():
            errors["models_dir"] = self.tr("This folder does not exist.")
        if not values["agency_name"]:
            errors["agency_name"] = self.tr("Enter the agency name printed on documents.")
        return errors

    def _database_url_error(self, url: str) -> str:
        if not url or url == self._settings.database_url:
            return ""
        try:
            parts = urlsplit(url)
            has_password = parts.password is not None
        except ValueError:
            return self.tr("This is not a valid database URL.")
        scheme = parts.scheme.lower()
        if not (scheme == "sqlite" or scheme.startswith("postgresql")):
            return self.tr("Use sqlite:///path/to/file.db or "
                           "postgresql+psycopg://user@host/database.")
        if has_password:
            return self.tr("Leave the password out of the URL: the settings file is plain "
                           "text. Put it in the PostgreSQL password file (~/.pgpass) instead.")
        return ""

    def _translated_reason(self, reason: str) -> str:
        if match := re.fullmatch(r"must be (-?[\d.]+)\s*[–-]\s*(-?[\d.]+)", reason):
            return self.tr("Must be between {low} and {high}.").format(
                low=match.group(1), high=match.group(2))
        if match := re.fullmatch(r"must be one of (.+)", reason):
            return self.tr("Must be one of: {choices}.").format(choices=match.group(1))
        return reason

    def _show_error(self, name: str, message: str) -> None:
        label = self._errors.get(name)
        text = self._translated_reason(message)
        if label is None:  # a field this dialog does not edit
            self.general_error.setText(f"{name}: {text}")
            self.general_error.show()
            return
        label.setText(text)
        label.show()

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.hide()
        self.general_error.clear()
        self.general_error.hide()

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    def _on_recording_button_clicked(self) -> None:
        if self._open_recording is None:
            return
        dialog = self._open_recording()
        saved = getattr(dialog, "settings_saved", None)
        if saved is not None:  # it saves the storage fields too: keep ours in step
            saved.connect(self._on_recording_settings_saved)

    def _on_recording_settings_saved(self, settings: Settings) -> None:
        changes = {name: getattr(settings, name) for name in RECORDING_FIELDS}
        self._settings = replace(self._settings, **changes)
        for name, value in changes.items():
            widget = self.field_widget(name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                widget.setValue(value)

    def _on_browse_models_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Models folder"),
                                                  self.models_dir.text())
        if folder:
            self.models_dir.setText(folder)


def _split_settings_error(exc: SettingsError) -> tuple[str, str]:
    """SettingsError messages read "field: reason"."""
    name, _, reason = str(exc).partition(": ")
    return (name, reason) if reason else ("", str(exc))
