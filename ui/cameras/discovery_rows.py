"""How a discovered device reads in the results table, and the per-row login dialog."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cameras.discovery_service import (
    DiscoveredDevice,
    NetworkInterface,
    ProbeStatus,
    RegistrationOutcome,
    list_interfaces,
)
from app.security.secrets import Credentials

log = logging.getLogger(__name__)

COLUMNS = ("address", "status", "registered", "result", "login", "manufacturer", "model",
           "firmware", "serial", "mac", "addresses")


class DeviceRowText(QObject):
    """Translated texts of the results table (a QObject so that tr() has a context)."""

    def headers(self) -> list[str]:
        return [self.tr("Address"), self.tr("Found"), self.tr("Registered as"),
                self.tr("Result"), self.tr("Login"), self.tr("Manufacturer"), self.tr("Model"),
                self.tr("Firmware"), self.tr("Serial number"), self.tr("MAC"),
                self.tr("Device addresses")]

    def status(self, device: DiscoveredDevice) -> str:
        texts = {
            ProbeStatus.FOUND: self.tr("ONVIF camera"),
            ProbeStatus.AUTH_REQUIRED: self.tr("ONVIF camera — needs user name and password"),
            ProbeStatus.WRONG_CREDENTIALS: self.tr("ONVIF camera — wrong user name or "
                                                   "password"),
            ProbeStatus.REFUSED: self.tr("Connection refused (nothing listens on this port)"),
            ProbeStatus.UNREACHABLE: self.tr("Cannot reach this address"),
            ProbeStatus.TIMEOUT: self.tr("No answer in time"),
            ProbeStatus.NOT_ONVIF: self.tr("Answers, but is not an ONVIF device"),
            ProbeStatus.MALFORMED: self.tr("Broken answer (not valid ONVIF/SOAP)"),
        }
        return texts.get(device.status, device.message)

    def result(self, outcome: RegistrationOutcome | None) -> str:
        if outcome is None:
            return ""
        if outcome.ok:
            return self.tr("Added")
        if outcome.auth_failed:
            return self.tr("Not added: the camera refused the user name or password")
        return self.tr("Not added: {reason}").format(reason=outcome.message)

    def cells(self, device: DiscoveredDevice, row_login: Credentials | None = None,
              outcome: RegistrationOutcome | None = None) -> list[str]:
        registered = device.registered_name if device.registered else ""
        if device.registered and not registered:
            registered = self.tr("yes")
        login = (self.tr("{user} (this row)").format(user=row_login.username)
                 if row_login is not None else "")
        name = f"{device.address}  ({device.name})" if device.name else device.address
        return [name, self.status(device), registered, self.result(outcome), login,
                device.manufacturer, device.model, device.firmware, device.serial, device.mac,
                ", ".join(device.addresses)]


class RowLoginDialog(QDialog):
    """Asks for a user name and password for the selected rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Login for the selected cameras"))
        self.username_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def credentials(self) -> Credentials | None:
        username = self.username_edit.text().strip()
        return Credentials(username, self.password_edit.text()) if username else None


class DiscoveryTargetTabs(QTabWidget):
    """Where to look: typed addresses, or WS-Discovery out of chosen interfaces."""

    def __init__(self, interfaces: Sequence[NetworkInterface] | None,
                 checked: Sequence[str] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addTab(self._address_tab(), self.tr("By address"))
        self.addTab(self._search_tab(interfaces, checked), self.tr("Search the network"))

    def _address_tab(self) -> QWidget:
        page = QWidget()
        self.address_edit = QPlainTextEdit()
        self.address_edit.setObjectName("addressEdit")
        self.address_edit.setPlaceholderText(self.tr(
            "One or more addresses, e.g. 10.0.0.5, 10.0.0.5:8080, 10.0.0.5:8000-8010, "
            "10.0.0.1-10.0.0.40"))
        self.address_edit.setMaximumHeight(70)
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("defaultPort")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(80)
        self.port_spin.setMaximumWidth(110)
        form = QFormLayout(page)
        form.addRow(self.tr("Addresses:"), self.address_edit)
        form.addRow(self.tr("Port when none is given:"), self.port_spin)
        return page

    def _search_tab(self, interfaces: Sequence[NetworkInterface] | None,
                    checked: Sequence[str] | None) -> QWidget:
        page = QWidget()
        self.interface_list = QListWidget()
        self.interface_list.setObjectName("interfaceList")
        self.interface_list.setMaximumHeight(90)
        try:
            found = list(interfaces) if interfaces is not None else list_interfaces()
        except OSError as exc:
            log.warning("cannot list network interfaces: %s", exc)
            found = []
        for interface in found:
            item = QListWidgetItem(f"{interface.name} — {interface.address}")
            item.setData(Qt.ItemDataRole.UserRole, interface.address)
            on = (interface.address in checked) if checked is not None \
                else not interface.is_loopback
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.interface_list.addItem(item)
        note = QLabel(self.tr("Sends a WS-Discovery probe (multicast) out of the checked "
                              "interfaces. Where scanning is not allowed, add cameras by "
                              "address instead."))
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.interface_list)
        layout.addWidget(note)
        return page

    def checked_interfaces(self) -> list[str]:
        return [str(self.interface_list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.interface_list.count())
                if self.interface_list.item(i).checkState() == Qt.CheckState.Checked]

