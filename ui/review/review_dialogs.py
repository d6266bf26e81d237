"""Small dialogs of the review queue: reject reason, plate correction, new violation.

They only collect input; the queue widget passes it to ViolationService, which decides.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from ui.context import CameraLike


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class RejectDialog(QDialog):
    """Why the case is rejected: a common reason or free text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(self.tr("Reject the violation"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([
            self.tr("No violation: the vehicle did nothing wrong"),
            self.tr("Plate unreadable in every picture"),
            self.tr("Evidence too blurred or too dark"),
            self.tr("Priority vehicle on duty"),
            self.tr("Duplicate of another case"),
            self.tr("Wrong detection (not a vehicle, shadow, reflection)"),
        ])
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText(self.tr("Choose or type the reason"))
        self.buttons = _buttons(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow(self.buttons)
        self.setMinimumWidth(480)

    def reason_text(self) -> str:
        return self.reason.currentText().strip()


class PlateDialog(QDialog):
    def __init__(self, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plateDialog")
        self.setWindowTitle(self.tr("Correct the plate"))
        self.plate = QLineEdit(current or "")
        self.plate.setPlaceholderText(self.tr("e.g. 30A-123.45 or 29-M1 123.45"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("optional, e.g. read from the second picture"))
        self.buttons = _buttons(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Plate:"), self.plate)
        form.addRow(self.tr("Why:"), self.reason)
        form.addRow(self.buttons)
        self.setMinimumWidth(420)


class NewViolationDialog(QDialog):
    """A violation seen by an officer: camera, type, plate and a picture or a snapshot."""

    def __init__(self, cameras: Sequence[CameraLike], type_codes: Sequence[str],
                 type_label: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newViolationDialog")
        self.setWindowTitle(self.tr("New violation from a frame"))
        self.camera = QComboBox()
        for camera in cameras:
            self.camera.addItem(camera.name, camera.id)
        self.type_code = QComboBox()
        self.type_code.setEditable(True)
        for code in type_codes:
            label = type_label(code)
            self.type_code.addItem(code if label == code else f"{code} — {label}", code)
        self.plate = QLineEdit()
        self.plate.setPlaceholderText(self.tr("leave empty if it cannot be read"))
        self.from_file = QRadioButton(self.tr("Picture file"))
        self.from_file.setChecked(True)
        self.file_path = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_path, 1)
        file_row.addWidget(browse)
        self.from_snapshot = QRadioButton(self.tr("Snapshot already taken (evidence no.)"))
        self.snapshot_id = QSpinBox()
        self.snapshot_id.setRange(1, 2_000_000_000)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #ff7b72;")
        self.error_label.setWordWrap(True)
        self.buttons = _buttons(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Camera:"), self.camera)
        form.addRow(self.tr("Violation type:"), self.type_code)
        form.addRow(self.tr("Plate:"), self.plate)
        form.addRow(self.from_file, file_row)
        form.addRow(self.from_snapshot, self.snapshot_id)
        form.addRow(self.error_label)
        form.addRow(self.buttons)
        self.setMinimumWidth(520)

    def chosen_type(self) -> str:
        data = self.type_code.currentData()
        text = self.type_code.currentText().strip()
        if data and text.startswith(str(data)):
            return str(data)
        return text.split(" — ")[0].strip()

    def chosen_file(self) -> Path | None:
        text = self.file_path.text().strip()
        return Path(text) if self.from_file.isChecked() and text else None

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the picture"), "",
            self.tr("Pictures (*.jpg *.jpeg *.png *.bmp)"))
        if name:
            self.file_path.setText(name)
            self.from_file.setChecked(True)
