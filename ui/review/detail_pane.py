"""The right-hand pane of the review queue: evidence picture, facts and history of one case."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.review.states import ViolationState
from app.review.workflow import DecisionRecord, EvidenceDTO, ViolationDTO
from app.security.audit import AuditAction
from ui.review.queue_model import state_text


class DetailPane(QWidget):
    def __init__(self, camera_name: Callable[[int], str], type_label: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("violationDetail")
        self._camera_name = camera_name
        self._type_label = type_label
        self._pixmap: QPixmap | None = None
        self.picture = QLabel()
        self.picture.setObjectName("evidencePicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 200)
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.picture.setStyleSheet("background: #0d1117; border: 1px solid #30363d;")
        self.plate = QLabel()
        self.plate.setObjectName("plateText")
        self.plate.setStyleSheet("font-size: 20px; font-weight: bold; color: #f0f6fc;")
        self.type_text = QLabel()
        self.type_text.setWordWrap(True)
        self.time_text = QLabel()
        self.camera_text = QLabel()
        self.state_text = QLabel()
        self.state_text.setWordWrap(True)
        self.history = QListWidget()
        self.history.setObjectName("violationHistory")
        self.history.setMaximumHeight(150)
        form = QFormLayout()
        form.addRow(self.tr("Plate:"), self.plate)
        form.addRow(self.tr("Violation:"), self.type_text)
        form.addRow(self.tr("Time:"), self.time_text)
        form.addRow(self.tr("Camera:"), self.camera_text)
        form.addRow(self.tr("State:"), self.state_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.picture, 1)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("History:")))
        layout.addWidget(self.history)
        self.clear()

    def clear(self) -> None:
        self._pixmap = None
        self.picture.setPixmap(QPixmap())
        self.picture.setText(self.tr("Select a violation in the list."))
        for label in (self.plate, self.type_text, self.time_text, self.camera_text,
                      self.state_text):
            label.clear()
        self.history.clear()

    def show_violation(self, violation: ViolationDTO,
                       history: Sequence[DecisionRecord]) -> None:
        picture = first_picture(violation.evidence)
        self._pixmap = QPixmap(picture.path) if picture else None
        if self._pixmap is not None and self._pixmap.isNull():
            self._pixmap = None
        if self._pixmap is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("No picture can be shown for this case."))
        else:
            self._fit_picture()
        plate = violation.plate or self.tr("(not read)")
        if violation.plate and violation.plate_confidence is not None:
            plate += self.tr("  (read automatically, {p:.0%} sure)").format(
                p=violation.plate_confidence)
        self.plate.setText(plate)
        label = self._type_label(violation.type_code)
        self.type_text.setText(violation.type_code if label == violation.type_code
                               else f"{violation.type_code} — {label}")
        self.time_text.setText(f"{violation.detected_at.astimezone():%H:%M:%S %d/%m/%Y}")
        self.camera_text.setText(self._camera_name(violation.camera_id))
        state = state_text(violation.state)
        if violation.reject_reason:
            state += self.tr(" — reason: {reason}").format(reason=violation.reject_reason)
        self.state_text.setText(state)
        self.history.clear()
        for record in history:
            self.history.addItem(f"{record.time.astimezone():%d/%m %H:%M:%S}  "
                                 f"{record.user_name or self.tr('(system)')}: "
                                 f"{self.describe(record)}")

    def describe(self, record: DecisionRecord) -> str:
        """One history line in words (the audit trail keeps the full details)."""
        d = record.details
        if record.action == AuditAction.VIOLATION_CREATED:
            return self.tr("filed the case (plate {plate})").format(
                plate=d.get("plate") or self.tr("not read"))
        if record.action == AuditAction.PLATE_CORRECTED:
            return self.tr("corrected the plate {old} → {new}").format(
                old=d.get("old") or "—", new=d.get("new") or "—")
        if record.action == AuditAction.VIOLATION_TRANSITION:
            text = self.tr("{old} → {new}").format(
                old=_state_name(d.get("from")), new=_state_name(d.get("to")))
            if d.get("reason"):
                text += self.tr(" (reason: {reason})").format(reason=d["reason"])
            return text
        return f"{record.action} {json.dumps(dict(d), ensure_ascii=False)}"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_picture()

    def _fit_picture(self) -> None:
        if self._pixmap is not None:
            self.picture.setPixmap(self._pixmap.scaled(
                self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))


def _state_name(value: object) -> str:
    try:
        return state_text(ViolationState(str(value)))
    except ValueError:
        return str(value)


def first_picture(evidence: Sequence[EvidenceDTO]) -> EvidenceDTO | None:
    return next((e for e in evidence if e.kind in ("image", "snapshot")), None)
