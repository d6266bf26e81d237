"""The review queue: a filtered list of violations, the selected case, keyboard triage.

Keys (when the queue has focus): J or Down next, K or Up previous, V verify, A approve,
R reject (asks the reason), P correct the plate, F forward, E open the evidence editor.

Every decision goes through ViolationService.transition with the version of the case the
user is looking at, so a case someone else decided meanwhile is never overwritten: the
conflict is explained and the case reloaded. Buttons the user's role cannot use are hidden
for convenience only; the core refuses them anyway. Opening a case calls
ViolationService.view, which writes the view to the audit trail.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.review.annotations import AnnotationService
from app.review.queue import QueueQuery, ReviewQueue
from app.review.states import OPEN_STATES, ConcurrentDecisionError, ReviewError, ViolationState
from app.review.workflow import ViolationDTO, ViolationService
from app.security.permissions import Permission, PermissionDenied, Principal, has_permission
from app.storage.errors import StorageError
from ui.context import CameraLike
from ui.review.detail_pane import DetailPane, first_picture
from ui.review.queue_model import QueueTableModel, state_text
from ui.review.review_dialogs import NewViolationDialog, PlateDialog, RejectDialog

log = logging.getLogger(__name__)

_USER_ERRORS = (ReviewError, PermissionDenied, StorageError)
S = ViolationState


class ReviewQueueWidget(QWidget):
    violation_changed = Signal(object)  # ViolationDTO after a decision of this user

    def __init__(self, queue: ReviewQueue, violations: ViolationService, principal: Principal,
                 *, list_cameras: Callable[[], Sequence[CameraLike]],
                 type_label: Callable[[str], str] = lambda code: code,
                 annotations: AnnotationService | None = None,
                 evidence_dir: Path | None = None, page_size: int = 50,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self._queue, self._violations, self._principal = queue, violations, principal
        self._list_cameras, self._type_label = list_cameras, type_label
        self._annotations, self._evidence_dir = annotations, evidence_dir
        self._page_size = page_size
        self._offset = 0
        self._cameras: dict[int, str] = {}
        self.current: ViolationDTO | None = None
        self.total = 0
        self.reject_dialog: RejectDialog | None = None
        self.plate_dialog: PlateDialog | None = None
        self.new_dialog: NewViolationDialog | None = None
        self.editor: QWidget | None = None

        self.model = QueueTableModel(self.camera_name, type_label, self)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows can be selected for batch work (printing notices); triage keys still
        # move one case at a time.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.detail = DetailPane(self.camera_name, type_label)
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)

        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(self._build_pager())
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_actions())
        layout.addWidget(self.message)
        self._build_shortcuts()
        self.reload()

    # ------------------------------------------------------------------ building
    def _build_filters(self) -> QHBoxLayout:
        self.camera_filter = QComboBox()
        self.type_filter = QComboBox()
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("Open cases"), tuple(sorted(OPEN_STATES)))
        for state in S:
            self.state_filter.addItem(state_text(state), (state,))
        self.state_filter.addItem(self.tr("Every state"), ())
        self.plate_filter = QLineEdit()
        self.plate_filter.setPlaceholderText(self.tr("plate contains…"))
        self.plate_filter.returnPressed.connect(self.search)
        now = QDateTime.currentDateTime()
        self.since_enabled = QCheckBox(self.tr("From"))
        self.since = QDateTimeEdit(now.addDays(-1))
        self.until_enabled = QCheckBox(self.tr("to"))
        self.until = QDateTimeEdit(now)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        refresh = QPushButton(self.tr("Search"))
        refresh.clicked.connect(self.search)
        for combo in (self.camera_filter, self.type_filter, self.state_filter):
            combo.activated.connect(self.search)
        row = QHBoxLayout()
        for widget in (self.camera_filter, self.type_filter, self.state_filter,
                       self.plate_filter, self.since_enabled, self.since, self.until_enabled,
                       self.until, refresh):
            row.addWidget(widget)
        return row

    def _build_pager(self) -> QHBoxLayout:
        self.previous_page = QPushButton(self.tr("◀ Previous page"))
        self.previous_page.clicked.connect(lambda: self._turn_page(-1))
        self.next_page = QPushButton(self.tr("Next page ▶"))
        self.next_page.clicked.connect(lambda: self._turn_page(1))
        self.page_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.previous_page)
        row.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.next_page)
        return row

    def _build_actions(self) -> QHBoxLayout:
        def button(text: str, slot: Callable[[], object]) -> QPushButton:
            made = QPushButton(text)
            made.clicked.connect(lambda: slot())
            row.addWidget(made)
            return made

        row = QHBoxLayout()
        self.verify_button = button(self.tr("&Verify (V)"), lambda: self.decide(S.VERIFIED))
        self.approve_button = button(self.tr("&Approve (A)"), lambda: self.decide(S.APPROVED))
        self.reject_button = button(self.tr("&Reject… (R)"), self.reject)
        self.plate_button = button(self.tr("Correct &plate… (P)"), self.correct_plate)
        self.forward_button = button(self.tr("&Forward (F)"), lambda: self.decide(S.FORWARDED))
        self.editor_button = button(self.tr("&Evidence editor (E)"), self.open_evidence_editor)
        row.addStretch(1)
        self.new_button = button(self.tr("New violation from frame…"), self.ask_new_violation)
        self._show_role_buttons()
        return row

    def _show_role_buttons(self) -> None:
        # Hidden when the role lacks the right at all; the core refuses regardless.
        p = self._principal
        self.approve_button.setVisible(has_permission(p, Permission.APPROVE_VIOLATION))
        self.forward_button.setVisible(has_permission(p, Permission.FORWARD_VIOLATION))
        self.new_button.setVisible(has_permission(p, Permission.CREATE_VIOLATION))
        self.plate_button.setVisible(has_permission(p, Permission.CORRECT_PLATE))

    def selected_violation_ids(self) -> list[int]:
        """The violations of the selected rows, in list order (batch printing)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[row].id for row in rows if row < len(self.model.rows)]

    def set_principal(self, principal: Principal) -> None:
        """After an unlock (fresh rights) or a change of user: re-check buttons and list."""
        self._principal = principal
        self._show_role_buttons()
        self.reload()

    def _build_shortcuts(self) -> None:
        bindings: list[tuple[str, Callable[[], object]]] = [
            ("J", self.next_violation), ("Down", self.next_violation),
            ("K", self.previous_violation), ("Up", self.previous_violation),
            ("V", lambda: self.decide(S.VERIFIED)), ("A", lambda: self.decide(S.APPROVED)),
            ("R", self.reject), ("P", self.correct_plate),
            ("F", lambda: self.decide(S.FORWARDED)), ("E", self.open_evidence_editor)]
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda slot=slot: slot())

    # ------------------------------------------------------------------- loading
    def camera_name(self, camera_id: int) -> str:
        return self._cameras.get(camera_id) or self.tr("Camera #{id}").format(id=camera_id)

    def query(self) -> QueueQuery:
        camera = self.camera_filter.currentData()
        code = self.type_filter.currentData()
        return QueueQuery(
            camera_ids=(camera,) if camera is not None else (),
            type_codes=(code,) if code else (),
            states=tuple(self.state_filter.currentData() or ()),
            since=self._utc(self.since) if self.since_enabled.isChecked() else None,
            until=self._utc(self.until) if self.until_enabled.isChecked() else None,
            plate_contains=self.plate_filter.text(), offset=self._offset,
            limit=self._page_size)

    def search(self) -> None:
        self._offset = 0
        self.reload()

    def reload(self, keep_id: int | None = None) -> None:
        """Read the page again; keeps (or selects) the case ``keep_id`` when it is listed."""
        keep_id = keep_id if keep_id is not None else (self.current.id if self.current
                                                       else None)
        self._refresh_filter_choices()
        try:
            page = self._queue.page(self._principal, self.query())
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return
        self.total = page.total
        self.model.set_rows(page.items)
        self.table.resizeColumnsToContents()
        shown = f"{page.offset + 1}–{page.offset + len(page.items)}" if page.items else "0"
        self.page_label.setText(self.tr("{shown} of {total} violations").format(
            shown=shown, total=page.total))
        self.previous_page.setEnabled(page.has_previous)
        self.next_page.setEnabled(page.has_next)
        rows = [v.id for v in page.items]
        self.current = None
        if rows:
            self.select_row(rows.index(keep_id) if keep_id in rows else 0)
        else:
            self.detail.clear()
            self._update_buttons()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            if self.current is None or self.current.id != self.model.rows[row].id:
                self.open_violation(self.model.rows[row].id)

    def open_violation(self, violation_id: int) -> None:
        try:
            violation = self._violations.view(self._principal, violation_id)  # audited
            history = self._violations.history(self._principal, violation_id)
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return
        self.current = violation
        self.model.replace(violation)
        self.detail.show_violation(violation, history)
        self._update_buttons()

    def next_violation(self) -> None:
        self.select_row(self.table.currentIndex().row() + 1)

    def previous_violation(self) -> None:
        self.select_row(self.table.currentIndex().row() - 1)

    # ----------------------------------------------------------------- decisions
    def decide(self, target: ViolationState, reason: str | None = None) -> bool:
        seen = self.current
        if seen is None:
            self._show(self.tr("Select a violation first."), error=True)
            return False
        try:
            updated = self._violations.transition(self._principal, seen.id, seen.version,
                                                  target, reason)
        except ConcurrentDecisionError as exc:
            self._on_conflict(seen.id, exc)
            return False
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return False
        self._after_change(updated, self.tr("Violation #{id}: {state}.").format(
            id=updated.id, state=state_text(updated.state)))
        return True

    def reject(self, reason: str | None = None) -> None:
        """R: ask for the reason (common reasons offered), then reject."""
        if reason is not None:
            self.decide(S.REJECTED, reason)
            return
        if self.current is None:
            self._show(self.tr("Select a violation first."), error=True)
            return
        dialog = RejectDialog(self)
        dialog.accepted.connect(lambda: self.decide(S.REJECTED, dialog.reason_text()))
        self.reject_dialog = dialog
        dialog.open()

    def correct_plate(self, plate: str | None = None, reason: str | None = None) -> None:
        seen = self.current
        if seen is None:
            self._show(self.tr("Select a violation first."), error=True)
            return
        if plate is None:
            dialog = PlateDialog(seen.plate, self)
            dialog.accepted.connect(lambda: self.correct_plate(dialog.plate.text(),
                                                               dialog.reason.text()))
            self.plate_dialog = dialog
            dialog.open()
            return
        try:
            updated = self._violations.correct_plate(self._principal, seen.id, seen.version,
                                                     plate, reason)
        except ConcurrentDecisionError as exc:
            self._on_conflict(seen.id, exc)
            return
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return
        self._after_change(updated, self.tr("Plate of violation #{id} corrected to {plate}.")
                           .format(id=updated.id, plate=updated.plate), advance=False)

    def _after_change(self, updated: ViolationDTO, text: str, *, advance: bool = True) -> None:
        self.current = updated
        row = self.model.replace(updated)
        self.violation_changed.emit(updated)
        self._show(text)
        if advance and row is not None and row + 1 < self.model.rowCount():
            self.select_row(row + 1)  # triage goes on with the next case
        else:
            self.open_violation(updated.id)

    def _on_conflict(self, violation_id: int, exc: ConcurrentDecisionError) -> None:
        self.reload(keep_id=violation_id)
        self._show(self.tr("Someone else decided this case meanwhile ({who}, now '{state}'). "
                           "Your decision was not saved; the case has been reloaded: check "
                           "it and decide again.").format(
            who=exc.decided_by or self.tr("another user"), state=state_text(exc.state)),
            error=True)

    # ------------------------------------------------------------------- others
    def open_evidence_editor(self) -> None:
        picture = first_picture(self.current.evidence) if self.current else None
        if picture is None or self._annotations is None:
            self._show(self.tr("This case has no picture to annotate."), error=True)
            return
        from ui.review.evidence_editor import EvidenceEditor

        try:
            editor = EvidenceEditor(self._annotations, self._principal, picture.id, self)
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return
        self.editor = editor
        editor.open()

    def ask_new_violation(self) -> None:
        try:
            codes = self._queue.type_codes(self._principal)
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return
        dialog = NewViolationDialog(list(self._list_cameras()), codes, self._type_label, self)
        dialog.accepted.connect(lambda: self.create_violation(
            dialog.camera.currentData(), dialog.chosen_type(), dialog.plate.text(),
            dialog.chosen_file(),
            dialog.snapshot_id.value() if dialog.from_snapshot.isChecked() else None))
        self.new_dialog = dialog
        dialog.open()

    def create_violation(self, camera_id: int | None, type_code: str, plate: str,
                         picture: Path | None = None,
                         snapshot_id: int | None = None) -> ViolationDTO | None:
        try:
            if snapshot_id is not None:
                created = self._violations.create_from_snapshot(
                    self._principal, snapshot_id, type_code, plate or None)
            else:
                if picture is None or camera_id is None or self._evidence_dir is None:
                    raise ReviewError(self.tr("Choose the camera and the picture."))
                evidence = self._violations.evidence_file(self._evidence_dir, picture)
                created = self._violations.create_manual(
                    self._principal, int(camera_id), type_code, plate or None, [evidence])
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return None
        self._show(self.tr("Violation #{id} created.").format(id=created.id))
        self.reload(keep_id=created.id)
        return created

    # ------------------------------------------------------------------ helpers
    def _refresh_filter_choices(self) -> None:
        try:
            cameras = list(self._list_cameras())
            codes = self._queue.type_codes(self._principal)
        except _USER_ERRORS as exc:
            log.info("review queue filters: %s", exc)
            return
        self._cameras = {c.id: c.name for c in cameras}
        for combo, everything, items in (
                (self.camera_filter, self.tr("Every camera"),
                 [(c.name, c.id) for c in cameras]),
                (self.type_filter, self.tr("Every violation type"),
                 [(c if self._type_label(c) == c else f"{c} — {self._type_label(c)}", c)
                  for c in codes])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)

    def _turn_page(self, step: int) -> None:
        self._offset = max(0, self._offset + step * self._page_size)
        self.reload()

    def _update_buttons(self) -> None:
        allowed = (set(self._violations.allowed_targets(self._principal, self.current))
                   if self.current else set())
        self.verify_button.setEnabled(S.VERIFIED in allowed)
        self.approve_button.setEnabled(S.APPROVED in allowed)
        self.reject_button.setEnabled(S.REJECTED in allowed)
        self.forward_button.setEnabled(S.FORWARDED in allowed)
        self.plate_button.setEnabled(self.current is not None and self.current.state in (
            S.DETECTED, S.VERIFIED))
        self.editor_button.setEnabled(self.current is not None and self._annotations
                                      is not None)

    def _on_table_current_changed(self, current: object, _previous: object) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.rows) and (
                self.current is None or self.current.id != self.model.rows[row].id):
            self.open_violation(self.model.rows[row].id)

    def _show(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #ff7b72;" if error else "color: #7ee787;")
        self.message.setText(text)

    @staticmethod
    def _utc(edit: QDateTimeEdit) -> datetime:
        return edit.dateTime().toPython().astimezone(UTC)  # type: ignore[union-attr]
