"""Guard against reference-count leaks of PySide6 6.12.0 on Python 3.11.

Measured here: every ``SignalInstance.emit()`` called from Python takes one reference away
from ``True`` (it returns ``True`` without a new reference), and every call of a Qt method
returning void (``QLabel.setText``, ``QWidget.update``, ``QObject.setObjectName``...) takes
one away from ``None``. A process starts with a few thousand references to each; after that
many calls CPython aborts ("bool_dealloc" / "none_dealloc") or crashes. pyqtgraph alone emits
on every repaint. Reproduce: ``for _ in range(10000): QLabel().setText("x")``.

``install()`` measures whether the running binding leaks and, only then and only before
Python 3.12 (where these objects are immortal by design), gives ``None``, ``True`` and
``False`` a reference count no leak can use up, which is what 3.12 does. Wrapping ``emit``
instead would break signal-to-signal connections (``a.connect(b.emit)``). Idempotent; called
by the application factory and by the UI test set-up.
"""
from __future__ import annotations

import ctypes
import logging
import sys
import threading

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_lock = threading.Lock()
_installed: bool | None = None  # None: not checked yet
_PROBES = 16


class _Probe(QObject):
    fired = Signal()


def _leaks() -> list[str]:
    probe = _Probe()
    found = []
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    if before - sys.getrefcount(True) >= _PROBES:
        found.append("emit() loses references to True")
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    if before - sys.getrefcount(None) >= _PROBES:
        found.append("void calls lose references to None")
    return found


def _pin_singletons() -> None:
    # On CPython 3.11 the reference count is the first field of every object.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def install() -> bool:
    """Pin the singletons when this PySide6 leaks; True when the guard is active."""
    global _installed
    with _lock:
        if _installed is not None:
            return _installed
        leaks = _leaks() if sys.version_info < (3, 12) else []
        if leaks:
            _pin_singletons()
            log.warning("PySide6 reference leaks (%s): None/True/False pinned",
                        "; ".join(leaks))
        _installed = bool(leaks)
        return _installed
