"""Errors the simulator reports to its user (trainer, test, demo) as plain messages."""
from __future__ import annotations


class SimulatorError(RuntimeError):
    """Something the user can fix (bad video file, busy port, missing tool); str() says what."""
