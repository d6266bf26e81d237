"""Dock with the camera tree: sites and cameras, a filter box, activation and drag."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.cameras.camera_tree_model import (
    CAMERA_ID_ROLE,
    NODE_KIND_ROLE,
    CameraFilterProxy,
    CameraTreeModel,
)
from ui.context import CameraLike, SiteLike

log = logging.getLogger(__name__)


class CameraTreeDock(QDockWidget):
    """Sites as a tree with cameras as leaves.

    Double-click or Enter on a camera emits ``camera_activated(camera_id)``; dragging rows
    starts a drag with the camera ids as ``application/x-trucban-camera-ids`` (a site drags
    all of its cameras). The context menu asks for registry work by signal: edit one camera,
    change its login, bulk-edit the selected cameras, edit the sites.
    """

    camera_activated = Signal(int)
    edit_requested = Signal(int)
    change_credentials_requested = Signal(int)
    bulk_edit_requested = Signal(list)  # camera ids
    sites_edit_requested = Signal()

    def __init__(self, list_sites: Callable[[], Sequence[SiteLike]],
                 list_cameras: Callable[[], Sequence[CameraLike]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraTreeDock")
        self._list_sites = list_sites
        self._list_cameras = list_cameras

        self.model = CameraTreeModel(self)
        self.proxy = CameraFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("cameraFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)

        self.tree = QTreeView()
        self.tree.setObjectName("cameraTree")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(QSize(20, 20))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)

        self.message_label = QLabel()
        self.message_label.setObjectName("cameraTreeMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message_label)
        self.setWidget(body)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        self._load_failed = False
        self.retranslate_ui()
        self.refresh()

    @property
    def camera_count(self) -> int:
        return self.model.camera_count

    def refresh(self) -> None:
        """Reload sites and cameras; a failure is shown in the dock, never as a traceback."""
        try:
            sites = list(self._list_sites())
            cameras = list(self._list_cameras())
        except Exception:  # the data source is outside the shell: report, keep the old tree
            log.exception("Could not load the camera list")
            self._load_failed = True
            self._show_message()
            return
        self._load_failed = False
        self.model.populate(sites, cameras)
        self.tree.expandAll()
        self._show_message()

    def index_of_camera(self, camera_id: int) -> QModelIndex:
        """The view (proxy) index of a camera, or an invalid index when it is filtered out."""
        matches = self.proxy.match(self.proxy.index(0, 0), CAMERA_ID_ROLE, camera_id, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return matches[0] if matches else QModelIndex()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Cameras"))
        self.filter_edit.setPlaceholderText(self.tr("Filter cameras and sites…"))
        self.tree.setToolTip(self.tr("Double-click a camera to open it on the wall, "
                                     "or drag cameras onto a tile."))
        self._show_message()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refresh()  # item tooltips and the "without a site" group are translated
        super().changeEvent(event)

    def _show_message(self) -> None:
        if self._load_failed:
            text = self.tr("The camera list could not be loaded. Details are in the log.")
        elif self.model.camera_count == 0:
            text = self.tr("No cameras yet. Add cameras or search the network for them.")
        else:
            text = ""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self.tree.expandAll()

    def _on_tree_activated(self, index: QModelIndex) -> None:
        if index.data(NODE_KIND_ROLE) == "camera":
            self.camera_activated.emit(int(index.data(CAMERA_ID_ROLE)))

    def selected_camera_ids(self) -> list[int]:
        """Cameras selected directly (rows of cameras, not the cameras under a site)."""
        ids: list[int] = []
        for index in self.tree.selectionModel().selectedIndexes():
            if index.data(NODE_KIND_ROLE) == "camera":
                camera_id = int(index.data(CAMERA_ID_ROLE))
                if camera_id not in ids:
                    ids.append(camera_id)
        return ids

    def context_menu_for(self, index: QModelIndex) -> QMenu:
        """The menu shown for ``index`` (built apart from showing it, so it can be tested)."""
        menu = QMenu(self)
        selected = self.selected_camera_ids()
        if index.isValid() and index.data(NODE_KIND_ROLE) == "camera":
            camera_id = int(index.data(CAMERA_ID_ROLE))
            edit = menu.addAction(self.tr("Edit camera…"))
            edit.setObjectName("editCameraAction")
            edit.triggered.connect(lambda: self.edit_requested.emit(camera_id))
            login = menu.addAction(self.tr("Change login…"))
            login.setObjectName("changeLoginAction")
            login.triggered.connect(lambda: self.change_credentials_requested.emit(camera_id))
        if len(selected) > 1:
            bulk = menu.addAction(self.tr("Edit {count} selected cameras…").format(
                count=len(selected)))
            bulk.setObjectName("bulkEditAction")
            bulk.triggered.connect(lambda: self.bulk_edit_requested.emit(list(selected)))
        if not menu.isEmpty():
            menu.addSeparator()
        sites = menu.addAction(self.tr("Edit sites…"))
        sites.setObjectName("editSitesAction")
        sites.triggered.connect(self.sites_edit_requested.emit)
        return menu

    def _on_tree_context_menu_requested(self, position: QPoint) -> None:
        menu = self.context_menu_for(self.tree.indexAt(position))
        menu.exec(self.tree.viewport().mapToGlobal(position))
        menu.deleteLater()
