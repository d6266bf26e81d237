"""Dialogs that run one long job at a time on their own worker thread (printing notices,
publishing look-up data, discovering cameras), with a cancel flag the job polls."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QWidget

from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)


class CountWatcher(FutureWatcher):
    """A FutureWatcher that also relays the job's "done of total" counts to the GUI thread."""

    counts = Signal(int, int)

    def post_counts(self, done: int, total: int, _message: str = "") -> None:
        """Callable from the worker thread (a progress callback of the core job)."""
        try:
            self.counts.emit(done, total)
        except RuntimeError:
            log.debug("progress after the watcher was deleted")


class WorkerDialog(QDialog):
    """Closing the dialog, however it closes, cancels the job and waits for it, so no worker
    thread outlives the dialog and no half-written output is left."""

    def __init__(self, worker_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=worker_name)
        self._cancel = threading.Event()

    def done(self, result: int) -> None:
        self._shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._shutdown()
        super().closeEvent(event)

    def _shutdown(self) -> None:
        self._cancel.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
