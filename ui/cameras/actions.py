"""The Cameras menu and the camera tree's context actions: discovery, CSV, editing, logins,
bulk edit and sites. Each action builds a fresh dialog (a closed dialog stops its background
threads and is not reused) and refreshes the tree when something changed."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.cameras.discovery_service import DiscoveryService
from app.cameras.inventory_csv import CameraInventory
from app.cameras.registration import CameraAdminPolicy, CameraRegistrar
from app.security.permissions import Principal
from app.storage.dto import SiteDTO
from ui.cameras.bulk_edit import BulkEditDialog
from ui.cameras.camera_editor import CameraEditorDialog
from ui.cameras.camera_tree import CameraTreeDock
from ui.cameras.credentials_dialog import ChangeCredentialsDialog
from ui.cameras.csv_dialog import CameraCsvDialog
from ui.cameras.discovery_dialog import DiscoveryDialog
from ui.cameras.site_editor import SiteEditorDialog


class CameraActions(QObject):
    def __init__(self, registrar: CameraRegistrar, policy: CameraAdminPolicy,
                 discovery: DiscoveryService, inventory: CameraInventory,
                 list_sites: Callable[[], Sequence[SiteDTO]],
                 principal: Callable[[], Principal | None], refresh: Callable[[], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._registrar, self._policy = registrar, policy
        self._discovery, self._inventory = discovery, inventory
        self._list_sites, self._principal, self._refresh = list_sites, principal, refresh
        self._parent = parent
        self.discover_action = QAction(self)
        self.csv_action = QAction(self)
        self.sites_action = QAction(self)
        self.discover_action.triggered.connect(self.open_discovery)
        self.csv_action.triggered.connect(self.open_csv)
        self.sites_action.triggered.connect(self.edit_sites)

    def attach(self, menu: QMenu, tree: CameraTreeDock) -> None:
        for action in (self.discover_action, self.csv_action, self.sites_action):
            menu.addAction(action)
        tree.edit_requested.connect(self.edit_camera)
        tree.change_credentials_requested.connect(self.change_login)
        tree.bulk_edit_requested.connect(self.bulk_edit)
        tree.sites_edit_requested.connect(self.edit_sites)

    def retranslate(self) -> None:
        self.discover_action.setText(self.tr("&Discover cameras…"))
        self.csv_action.setText(self.tr("Import/Export &CSV…"))
        self.sites_action.setText(self.tr("&Sites…"))

    def _refresh_after(self, *_: object) -> None:
        self._refresh()

    def open_discovery(self) -> DiscoveryDialog:
        dialog = DiscoveryDialog(self._discovery, self._list_sites(), actor=self._principal(),
                                 parent=self._parent)
        dialog.cameras_added.connect(self._refresh_after)
        dialog.open()
        return dialog

    def open_csv(self) -> CameraCsvDialog:
        dialog = CameraCsvDialog(self._inventory, self._policy, actor=self._principal(),
                                 parent=self._parent)
        dialog.cameras_imported.connect(self._refresh_after)
        dialog.open()
        return dialog

    def edit_camera(self, camera_id: int) -> CameraEditorDialog:
        dialog = CameraEditorDialog(self._registrar, camera_id, actor=self._principal(),
                                    parent=self._parent)
        dialog.camera_saved.connect(self._refresh_after)
        dialog.open()
        return dialog

    def change_login(self, camera_id: int) -> ChangeCredentialsDialog:
        dialog = ChangeCredentialsDialog(self._registrar, camera_id, actor=self._principal(),
                                         parent=self._parent)
        dialog.open()
        return dialog

    def bulk_edit(self, camera_ids: list[int]) -> BulkEditDialog:
        dialog = BulkEditDialog(self._registrar, camera_ids, actor=self._principal(),
                                parent=self._parent)
        dialog.cameras_updated.connect(self._refresh_after)
        dialog.open()
        return dialog

    def edit_sites(self) -> SiteEditorDialog:
        dialog = SiteEditorDialog(self._registrar, actor=self._principal(), parent=self._parent)
        dialog.finished.connect(self._refresh_after)
        dialog.open()
        return dialog
