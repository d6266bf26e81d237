"""What the report dashboards share: one report job at a time on a worker thread, its
failure or the exported file told in a status line, the worker stopped when the window
closes."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.security.permissions import PermissionDenied
from ui.dashboards.background import BackgroundRunner

log = logging.getLogger(__name__)


class ReportDashboard(QWidget):
    def __init__(self, worker_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = BackgroundRunner(parent=self, name=worker_name)
        self.status_label = QLabel()

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def _start(self, status: str, on_done: Callable[[Any], None],
               function: Callable[..., Any], *args: Any) -> None:
        """Run `function(*args)` on the worker unless a job is running; `on_done(result)`
        in the GUI thread."""
        if self.busy:
            return
        self.status_label.setText(status)
        self._runner.run(function, *args, on_done=on_done, on_failed=self._on_worker_failed)

    def _on_worker_failed(self, exc: BaseException) -> None:
        if isinstance(exc, PermissionDenied):
            self.status_label.setText(exc.user_message)
        elif isinstance(exc, (ValueError, OSError)):
            self.status_label.setText(str(exc))
        else:
            log.error("%s failed", self.objectName(), exc_info=exc)
            self.status_label.setText(self.tr("The report could not be made; see the log."))

    def _on_export_finished(self, path: object) -> None:
        self.status_label.setText(self.tr("Saved to {path}.").format(path=path))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self._runner.shutdown()
