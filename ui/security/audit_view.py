"""The audit view: filtered, paged entries of the trail and a background chain check.

Reading needs view_audit (AuditTrail.query checks it). Verifying walks the whole chain, which
can take a while on a large trail, so it runs on a worker thread and reports through
FutureWatcher; the first broken link is named in the result line.
"""
from __future__ import annotations

import json
import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.security.audit import AuditPage, AuditQuery, AuditTrail, VerifyResult
from app.security.permissions import PermissionDenied, Principal
from app.storage.errors import StorageError
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)

PAGE_SIZE = 100
# Families of actions (prefixes of AuditAction values) offered in the action filter.
ACTION_PREFIXES = ("login.", "user.", "role.", "setting.", "violation.", "evidence.",
                   "notice.")


def _to_utc(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().astimezone(UTC)  # type: ignore[union-attr]


class AuditView(QWidget):
    def __init__(self, audit: AuditTrail, principal: Principal, *,
                 executor: Executor | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.setWindowTitle(self.tr("Audit trail"))
        self._audit = audit
        self._principal = principal
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="audit-verify")
        self._offset = 0
        self.page: AuditPage | None = None
        self.last_verify: VerifyResult | None = None

        self.user_filter = QComboBox()
        self.user_filter.addItem(self.tr("Every user"), None)
        self.action_filter = QComboBox()
        self.action_filter.addItem(self.tr("Every action"), None)
        for prefix in ACTION_PREFIXES:
            self.action_filter.addItem(prefix + "*", prefix)
        self.object_filter = QLineEdit()
        self.object_filter.setPlaceholderText(self.tr("object, e.g. violation 12"))
        now = QDateTime.currentDateTime()
        self.since_enabled = QCheckBox(self.tr("From"))
        self.since = QDateTimeEdit(now.addDays(-7))
        self.until_enabled = QCheckBox(self.tr("to"))
        self.until = QDateTimeEdit(now)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        filters = QHBoxLayout()
        for widget in (self.user_filter, self.action_filter, self.object_filter,
                       self.since_enabled, self.since, self.until_enabled, self.until,
                       self.search_button):
            filters.addWidget(widget)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("Action"),
            self.tr("Object"), self.tr("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()

        self.previous_button = QPushButton(self.tr("◀ Newer"))
        self.previous_button.clicked.connect(lambda: self._go(-PAGE_SIZE))
        self.next_button = QPushButton(self.tr("Older ▶"))
        self.next_button.clicked.connect(lambda: self._go(PAGE_SIZE))
        self.page_label = QLabel()
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.clicked.connect(self.verify_chain)
        self.verify_label = QLabel()
        self.verify_label.setWordWrap(True)
        pager = QHBoxLayout()
        pager.addWidget(self.previous_button)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_button)
        pager.addSpacing(24)
        pager.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(pager)
        layout.addWidget(self.verify_label)
        self._watcher: FutureWatcher | None = None
        self._load_users()
        self.search()

    # -------------------------------------------------------------------- query
    def filters(self) -> AuditQuery:
        object_type, object_id = None, None
        words = self.object_filter.text().split()
        if words:
            object_type = words[0]
            object_id = words[1] if len(words) > 1 else None
        return AuditQuery(
            user_id=self.user_filter.currentData(),
            action_prefix=self.action_filter.currentData(),
            object_type=object_type, object_id=object_id,
            since=_to_utc(self.since) if self.since_enabled.isChecked() else None,
            until=_to_utc(self.until) if self.until_enabled.isChecked() else None,
            offset=self._offset, limit=PAGE_SIZE)

    def search(self) -> None:
        self._offset = 0
        self.refresh()

    def refresh(self) -> None:
        try:
            page = self._audit.query(self._principal, self.filters())
        except (PermissionDenied, StorageError, ValueError) as exc:
            self.page_label.setText(str(exc))
            return
        self.page = page
        self.table.setRowCount(len(page.records))
        for row, record in enumerate(page.records):
            who = record.display_name or record.username or self.tr("(system)")
            obj = f"{record.object_type} {record.object_id or ''}".strip()
            details = json.dumps(dict(record.details), ensure_ascii=False, sort_keys=True)
            values = [str(record.seq), f"{record.time.astimezone():%d/%m/%Y %H:%M:%S}", who,
                      record.action, obj, details]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        first = page.offset + 1 if page.records else 0
        self.page_label.setText(self.tr("Entries {first}–{last} of {total}").format(
            first=first, last=page.offset + len(page.records), total=page.total))
        self.previous_button.setEnabled(page.offset > 0)
        self.next_button.setEnabled(page.offset + len(page.records) < page.total)

    def _go(self, delta: int) -> None:
        self._offset = max(0, self._offset + delta)
        self.refresh()

    def _load_users(self) -> None:
        try:
            for user_id, username, display in self._audit.known_users(self._principal):
                self.user_filter.addItem(f"{display} ({username})" if display else username,
                                         user_id)
        except (PermissionDenied, StorageError) as exc:
            log.info("audit view: user list unavailable: %s", exc)

    # ------------------------------------------------------------------- verify
    def verify_chain(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_label.setStyleSheet("")
        self.verify_label.setText(self.tr("Checking every entry of the chain…"))
        self._watcher = FutureWatcher(self)
        self._watcher.finished.connect(self._on_verify_finished)
        self._watcher.failed.connect(self._on_verify_failed)
        self._watcher.watch(self._executor.submit(self._audit.verify))

    def _on_verify_finished(self, result: object) -> None:
        assert isinstance(result, VerifyResult)
        self.last_verify = result
        self.verify_button.setEnabled(True)
        if result.ok:
            self.verify_label.setStyleSheet("color: #7ee787;")
            self.verify_label.setText(self.tr(
                "The chain is intact: {n} entries checked (last hash {head}…).").format(
                n=result.checked, head=result.head_hash[:16]))
        else:
            self.verify_label.setStyleSheet("color: #ff7b72;")
            self.verify_label.setText(self.tr(
                "The chain is BROKEN at entry #{seq}: {reason}. The {n} entries before it are "
                "intact.").format(seq=result.first_broken_seq, reason=result.reason,
                                  n=result.checked))

    def _on_verify_failed(self, exc: object) -> None:
        self.verify_button.setEnabled(True)
        self.verify_label.setStyleSheet("color: #ff7b72;")
        self.verify_label.setText(self.tr("The chain could not be checked: {error}").format(
            error=str(exc)))

    def shutdown(self) -> None:
        """Wait for a running check and stop the worker (call before closing)."""
        if self._own_executor:
            self._executor.shutdown(wait=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
