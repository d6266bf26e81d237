"""The site tree editor (province → commune/ward → location) and the site chooser that the
camera dialogs share."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cameras.inventory_csv import site_paths
from app.cameras.registration import CameraRegistrar
from app.security.permissions import PermissionDenied, Principal
from app.storage.dto import SiteDTO
from app.storage.errors import StorageError

log = logging.getLogger(__name__)

NO_SITE = -1
KEEP = -2  # "leave as it is" in bulk edits


class SiteChooser(QComboBox):
    """A combo box of site paths ("Province/Commune/Location"); data is the site id, or
    NO_SITE (and KEEP when ``with_keep``)."""

    def __init__(self, parent: QWidget | None = None, *, with_keep: bool = False) -> None:
        super().__init__(parent)
        self._with_keep = with_keep
        self.setObjectName("siteChooser")
        self.setMinimumContentsLength(28)

    def load(self, sites: Sequence[SiteDTO], selected: int | None = None) -> None:
        current = self.site_id() if selected is None and self.count() else selected
        self.clear()
        if self._with_keep:
            self.addItem(self.tr("(leave unchanged)"), KEEP)
        self.addItem(self.tr("(no site)"), NO_SITE)
        for site_id, path in sorted(site_paths(sites).items(), key=lambda item: item[1]):
            self.addItem(path, site_id)
        wanted = KEEP if self._with_keep and current is None else (
            NO_SITE if current is None else current)
        position = self.findData(wanted)
        self.setCurrentIndex(max(position, 0))

    def site_id(self) -> int | None:
        """The chosen site id; None for "no site" (and for "unchanged": see is_keep())."""
        value = self.currentData()
        return None if value in (NO_SITE, KEEP, None) else int(value)

    def is_keep(self) -> bool:
        return self.currentData() == KEEP


class SiteEditorDialog(QDialog):
    """Create, rename and delete sites. Every change goes through CameraRegistrar, which
    checks the right to manage cameras and records the change."""

    def __init__(self, registrar: CameraRegistrar, *, actor: Principal | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteEditorDialog")
        self.setWindowTitle(self.tr("Sites"))
        self._registrar = registrar
        self._actor = actor
        self.changed = False

        self.tree = QTreeWidget()
        self.tree.setObjectName("siteTree")
        self.tree.setHeaderLabels([self.tr("Site"), self.tr("Kind")])
        self.tree.setColumnWidth(0, 320)
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self.add_province_button = QPushButton(self.tr("Add province…"))
        self.add_child_button = QPushButton(self.tr("Add under selected…"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.add_province_button.clicked.connect(self._on_add_province_clicked)
        self.add_child_button.clicked.connect(self._on_add_child_clicked)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)

        self.message = QLabel()
        self.message.setObjectName("siteEditorMessage")
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.add_province_button, self.add_child_button, self.rename_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(560, 480)
        self.reload()

    def _kind_label(self, kind: str) -> str:
        return {"province": self.tr("Province / city"), "commune": self.tr("Commune / ward"),
                "location": self.tr("Location")}.get(kind, kind)

    def reload(self, select: int | None = None) -> None:
        try:
            sites = self._registrar.sites.list_sites()
        except StorageError as exc:
            self.message.setText(str(exc))
            return
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        pending = list(sites)
        # Parents first; a site whose parent is missing (damaged data) goes to the top.
        for _round in range(len(pending) + 1):
            left = []
            for site in pending:
                parent = items.get(site.parent_id) if site.parent_id is not None else None
                if site.parent_id is not None and parent is None and _round < len(sites):
                    left.append(site)
                    continue
                item = QTreeWidgetItem([site.name, self._kind_label(site.kind)])
                item.setData(0, Qt.ItemDataRole.UserRole, site.id)
                (parent.addChild(item) if parent is not None
                 else self.tree.addTopLevelItem(item))
                items[site.id] = item
            if not left:
                break
            pending = left
        self.tree.expandAll()
        if select is not None and select in items:
            self.tree.setCurrentItem(items[select])
        self._update_buttons()

    def selected_site_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        has = self.selected_site_id() is not None
        for button in (self.add_child_button, self.rename_button, self.delete_button):
            button.setEnabled(has)

    # The actions (callable from tests with a name instead of the input dialog) --------------
    def add_site(self, name: str, parent_id: int | None) -> SiteDTO | None:
        return self._run(lambda: self._registrar.add_site(self._actor, name, parent_id))

    def rename_site(self, site_id: int, name: str) -> SiteDTO | None:
        return self._run(lambda: self._registrar.rename_site(self._actor, site_id, name))

    def delete_site(self, site_id: int) -> bool:
        def delete() -> SiteDTO | None:
            self._registrar.delete_site(self._actor, site_id)
            return None
        self._run(delete)
        return not self.message.text()

    def _run(self, action: object) -> SiteDTO | None:
        self.message.clear()
        try:
            site = action()  # type: ignore[operator]
        except PermissionDenied as exc:
            self.message.setText(exc.user_message)
            return None
        except (StorageError, ValueError) as exc:
            self.message.setText(str(exc))
            return None
        self.changed = True
        self.reload(select=site.id if site is not None else None)
        return site

    def _ask_name(self, title: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, self.tr("Name:"), text=text)
        return name if ok and name.strip() else None

    def _on_add_province_clicked(self) -> None:
        name = self._ask_name(self.tr("Add province"))
        if name:
            self.add_site(name, None)

    def _on_add_child_clicked(self) -> None:
        parent_id = self.selected_site_id()
        name = self._ask_name(self.tr("Add site"))
        if name and parent_id is not None:
            self.add_site(name, parent_id)

    def _on_rename_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        name = self._ask_name(self.tr("Rename site"), item.text(0))
        if name:
            self.rename_site(int(item.data(0, Qt.ItemDataRole.UserRole)), name)

    def _on_delete_clicked(self) -> None:
        site_id = self.selected_site_id()
        if site_id is not None:
            self.delete_site(site_id)
