"""Find cameras by address (or by WS-Discovery where allowed) and add the chosen ones.

Probing and registering run off the GUI thread with progress and cancel; each row says what
was found at that address and, after "Add", what happened to it.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cameras.discovery_service import (
    AddressListError,
    DiscoveredDevice,
    DiscoveryProgress,
    DiscoveryReport,
    DiscoveryService,
    NetworkInterface,
    ProbeStatus,
    ProbeTarget,
    RegistrationOutcome,
    RegistrationRequest,
    parse_targets,
)
from app.security.permissions import PermissionDenied, Principal
from app.security.secrets import Credentials
from app.storage.dto import SiteDTO
from ui.bridge import FutureWatcher
from ui.cameras.discovery_rows import (
    COLUMNS,
    DeviceRowText,
    DiscoveryTargetTabs,
    RowLoginDialog,
)
from ui.cameras.site_editor import SiteChooser
from ui.widgets.worker_dialog import WorkerDialog

log = logging.getLogger(__name__)


class _StepWatcher(FutureWatcher):
    """FutureWatcher that also relays each step's result object (a found device, a
    registration outcome) to the GUI thread."""

    step = Signal(object)

    def post_step(self, value: object) -> None:
        try:
            self.step.emit(value)
        except RuntimeError:
            log.debug("step after the watcher was deleted")


class DiscoveryDialog(WorkerDialog):
    """Emits ``cameras_added(list[int])`` with the ids of cameras added or refreshed."""

    cameras_added = Signal(list)

    def __init__(self, service: DiscoveryService, sites: Sequence[SiteDTO], *,
                 actor: Principal | None = None,
                 interfaces: Sequence[NetworkInterface] | None = None,
                 checked_interfaces: Sequence[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("discovery", parent)
        self.setObjectName("discoveryDialog")
        self.setWindowTitle(self.tr("Discover cameras"))
        self._service = service
        self._actor = actor
        self._running = False
        self.devices: list[DiscoveredDevice] = []
        self.row_credentials: dict[str, Credentials] = {}
        self.outcomes: dict[str, RegistrationOutcome] = {}
        self.last_report: DiscoveryReport | None = None
        self.error_text = ""
        self._texts = DeviceRowText(self)

        self.tabs = DiscoveryTargetTabs(interfaces, checked_interfaces)
        self.address_edit = self.tabs.address_edit
        self.port_spin = self.tabs.port_spin

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("discoveryUsername")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("discoveryPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        login = QGroupBox(self.tr("Camera login (used to read each camera and to add it)"))
        login_form = QFormLayout(login)
        login_form.addRow(self.tr("User name:"), self.username_edit)
        login_form.addRow(self.tr("Password:"), self.password_edit)

        self.start_button = QPushButton(self.tr("Probe"))
        self.start_button.setObjectName("probeButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_probe)
        self.cancel_button = QPushButton(self.tr("Stop"))
        self.cancel_button.setObjectName("stopButton")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("discoveryProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label = QLabel()
        self.status_label.setObjectName("discoveryStatus")
        self.status_label.setWordWrap(True)
        run_row = QHBoxLayout()
        run_row.addWidget(self.start_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("discoveryResults")
        self.table.setHorizontalHeaderLabels(self._texts.headers())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.site_chooser = SiteChooser()
        self.site_chooser.load(sites)
        self.purpose = QComboBox()
        self.purpose.addItem(self.tr("Traffic"), "traffic")
        self.purpose.addItem(self.tr("Security"), "security")
        self.row_login_button = QPushButton(self.tr("Login for selected rows…"))
        self.row_login_button.clicked.connect(self._on_row_login_button_clicked)
        self.add_button = QPushButton(self.tr("Add checked cameras"))
        self.add_button.setObjectName("addButton")
        self.add_button.clicked.connect(self.add_checked)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(self.tr("Site:")))
        add_row.addWidget(self.site_chooser, 1)
        add_row.addWidget(QLabel(self.tr("Purpose:")))
        add_row.addWidget(self.purpose)
        add_row.addWidget(self.row_login_button)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(self.tabs, 3)
        top.addWidget(login, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(run_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        self.resize(1100, 640)
        self._update_buttons()

    def credentials(self) -> Credentials | None:
        username = self.username_edit.text().strip()
        return Credentials(username, self.password_edit.text()) if username else None

    @property
    def running(self) -> bool:
        return self._running

    # -------------------------------------------------------------------- probing
    def start_probe(self) -> None:
        if self._running:
            return
        self.error_text = ""
        credentials = self.credentials()
        cancel = self._cancel = threading.Event()
        watcher = self._new_watcher()
        watcher.step.connect(self._on_probe_step)
        watcher.finished.connect(self._on_probe_finished)
        if self.tabs.currentIndex() == 0:
            try:
                targets = self._service_targets()
            except AddressListError as exc:
                self._show_error(self.tr("The address list is not valid: {reason}").format(
                    reason=str(exc)))
                return
            self.progress.setRange(0, len(targets))
            future = self._executor.submit(self._service.probe_addresses, targets,
                                           credentials, cancel=cancel,
                                           progress=watcher.post_step)
            self.status_label.setText(self.tr("Probing {count} addresses…").format(
                count=len(targets)))
        else:
            interfaces = self.tabs.checked_interfaces()
            if not interfaces:
                self._show_error(self.tr("Check at least one network interface."))
                return
            self.progress.setRange(0, 0)  # unknown until the devices have answered
            future = self._executor.submit(self._service.search, interfaces, credentials,
                                           cancel=cancel, progress=watcher.post_step)
            self.status_label.setText(self.tr("Searching the network…"))
        self.devices = []
        self.outcomes = {}
        self.table.setRowCount(0)
        self._set_running(True)
        watcher.watch(future)  # type: ignore[arg-type]

    def _service_targets(self) -> list[ProbeTarget]:
        return parse_targets(self.address_edit.toPlainText(), self.port_spin.value())

    def checked_interfaces(self) -> list[str]:
        return self.tabs.checked_interfaces()

    def cancel(self) -> None:
        """Stop after the probes already under way (they end within the time-out)."""
        if self._running:
            self._cancel.set()
            self.status_label.setText(self.tr("Stopping…"))

    def _on_probe_step(self, step: object) -> None:
        assert isinstance(step, DiscoveryProgress)
        if self.progress.maximum() != step.total:
            self.progress.setRange(0, step.total)
        self.progress.setValue(step.done)
        if step.device is not None:
            self._add_row(step.device)

    def _on_probe_finished(self, report: object) -> None:
        assert isinstance(report, DiscoveryReport)
        self.last_report = report
        # The report is authoritative (ordered as typed); rows that streamed in are rebuilt.
        self.devices = []
        self.table.setRowCount(0)
        for device in report.devices:
            self._add_row(device)
        self._set_running(False)
        onvif = len(report.onvif_devices)
        if report.cancelled:
            text = self.tr("Stopped: {done} of {total} addresses probed, {onvif} ONVIF "
                           "devices.").format(done=len(report.devices), total=report.total,
                                              onvif=onvif)
        elif report.total == 0:
            text = self.tr("No device answered.")
        else:
            text = self.tr("{total} addresses probed: {onvif} ONVIF devices.").format(
                total=report.total, onvif=onvif)
        self.status_label.setText(text)

    def _on_job_failed(self, exc: object) -> None:
        self._set_running(False)
        if isinstance(exc, PermissionDenied):
            self._show_error(exc.user_message)
            return
        log.error("camera discovery failed", exc_info=exc)  # type: ignore[arg-type]
        self._show_error(self.tr("The search failed. Details are in the log."))

    # ---------------------------------------------------------------------- rows
    def _add_row(self, device: DiscoveredDevice) -> None:
        row = len(self.devices)
        self.devices.append(device)
        self.table.insertRow(row)
        for column, text in enumerate(self._texts.cells(device)):
            item = QTableWidgetItem(text)
            if column == 0:
                if device.is_onvif:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    wanted = device.status != ProbeStatus.WRONG_CREDENTIALS \
                        and not device.registered
                    item.setCheckState(Qt.CheckState.Checked if wanted
                                       else Qt.CheckState.Unchecked)
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            if column == 1:
                item.setToolTip(device.message)
            self.table.setItem(row, column, item)
        self._update_buttons()

    def _refresh_row(self, row: int) -> None:
        device = self.devices[row]
        texts = self._texts.cells(device, self.row_credentials.get(device.address),
                                  self.outcomes.get(device.address))
        for column, text in enumerate(texts):
            item = self.table.item(row, column)
            if item is not None:
                item.setText(text)

    def checked_rows(self) -> list[int]:
        return [row for row in range(self.table.rowCount())
                if (item := self.table.item(row, 0)) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def set_row_checked(self, row: int, checked: bool) -> None:
        item = self.table.item(row, 0)
        if item is not None and self.devices[row].is_onvif:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_row_credentials(self, rows: Sequence[int], credentials: Credentials) -> None:
        for row in rows:
            self.row_credentials[self.devices[row].address] = credentials
            self._refresh_row(row)

    def _on_row_login_button_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            self.status_label.setText(self.tr("Select the rows that use another login."))
            return
        dialog = RowLoginDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.credentials() is not None:
            self.set_row_credentials(rows, dialog.credentials())  # type: ignore[arg-type]

    # ------------------------------------------------------------------- adding
    def add_checked(self) -> None:
        if self._running:
            return
        shared = self.credentials()
        requests: list[RegistrationRequest] = []
        missing: list[str] = []
        for row in self.checked_rows():
            device = self.devices[row]
            credentials = self.row_credentials.get(device.address) or shared
            if credentials is None:
                missing.append(device.address)
                continue
            requests.append(RegistrationRequest(
                device.host, device.port, credentials, name=device.name or None,
                site_id=self.site_chooser.site_id(), purpose=str(self.purpose.currentData())))
        if missing:
            self._show_error(self.tr("Enter a user name and password for: {addresses}").format(
                addresses=", ".join(missing)))
            return
        if not requests:
            self._show_error(self.tr("Check the cameras to add."))
            return
        cancel = self._cancel = threading.Event()
        watcher = self._new_watcher()
        watcher.step.connect(self._on_add_step)
        watcher.finished.connect(self._on_add_finished)
        self.progress.setRange(0, len(requests))
        self.progress.setValue(0)
        self.status_label.setText(self.tr("Adding {count} cameras…").format(
            count=len(requests)))
        self._set_running(True)
        watcher.watch(self._executor.submit(
            self._service.register, self._actor, requests, cancel=cancel,
            progress=lambda done, total, outcome: watcher.post_step((done, outcome))))

    def _on_add_step(self, step: object) -> None:
        done, outcome = step  # type: ignore[misc]
        self.progress.setValue(done)
        self._record_outcome(outcome)

    def _record_outcome(self, outcome: RegistrationOutcome) -> None:
        self.outcomes[outcome.address] = outcome
        for row, device in enumerate(self.devices):
            if device.address == outcome.address:
                if outcome.ok and outcome.camera_id is not None:
                    self.devices[row] = replace(device, registered_camera_id=outcome.camera_id,
                                                registered_name=outcome.camera_name)
                    self.set_row_checked(row, False)
                self._refresh_row(row)

    def _on_add_finished(self, outcomes: object) -> None:
        self._set_running(False)
        results = list(outcomes)  # type: ignore[call-overload]
        for outcome in results:
            self._record_outcome(outcome)
        added = [o.camera_id for o in results if o.ok and o.camera_id is not None]
        failed = len(results) - len(added)
        text = self.tr("{added} cameras added.").format(added=len(added))
        if failed:
            text += " " + self.tr("{failed} not added: see the Result column.").format(
                failed=failed)
        self.status_label.setText(text)
        if added:
            self.cameras_added.emit(added)

    # ------------------------------------------------------------------- helpers
    def _new_watcher(self) -> _StepWatcher:
        watcher = _StepWatcher(self)
        watcher.failed.connect(self._on_job_failed)
        return watcher

    def _set_running(self, running: bool) -> None:
        self._running = running
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(not self._running)
        self.cancel_button.setEnabled(self._running)
        self.add_button.setEnabled(not self._running and any(d.is_onvif for d in self.devices))
        self.tabs.setEnabled(not self._running)

    def _show_error(self, text: str) -> None:
        self.error_text = text
        self.status_label.setText(text)
