"""The guard against PySide6's reference leaks: many void calls and emits, and signal-to-signal
connections, all keep working in one process."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from ui import pyside_refcounts


class _Relay(QObject):
    source = Signal(int)
    target = Signal(int)


def test_many_void_calls_and_emits_do_not_exhaust_the_singletons(qapp) -> None:
    pyside_refcounts.install()
    label = QLabel()
    relay = _Relay()
    received: list[int] = []
    relay.source.connect(relay.target.emit)  # signal-to-signal must still connect
    relay.target.connect(received.append)
    for number in range(30_000):
        label.setText("x")
        relay.source.emit(number)
    assert len(received) == 30_000 and received[-1] == 29_999
    assert sys.getrefcount(None) > 1000 and sys.getrefcount(True) > 1000
