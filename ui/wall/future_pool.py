"""Reusable FutureWatchers for widgets that start many short background calls.

A watcher per call that deletes itself with deleteLater() crashes PySide6 when its parent is
a Python-owned object collected while the deferred delete is still queued (seen with
PySide6 6.x: QObject::~QObject on the already-freed child). Keeping idle watchers for reuse
avoids both that and a slow leak of one QObject per PTZ command or snapshot.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject

from ui.bridge import FutureWatcher


class WatcherPool(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._idle: list[FutureWatcher] = []
        self.busy = 0

    def watch(self, future: Future[Any], on_done: Callable[[object], None],
              on_error: Callable[[object], None]) -> None:
        """Call `on_done(result)` or `on_error(exception)` in the GUI thread when it ends."""
        watcher = self._idle.pop() if self._idle else FutureWatcher(self)
        self.busy += 1

        def release() -> None:
            # Disconnecting inside the slot being run is allowed; the watcher is reused
            # only after this, so no queued outcome of this future can reach another call.
            watcher.finished.disconnect()
            watcher.failed.disconnect()
            self.busy -= 1
            self._idle.append(watcher)

        def finished(result: object) -> None:
            release()
            on_done(result)

        def failed(exc: object) -> None:
            release()
            on_error(exc)

        watcher.finished.connect(finished)
        watcher.failed.connect(failed)
        watcher.watch(future)
