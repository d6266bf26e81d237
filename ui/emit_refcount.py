"""Workaround for a reference-count bug in PySide6 6.12.0: `SignalInstance.emit()` returns
`True` without taking a new reference, so every emit from Python takes one reference away from
`True`. After some ten thousand emits (pyqtgraph emits `sigPrepareForPaint` on every repaint;
FutureWatcher emits per result) CPython aborts with "bool_dealloc: deallocating True or
False". Reproduce: emit any signal 20,000 times in a loop.

`install()` measures whether the running PySide6 has the bug and, only then, wraps
`SignalInstance.emit` to give the missing reference back. Idempotent and cheap; it should be
called once at start-up (the application factory) — the dashboards and the map call it too,
because their charts emit the most.
"""
from __future__ import annotations

import ctypes
import logging
import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger(__name__)

_lock = threading.Lock()
_installed: bool | None = None  # None: not checked yet
_PROBES = 16


class _Probe(QObject):
    fired = Signal()


def _emit_loses_references() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    return lost >= _PROBES  # the probe is Python-owned: it goes with this frame


def _void_calls_lose_none() -> bool:
    # The same bug for every method returning void: each call from Python takes one reference
    # away from None (measured: 1,000 QLabel.setText or QWidget.update calls lose 1,000), so a
    # process dies with "none_dealloc" after a few thousand such calls.
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= _PROBES


def _pin_singletons() -> None:
    """Give None, True and False a reference count no leak can use up (CPython 3.12 makes
    them immortal for the same reason); on 3.11 the count is the object's first field."""
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def install() -> bool:
    """Patch emit when this PySide6 needs it; True when the workaround is active."""
    global _installed
    with _lock:
        if _installed is not None:
            return _installed
        if sys.version_info < (3, 12) and _void_calls_lose_none():
            _pin_singletons()
            log.warning("PySide6 void calls lose references to None; None/True/False pinned")
        if not _emit_loses_references():
            _installed = False
            return False
        give_back = ctypes.pythonapi.Py_IncRef
        give_back.argtypes = [ctypes.py_object]
        give_back.restype = None
        original = SignalInstance.emit

        def emit(self: SignalInstance, *args: Any) -> Any:
            result = original(self, *args)
            if result is True or result is False:
                give_back(result)
            return result

        SignalInstance.emit = emit  # type: ignore[method-assign]
        _installed = True
        log.warning("PySide6 emit() loses references to True; workaround installed")
        return True
