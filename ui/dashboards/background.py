"""Runs core calls (database queries, probes, report writing) off the GUI thread.

One worker thread by default: the design keeps database work on a single worker so SQLite
never sees writers from several threads of the same window. Results come back through one
ui.bridge.FutureWatcher per runner, so the callbacks run in the GUI thread.

Why one watcher for every task instead of one per task: a watcher per task has to be deleted
when its task ends, from inside its own signal, while closures connected to it still hold it;
with PySide6 6.12 that occasionally deleted a watcher twice (a segmentation fault at a later
processEvents). Tasks are told apart by a number carried with each result instead.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from ui import pyside_refcounts
from ui.bridge import FutureWatcher

log = logging.getLogger(__name__)
_SEPARATOR = "\x1f"  # between the task number and the progress text


@dataclass(frozen=True)
class _Outcome:
    task: int
    result: Any = None
    error: BaseException | None = None


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[BaseException], None] | None
    on_progress: Callable[[str], None] | None = field(default=None)


class BackgroundRunner(QObject):
    """Submits callables to an executor and calls back in the GUI thread.

    With no executor given it owns a one-thread pool, ended by `shutdown()`."""

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None,
                 *, name: str = "ui-worker") -> None:
        super().__init__(parent)
        pyside_refcounts.install()  # every result comes back through an emit
        self._owned = executor is None
        self._executor: Executor = executor or ThreadPoolExecutor(1, thread_name_prefix=name)
        self._watcher = FutureWatcher(self)
        self._watcher.finished.connect(self._on_watcher_finished)
        self._watcher.failed.connect(self._on_watcher_failed)
        self._watcher.progress.connect(self._on_watcher_progress)
        self._pending: dict[int, _Callbacks] = {}
        self._numbers = itertools.count(1)
        self._closed = False

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(self, function: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[str], None] | None = None,
            with_progress: bool = False) -> Future[Any] | None:
        """Run `function(*args)` (plus a progress callable when `with_progress`) in the
        background; None when the runner is already shut down."""
        if self._closed:
            return None
        task = next(self._numbers)
        self._pending[task] = _Callbacks(on_done, on_failed, on_progress)
        post = self._watcher.post_progress

        def report(text: str) -> None:
            post(f"{task}{_SEPARATOR}{text}")

        def call() -> _Outcome:
            try:
                return _Outcome(task, function(*args, report) if with_progress
                                else function(*args))
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread's on_failed
                return _Outcome(task, error=exc)

        future = self._executor.submit(call)
        self._watcher.watch(future)  # type: ignore[arg-type]
        return future

    def _on_watcher_finished(self, outcome: object) -> None:
        if not isinstance(outcome, _Outcome):
            return
        callbacks = self._pending.pop(outcome.task, None)
        if callbacks is None:
            return
        if outcome.error is None:
            if callbacks.on_done is not None:
                callbacks.on_done(outcome.result)
        elif callbacks.on_failed is not None:
            callbacks.on_failed(outcome.error)
        else:
            log.error("background task failed: %s", outcome.error, exc_info=outcome.error)

    def _on_watcher_failed(self, exc: object) -> None:
        # Only reachable for BaseException (e.g. a cancelled future): nothing to call back.
        log.error("background task ended abnormally: %r", exc)

    def _on_watcher_progress(self, text: str) -> None:
        number, _, message = text.partition(_SEPARATOR)
        callbacks = self._pending.get(int(number)) if number.isdigit() else None
        if callbacks is not None and callbacks.on_progress is not None:
            callbacks.on_progress(message)

    def shutdown(self) -> None:
        """Wait for running work and stop the owned thread (queued work still runs; its
        callbacks are dropped)."""
        self._closed = True
        self._pending.clear()
        if self._owned:
            self._executor.shutdown(wait=True)
