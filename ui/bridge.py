"""Where core callbacks become Qt signals.

Core services call listeners on their own threads. Emitting a signal of a QObject that lives in
the GUI thread from another thread queues the call, so slots always run in the GUI thread and
never touch widgets from elsewhere.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from app.video.hub import StreamState

log = logging.getLogger(__name__)


class _StateSource(Protocol):
    def add_state_listener(self, listener: Callable[[StreamState], None]) -> None: ...

    def remove_state_listener(self, listener: Callable[[StreamState], None]) -> None: ...


class StreamStateBridge(QObject):
    """Re-emits the stream hub's `StreamState` messages as `state_changed` in the GUI thread."""

    state_changed = Signal(object)  # StreamState

    def __init__(self, hub: _StateSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub: _StateSource | None = hub
        hub.add_state_listener(self._on_hub_state)

    def _on_hub_state(self, state: StreamState) -> None:
        # Hub thread: only emit. The connection is queued because this object lives elsewhere.
        try:
            self.state_changed.emit(state)
        except RuntimeError:  # the Qt side is already gone during shutdown
            log.debug("stream state after the bridge was deleted: %s", state.key)

    def detach(self) -> None:
        """Stop listening; call before the bridge is destroyed."""
        if self._hub is not None:
            self._hub.remove_state_listener(self._on_hub_state)
            self._hub = None


class FutureWatcher(QObject):
    """Reports a concurrent.futures.Future's outcome as `finished(result)` or `failed(exc)`,
    and relays progress text posted from the worker as `progress(text)`, all in the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def post_progress(self, text: str) -> None:
        """Callable from any thread."""
        try:
            self.progress.emit(text)
        except RuntimeError:
            log.debug("progress after the watcher was deleted: %s", text)

    def watch(self, future: Future[object]) -> None:
        def done(fut: Future[object]) -> None:
            try:
                exc = fut.exception()
                if exc is None:
                    self.finished.emit(fut.result())
                else:
                    self.failed.emit(exc)
            except RuntimeError:
                log.debug("future finished after the watcher was deleted")

        future.add_done_callback(done)
