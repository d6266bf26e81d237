"""The idle lock: after some minutes without input the workstation asks for the password again.

Kept free of Qt: the UI calls ``touch()`` on input events and polls ``is_locked()`` from a
timer. Monotonic time, so a clock change (NTP, daylight saving) neither locks nor unlocks.
"""
from __future__ import annotations

import time
from collections.abc import Callable


class SessionClock:
    def __init__(self, idle_minutes: float | None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``idle_minutes`` None or 0 switches the idle lock off (manual lock still works)."""
        if idle_minutes is not None and idle_minutes < 0:
            raise ValueError("idle_minutes must not be negative")
        self._idle_s = idle_minutes * 60 if idle_minutes else None
        self._clock = clock
        self._last_activity = clock()
        self._locked = False

    @property
    def idle_minutes(self) -> float | None:
        return self._idle_s / 60 if self._idle_s is not None else None

    def touch(self, now: float | None = None) -> None:
        """Record user activity; ignored once locked (only unlock() reopens the session)."""
        if not self.is_locked(now):
            self._last_activity = self._now(now)

    def is_locked(self, now: float | None = None) -> bool:
        if (not self._locked and self._idle_s is not None
                and self._now(now) - self._last_activity >= self._idle_s):
            self._locked = True
        return self._locked

    def seconds_until_lock(self, now: float | None = None) -> float | None:
        """None when the idle lock is off; 0 when already locked."""
        if self.is_locked(now):
            return 0.0
        if self._idle_s is None:
            return None
        return max(0.0, self._idle_s - (self._now(now) - self._last_activity))

    def lock(self) -> None:
        """Lock now (the user stepped away and pressed the lock button)."""
        self._locked = True

    def unlock(self, now: float | None = None) -> None:
        """Call after the password was checked again (UserService.authenticate)."""
        self._locked = False
        self._last_activity = self._now(now)

    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now
