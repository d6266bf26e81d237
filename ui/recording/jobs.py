"""Background jobs whose outcome is collected on the GUI thread by a short poll.

The worker thread runs only core code and never touches a Qt object, not even to emit a
signal: a dialog may be destroyed (its parent closed, a test's last reference dropped) while a
job still runs, and an emit from the worker on a child of an object being destroyed crashed
PySide6 6.12.0 here (segfault inside SignalInstance.emit). Progress texts go through a queue
that the poll drains.
"""
from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

POLL_MS = 50


class PolledJobs(QObject):
    def __init__(self, parent: QObject, name: str,
                 on_progress: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: list[tuple[Future[Any], Callable[[Any], None],
                                  Callable[[BaseException], None]]] = []
        self._progress: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._on_progress = on_progress
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def post_progress(self, text: str) -> None:
        """Callable from the worker thread."""
        self._progress.put(text)

    def submit(self, job: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[BaseException], None]) -> bool:
        """Run `job` on the worker; `done(result)` or `failed(exception)` on the GUI thread."""
        if self._closed:
            return False
        self._pending.append((self._executor.submit(job), done, failed))
        self._timer.start()
        return True

    def shutdown(self) -> None:
        """Stop polling and wait for a running job (queued ones are dropped)."""
        self._closed = True
        self._timer.stop()
        self._pending.clear()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _on_timer_timeout(self) -> None:
        while not self._progress.empty() and self._on_progress is not None:
            self._on_progress(self._progress.get_nowait())
        finished = [entry for entry in self._pending if entry[0].done()]
        for entry in finished:
            self._pending.remove(entry)
        if not self._pending:
            self._timer.stop()
        for future, done, failed in finished:
            if future.cancelled():
                continue
            error = future.exception()
            if error is None:
                done(future.result())
            else:
                failed(error)
