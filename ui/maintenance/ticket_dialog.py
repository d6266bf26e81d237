"""One maintenance ticket: create (pre-filled from a broken camera) or edit, attach photos,
close. All changes are applied in one background call when the user saves."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.cameras.maintenance import ALLOWED, CLOSED, OPEN, MaintenanceService, TicketDTO
from ui.dashboards.background import BackgroundRunner
from ui.maintenance.labels import status_label

log = logging.getLogger(__name__)

THUMBNAIL = QSize(120, 90)
MAX_COST_VND = 2_000_000_000  # QSpinBox is 32-bit; a camera repair never costs more


@dataclass(frozen=True)
class TicketChanges:
    """What the user asked for, applied by `apply_ticket_changes` on a worker thread."""

    ticket_id: int | None
    camera_id: int
    title: str
    assignee: str
    status: str
    cost_vnd: int | None
    due_date: date | None
    note: str
    new_photos: tuple[Path, ...]


class TicketPartlySaved(Exception):
    """Some of the changes were stored before one failed; `ticket` is what is stored now, so
    saving again neither opens a second ticket nor repeats the note or the photos."""

    def __init__(self, ticket: TicketDTO, note_saved: bool, attached: tuple[Path, ...],
                 cause: BaseException) -> None:
        super().__init__(getattr(cause, "user_message", None) or str(cause))
        self.ticket = ticket
        self.note_saved = note_saved
        self.attached = attached


def apply_ticket_changes(service: MaintenanceService, changes: TicketChanges) -> TicketDTO:
    """Create or update the ticket, then attach photos; returns the stored ticket."""
    if changes.ticket_id is None:
        ticket = service.open_ticket(changes.camera_id, changes.title, assignee=changes.assignee,
                                     notes=changes.note, due_date=changes.due_date)
        note_saved = True
    else:
        ticket = service.get(changes.ticket_id)
        note_saved = False
    attached: list[Path] = []
    try:
        if ticket.assignee != changes.assignee:
            ticket = service.assign(ticket.id, changes.assignee)
        if ticket.due_date != changes.due_date:
            ticket = service.set_due_date(ticket.id, changes.due_date)
        if changes.note and not note_saved:
            ticket = service.add_note(ticket.id, changes.note)
            note_saved = True
        if ticket.cost_vnd != changes.cost_vnd:
            ticket = service.set_cost(ticket.id, changes.cost_vnd)
        for photo in changes.new_photos:
            service.add_photo(ticket.id, photo)
            attached.append(photo)
        if ticket.status != changes.status:
            ticket = service.set_status(ticket.id, changes.status)
    except Exception as exc:
        if changes.ticket_id is None or note_saved or attached:
            raise TicketPartlySaved(service.get(ticket.id), note_saved, tuple(attached),
                                    exc) from exc
        raise
    return service.get(ticket.id)


def load_thumbnail(path: Path) -> QImage:
    """Decode only as much of the photo as the thumbnail needs (QImage is thread-safe)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


class TicketDialog(QDialog):
    ticket_saved = Signal(object)  # TicketDTO

    def __init__(self, service: MaintenanceService, runner: BackgroundRunner, *,
                 camera_id: int, camera_name: str, ticket: TicketDTO | None = None,
                 draft: tuple[str, str] = ("", ""), parent: QWidget | None = None,
                 choose_photos: Callable[[QWidget], list[str]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDialog")
        self._service = service
        self._runner = runner
        self._camera_id = camera_id
        self.ticket = ticket
        self._choose_photos = choose_photos or self._ask_for_photos
        self.pending_photos: list[Path] = []
        self.saving = False
        self.last_error = ""

        self.camera_label = QLabel(camera_name)
        self.title_edit = QLineEdit(ticket.title if ticket else draft[0])
        self.title_edit.setMaxLength(300)
        self.title_edit.setReadOnly(ticket is not None)
        self.assignee_edit = QLineEdit(ticket.assignee if ticket else "")
        self.status_combo = QComboBox()
        current = ticket.status if ticket else OPEN
        for status in [current, *sorted(ALLOWED.get(current, set()) if ticket else ())]:
            self.status_combo.addItem(status_label(status), status)
        self.status_combo.setEnabled(ticket is not None)
        self.cost_spin = QSpinBox()
        self.cost_spin.setRange(-1, MAX_COST_VND)
        self.cost_spin.setSingleStep(50_000)
        self.cost_spin.setGroupSeparatorShown(True)
        self.cost_spin.setSuffix(" ₫")
        self.cost_spin.setValue(-1 if ticket is None or ticket.cost_vnd is None
                                else ticket.cost_vnd)
        self.due_check = QCheckBox()
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("dd/MM/yyyy")
        due = ticket.due_date if ticket and ticket.due_date else date.today()
        self.due_edit.setDate(QDate(due.year, due.month, due.day))
        self.due_check.setChecked(bool(ticket and ticket.due_date))
        self.due_edit.setEnabled(self.due_check.isChecked())
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.history = QPlainTextEdit(ticket.notes if ticket else "")
        self.history.setReadOnly(True)
        self.history.setVisible(ticket is not None)
        self.note_edit = QPlainTextEdit("" if ticket else draft[1])
        self.note_edit.setMaximumHeight(90)
        self.photo_list = QListWidget()
        self.photo_list.setViewMode(QListView.ViewMode.IconMode)
        self.photo_list.setIconSize(THUMBNAIL)
        self.photo_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.photo_list.setMinimumHeight(THUMBNAIL.height() + 40)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self._on_attach_button_clicked)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #ff7b72;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.close_ticket_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_ticket_button.setVisible(ticket is not None and ticket.is_open)
        self.close_ticket_button.clicked.connect(self.close_ticket)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self.form = form
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        photo_row = QVBoxLayout()
        photo_row.addWidget(self.photo_list)
        photo_row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._labels = [QLabel() for _ in range(9)]
        fields: tuple[QWidget | QHBoxLayout | QVBoxLayout, ...] = (
            self.camera_label, self.title_edit, self.assignee_edit, self.status_combo,
            self.cost_spin, due_row, self.history, self.note_edit, photo_row)
        for label, field in zip(self._labels, fields, strict=True):
            if isinstance(field, QWidget):  # two calls: the overloads differ for layouts
                form.addRow(label, field)
            else:
                form.addRow(label, field)
        form.setRowVisible(6, ticket is not None)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.resize(620, 640)
        if ticket is not None:
            for photo in ticket.photos:
                self._add_thumbnail(photo.path, photo.sha256)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Maintenance ticket #{id}").format(id=self.ticket.id)
                            if self.ticket else self.tr("New maintenance ticket"))
        texts = (self.tr("Camera:"), self.tr("Problem:"), self.tr("Assignee:"),
                 self.tr("Status:"), self.tr("Cost:"), self.tr("Due date:"),
                 self.tr("History:"), self.tr("Notes:") if self.ticket is None
                 else self.tr("Add a note:"), self.tr("Photos:"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.cost_spin.setSpecialValueText(self.tr("not known"))
        self.due_check.setText(self.tr("Due by"))
        self.attach_button.setText(self.tr("Attach photos…"))
        self.close_ticket_button.setText(self.tr("Close ticket"))
        self.assignee_edit.setPlaceholderText(self.tr("Technician or company"))

    # ------------------------------------------------------------------------ photos
    def _ask_for_photos(self, parent: QWidget) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            parent, self.tr("Attach photos"), "",
            self.tr("Photos (*.jpg *.jpeg *.png *.webp *.bmp *.gif)"))
        return files

    def _on_attach_button_clicked(self) -> None:
        self.attach_photos([Path(p) for p in self._choose_photos(self)])

    def attach_photos(self, paths: list[Path]) -> None:
        """Queue photos for the save; thumbnails are decoded in the background."""
        for path in paths:
            if path in self.pending_photos:
                continue
            self.pending_photos.append(path)
            self._add_thumbnail(path, "")

    def _add_thumbnail(self, path: Path, sha256: str) -> None:
        item = QListWidgetItem(path.name if not sha256 else sha256[:12] + "…")
        item.setToolTip(str(path) if not sha256 else self.tr("SHA-256: {hash}").format(
            hash=sha256))
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        self.photo_list.addItem(item)

        def show(image: object) -> None:
            if isinstance(image, QImage) and not image.isNull():
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            elif self.photo_list.row(item) >= 0:
                item.setText(self.tr("{name} (not a readable image)").format(name=path.name))

        self._runner.run(load_thumbnail, path, on_done=show,
                         on_failed=lambda exc: log.warning("thumbnail %s: %s", path, exc))

    # -------------------------------------------------------------------------- saving
    def changes(self, *, status: str | None = None) -> TicketChanges:
        due = self.due_edit.date().toPython() if self.due_check.isChecked() else None
        cost = self.cost_spin.value()
        return TicketChanges(
            ticket_id=self.ticket.id if self.ticket else None, camera_id=self._camera_id,
            title=self.title_edit.text(), assignee=self.assignee_edit.text().strip(),
            status=status or str(self.status_combo.currentData()),
            cost_vnd=None if cost < 0 else cost, due_date=due,  # type: ignore[arg-type]
            note=self.note_edit.toPlainText().strip(), new_photos=tuple(self.pending_photos))

    def save(self) -> None:
        self._submit(self.changes())

    def close_ticket(self) -> None:
        self._submit(self.changes(status=CLOSED))

    def _submit(self, changes: TicketChanges) -> None:
        if self.saving:
            return
        if not changes.title.strip():
            self._show_error(self.tr("Describe the problem (the ticket needs a title)."))
            return
        self.saving = True
        self.setEnabled(False)
        self._runner.run(apply_ticket_changes, self._service, changes,
                         on_done=self._on_saved, on_failed=self._on_save_failed)

    def _on_saved(self, ticket: object) -> None:
        self.saving = False
        self.setEnabled(True)
        assert isinstance(ticket, TicketDTO)
        self.ticket = ticket
        self.pending_photos.clear()
        self.ticket_saved.emit(ticket)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.setEnabled(True)
        if isinstance(exc, TicketPartlySaved):
            self.ticket = exc.ticket
            if exc.note_saved:
                self.note_edit.clear()
            self.pending_photos = [p for p in self.pending_photos if p not in exc.attached]
            self.title_edit.setReadOnly(True)
            self.ticket_saved.emit(exc.ticket)
        # MaintenanceError, PermissionDenied and storage errors carry a message for the user;
        # whatever was typed stays in the dialog.
        message = getattr(exc, "user_message", None) or str(exc)
        log.warning("ticket not saved: %s", message)
        self._show_error(self.tr("The ticket was not saved: {error}").format(error=message))

    def _show_error(self, text: str) -> None:
        self.last_error = text
        self.error_label.setText(text)
        self.error_label.show()
