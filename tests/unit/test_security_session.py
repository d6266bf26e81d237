"""The idle lock, driven by a fake monotonic clock."""
from __future__ import annotations

import pytest

from app.security.session import SessionClock


class Ticks:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_locks_after_idle_minutes_and_touch_postpones() -> None:
    ticks = Ticks()
    session = SessionClock(5, clock=ticks)
    ticks.value += 4 * 60
    assert not session.is_locked()
    assert session.seconds_until_lock() == pytest.approx(60)
    session.touch()
    ticks.value += 4 * 60 + 59
    assert not session.is_locked()
    ticks.value += 1
    assert session.is_locked()
    assert session.seconds_until_lock() == 0
    # Input after the lock does not reopen the session; only a fresh log-in does.
    session.touch()
    assert session.is_locked()
    session.unlock()
    assert not session.is_locked()
    assert session.seconds_until_lock() == pytest.approx(300)


def test_explicit_now_and_manual_lock() -> None:
    session = SessionClock(1, clock=lambda: 0.0)
    assert not session.is_locked(now=59.0)
    assert session.is_locked(now=60.0)
    session.unlock(now=100.0)
    assert not session.is_locked(now=150.0)
    session.lock()
    assert session.is_locked(now=150.0)


def test_idle_lock_can_be_switched_off() -> None:
    ticks = Ticks()
    for off in (None, 0):
        session = SessionClock(off, clock=ticks)
        ticks.value += 10 * 24 * 3600
        assert not session.is_locked()
        assert session.seconds_until_lock() is None
        assert session.idle_minutes is None
    with pytest.raises(ValueError):
        SessionClock(-1)
