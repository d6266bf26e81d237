"""Dock with the camera tree: sites and cameras, a filter box, activation and drag."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QLineEdit,
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
    all of its cameras).
    """

    camera_activated = Signal(int)

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
