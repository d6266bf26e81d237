"""A dock with the analysis views of the analysed cameras, and switching analysis on a camera.

One subscriber on the AnalyticsService routes each update to its camera's AnalysisView (any
thread: the views hand updates to the GUI thread themselves). Channel states (starting,
restarting and why) are polled once a second, which is cheap and needs no more signals.
Starting analysis may compile the model first: it runs off the GUI thread with a busy dialog.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from app.analytics.channel import ChannelUpdate
from app.analytics.scene import SceneError
from ui.analytics.analysis_view import AnalysisView
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)


class AnalysisDock(QDockWidget):
    def __init__(self, service: Any, parent: QWidget | None = None, *,
                 camera_name: Callable[[int], str] | None = None) -> None:
        """``service``: AnalyticsService; ``camera_name`` gives a view its title."""
        super().__init__(self.tr("Analysis"), parent)
        self.setObjectName("analysisDock")
        self.service = service
        self._camera_name = camera_name or (lambda camera_id: f"#{camera_id}")
        self.views: dict[int, AnalysisView] = {}
        self._routes: dict[int, AnalysisView] = {}  # replaced whole: read on another thread
        body = QWidget()
        self._grid = QGridLayout(body)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(2)
        self.empty = QLabel()
        self.empty.setObjectName("analysisEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grid.addWidget(self.empty, 0, 0)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer)
        self._timer.start()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis-toggle")
        service.subscribe(self._route)
        self.sync()

    def _route(self, camera_id: int, update: ChannelUpdate, frame: np.ndarray) -> None:
        view = self._routes.get(camera_id)
        if view is not None:
            view.on_update(camera_id, update, frame)

    # Views -------------------------------------------------------------------------------------
    def sync(self) -> None:
        """Show one view per analysed camera (after a toggle, at start-up)."""
        wanted = set(self.service.enabled_cameras())
        for camera_id in [c for c in self.views if c not in wanted]:
            view = self.views.pop(camera_id)
            self._grid.removeWidget(view)
            view.deleteLater()
        for camera_id in sorted(wanted - set(self.views)):
            view = AnalysisView(camera_id, title=self._camera_name(camera_id))
            self.views[camera_id] = view
            self.reload_scene(camera_id)
        self._routes = dict(self.views)
        self._layout_views()

    def reload_scene(self, camera_id: int) -> None:
        view = self.views.get(camera_id)
        if view is None:
            return
        try:
            stored = self.service.get(camera_id)
        except SceneError as exc:
            view.set_message(str(exc))
            return
        if stored is not None:
            view.set_scene(stored.scene)

    def _layout_views(self) -> None:
        for view in self.views.values():
            self._grid.removeWidget(view)
        columns = 1 if len(self.views) <= 1 else 2
        for index, camera_id in enumerate(sorted(self.views)):
            self._grid.addWidget(self.views[camera_id], index // columns, index % columns)
        reason = self.service.unavailable_reason
        self.empty.setText(
            self.tr("Analytics is disabled: no road-user detection model is installed "
                    "(Models…).") if reason else
            self.tr("No camera is analysed. Right-click a tile and choose "
                    "\"Analyse this camera\"."))
        self.empty.setVisible(not self.views)

    def _on_timer(self) -> None:
        states = {s.camera_id: s for s in self.service.status()}
        for camera_id, view in self.views.items():
            state = states.get(camera_id)
            if state is None or state.state == "running":
                view.set_message("")
            elif state.state == "restarting":
                view.set_message(self.tr("Reconnecting: {reason}").format(reason=state.reason))
            else:
                view.set_message(self.tr("Starting…"))

    def shutdown(self) -> None:
        self._timer.stop()
        self.service.unsubscribe(self._route)
        self._routes = {}
        self.executor.shutdown(wait=False, cancel_futures=True)


class _Toggle(QObject):
    """One switch of analysis on a camera, with its busy dialog and outcome message."""

    def __init__(self, owner: QObject | None, parent: QWidget | None, future: Future[Any],
                 text: str, on_done: Callable[[], None]) -> None:
        super().__init__(owner)  # the owner keeps this object alive until the job ends
        self._parent = parent
        self._on_done = on_done
        self.dialog = QProgressDialog(text, "", 0, 0, parent)
        self.dialog.setCancelButton(None)  # a compile cannot be interrupted
        self.dialog.setWindowTitle(QCoreApplication.translate("AnalysisDock", "Analysis"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.watcher = FutureWatcher(self)
        self.watcher.finished.connect(self._on_finished)
        self.watcher.failed.connect(self._on_failed)
        self.watcher.watch(future)

    def _on_finished(self, _result: object) -> None:
        self.dialog.close()
        self._on_done()
        self.deleteLater()

    def _on_failed(self, exc: object) -> None:
        self.dialog.close()
        self._on_done()
        QMessageBox.warning(self._parent, QCoreApplication.translate("AnalysisDock", "Analysis"),
                            QCoreApplication.translate(
                                "AnalysisDock", "Analysis could not be switched: {error}").format(
                                    error=exc))
        self.deleteLater()


def toggle_analysis(service: Any, camera: Any, parent: QWidget | None,
                    dock: AnalysisDock | None = None) -> Future[Any] | None:
    """Switch analysis of ``camera`` (a CameraDTO) on or off, off the GUI thread.

    Returns the background job, or None when analytics cannot run (the user is told why)."""
    enabling = not service.is_enabled(camera.id)
    if enabling and not service.available:
        QMessageBox.information(parent, QCoreApplication.translate("AnalysisDock", "Analysis"),
                                QCoreApplication.translate(
                                    "AnalysisDock", "Analytics is disabled: no road-user "
                                    "detection model is installed. Install one on the Models "
                                    "page."))
        return None
    executor = dock.executor if dock is not None else ThreadPoolExecutor(max_workers=1)
    job = service.enable if enabling else service.disable
    future = executor.submit(job, camera if enabling else camera.id)
    if dock is None:
        executor.shutdown(wait=False)  # the one job still runs; the pool then ends
    text = (QCoreApplication.translate("AnalysisDock", "Starting analysis of {camera}…")
            if enabling else
            QCoreApplication.translate("AnalysisDock", "Stopping analysis of {camera}…"))

    def done() -> None:
        if dock is not None:
            dock.sync()
            if enabling:
                dock.show()
                dock.raise_()

    owner = parent or dock or QCoreApplication.instance()
    _Toggle(owner, parent, future, text.format(camera=camera.name), done)
    return future

