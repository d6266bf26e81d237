"""The Analytics menu and dock: scene editor, models, the analysis views, switching analysis
on a camera (for the tile menu), and restoring the analysed cameras at start-up."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QWidget

from app.analytics.service import AnalyticsService
from app.security.permissions import Principal
from app.storage.dto import CameraDTO
from ui.analytics.analysis_dock import AnalysisDock, toggle_analysis
from ui.analytics.models_page import ModelsDialog
from ui.analytics.scene_editor import SceneEditor
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)


class AnalyticsActions(QObject):
    def __init__(self, service: AnalyticsService, list_cameras: Callable[[], Sequence[CameraDTO]],
                 principal: Callable[[], Principal | None], parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self._list_cameras = list_cameras
        self._principal = principal
        self._parent = parent
        self.dock = AnalysisDock(service, parent, camera_name=self._camera_name)
        self.scene_action = QAction(self)
        self.models_action = QAction(self)
        self.scene_action.triggered.connect(lambda: self.open_scene_editor())
        self.models_action.triggered.connect(lambda: self.open_models())
        self._watcher = FutureWatcher(self)
        self._watcher.finished.connect(self._on_restored)
        self._watcher.failed.connect(lambda exc: log.error("analysis not restored: %s", exc))

    def attach(self, window: QMainWindow, menu: QMenu) -> None:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.setVisible(bool(self.service.enabled_cameras()))
        self._window = window
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        menu.addAction(self.scene_action)
        menu.addAction(self.models_action)
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        # An analysed picture the size of a thumbnail is of no use: give the dock a third of
        # the window when it opens narrow (the user's own width is kept otherwise).
        window = getattr(self, "_window", None)
        if visible and window is not None and not self.dock.isFloating() \
                and self.dock.width() < 400:
            window.resizeDocks([self.dock], [max(480, window.width() // 3)],
                               Qt.Orientation.Horizontal)

    def retranslate(self) -> None:
        self.scene_action.setText(self.tr("&Scene editor…"))
        self.models_action.setText(self.tr("&Models…"))
        self.dock.setWindowTitle(self.tr("Analysis"))

    # For the tile menu -------------------------------------------------------------------------
    def is_analysed(self, camera_id: int) -> bool:
        return self.service.is_enabled(camera_id)

    def toggle_camera(self, camera_id: int) -> Future[Any] | None:
        camera = self._camera(camera_id)
        if camera is None:
            return None
        return toggle_analysis(self.service, camera, self._parent, self.dock)

    # Dialogs -----------------------------------------------------------------------------------
    def open_scene_editor(self, camera_id: int | None = None) -> SceneEditor | None:
        cameras = list(self._list_cameras())
        if camera_id is None:
            if not cameras:
                return None
            names = [c.name for c in cameras]
            name, ok = QInputDialog.getItem(self._parent, self.tr("Scene editor"),
                                            self.tr("Camera"), names, 0, False)
            if not ok:
                return None
            camera_id = cameras[names.index(name)].id
        camera = next((c for c in cameras if c.id == camera_id), None)
        if camera is None:
            return None
        editor = SceneEditor(self.service, camera, cameras=cameras,
                             still=lambda: self.service.still(camera), parent=self._parent)
        editor.saved.connect(self.dock.reload_scene)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def open_models(self) -> ModelsDialog:
        dialog = ModelsDialog(self.service.models, self.service.compiled_cache(),
                              analytics=self.service, principal=self._principal,
                              parent=self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.dock.sync())  # a model may now exist
        dialog.open()
        return dialog

    # Start and stop ----------------------------------------------------------------------------
    def restore(self) -> None:
        """Analyse again, in the background, the cameras analysed when the workstation closed."""
        self._watcher.watch(self.dock.executor.submit(self.service.restore_enabled,
                                                      list(self._list_cameras())))

    def _on_restored(self, failed: object) -> None:
        for camera_id, reason in dict(failed).items():  # type: ignore[call-overload]
            log.warning("analysis of camera %s not restored: %s", camera_id, reason)
        self.dock.sync()
        if self.service.enabled_cameras():
            self.dock.show()

    def shutdown(self) -> None:
        self.dock.shutdown()
        self.service.stop()

    def _camera(self, camera_id: int) -> CameraDTO | None:
        return next((c for c in self._list_cameras() if c.id == camera_id), None)

    def _camera_name(self, camera_id: int) -> str:
        camera = self._camera(camera_id)
        return camera.name if camera is not None else f"#{camera_id}"
