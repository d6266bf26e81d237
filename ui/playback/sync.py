"""Several players on one clock: the first player with footage is the master; followers are
kept within one frame interval of it.

Drift is measured between the players' positions (libvlc's time interpolated between its
updates, which libvlc 3 makes only about four times a second, at a different moment in each
player), smoothed over a few ticks. A small drift is corrected by playing the follower a little faster or
slower (no visible jump); a large one, or a follower that has no footage yet, by a seek.
"""
from __future__ import annotations

import statistics
import time
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from ui.playback.player import PlaybackController

TICK_MS = 20
DRIFT_SAMPLES = 5
RESEEK_S = 0.5  # beyond this a follower seeks instead of changing speed
NUDGE = 0.05  # ±5 % speed while catching up
COOLDOWN_S = 1.5  # after a seek, let the follower settle before judging it again


class PlaybackGroup(QObject):
    position_changed = Signal(object)  # datetime: the master time (the playhead)
    state_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._players: list[PlaybackController] = []
        self._clock = clock
        self._drift: dict[int, deque[float]] = {}
        self._settle_until: dict[int, float] = {}
        self._nudged: dict[int, float] = {}
        self._position: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    @property
    def players(self) -> Sequence[PlaybackController]:
        return tuple(self._players)

    def set_players(self, players: Sequence[PlaybackController]) -> None:
        self._players = list(players)
        self._drift = {id(p): deque(maxlen=DRIFT_SAMPLES) for p in self._players}
        self._settle_until.clear()
        self._nudged.clear()

    def position(self) -> datetime | None:
        return self._position

    @property
    def playing(self) -> bool:
        return any(p.state == "playing" for p in self._players)

    def frame_interval(self) -> timedelta:
        master = self.master()
        return master.frame_interval if master else timedelta(milliseconds=40)

    def master(self) -> PlaybackController | None:
        for player in self._players:
            if player.state in ("playing", "paused"):
                return player
        return self._players[0] if self._players else None

    # ----- commands on every player --------------------------------------------------------
    def seek(self, when: datetime, play: bool | None = None) -> None:
        play = self.playing if play is None else play
        self._position = when
        for player in self._players:
            player.open_at(when, play=play)
            self._reset(player)
        self.position_changed.emit(when)

    def scrub(self, when: datetime) -> None:
        self._position = when
        for player in self._players:
            player.scrub(when)
        self.position_changed.emit(when)

    def play(self) -> None:
        when = self._position
        if when is None:
            return
        self.seek(when, play=True)
        self.state_changed.emit("playing")

    def pause(self) -> None:
        master = self.master()
        when = master.position() if master else self._position
        if when is not None:
            self._position = when
            for player in self._players:
                player.open_at(when, play=False)
            self.position_changed.emit(when)
        self.state_changed.emit("paused")

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def set_speed(self, rate: float) -> None:
        for player in self._players:
            player.set_speed(rate)
            self._reset(player)

    def step(self, frames: int) -> None:
        master = self.master()
        if master is None:
            return
        if self.playing:
            self.pause()
        master.step(frames)
        when = master.position()
        if when is None:
            return
        self._position = when
        for player in self._players:
            if player is not master:
                player.open_at(when, play=False)
        self.position_changed.emit(when)

    # ----- the shared clock --------------------------------------------------------------
    def tick(self) -> None:
        for player in self._players:
            player.tick()
        master = self.master()
        if master is None or master.state != "playing":
            return
        when = master.position()
        if when is None:
            return
        self._position = when
        self.position_changed.emit(when)
        now = self._clock()
        for follower in self._players:
            if follower is not master:
                self._follow(follower, master, when, now)

    def _follow(self, follower: PlaybackController, master: PlaybackController,
                when: datetime, now: float) -> None:
        key = id(follower)
        if follower.state != "playing":
            # No footage a moment ago: look again about once a second.
            if now >= self._settle_until.get(key, 0.0):
                self._settle_until[key] = now + 1.0
                if follower.seek(when) or follower.state == "paused":
                    follower.play()
            return
        if now < self._settle_until.get(key, 0.0):
            return
        ahead_vlc, master_vlc = follower.position(), master.position()
        if ahead_vlc is None or master_vlc is None or not follower.clock_running \
                or not master.clock_running:
            return
        samples = self._drift[key]
        samples.append((ahead_vlc - master_vlc).total_seconds())
        if len(samples) < samples.maxlen:  # type: ignore[operator]
            return
        drift = statistics.median(samples)
        frame = master.frame_interval.total_seconds()
        if abs(drift) > RESEEK_S:
            follower.open_at(when, play=True)
            self._reset(follower, settle=COOLDOWN_S)
        elif abs(drift) > frame:
            factor = 1.0 - NUDGE if drift > 0 else 1.0 + NUDGE
            if self._nudged.get(key) != factor:
                follower.nudge_rate(factor)
                self._nudged[key] = factor
        elif abs(drift) < frame * 0.75 and self._nudged.get(key, 1.0) != 1.0:
            follower.nudge_rate(1.0)
            self._nudged[key] = 1.0

    def _reset(self, player: PlaybackController, settle: float = 0.6) -> None:
        self._drift.get(id(player), deque()).clear()
        self._nudged.pop(id(player), None)
        self._settle_until[id(player)] = self._clock() + settle

    def shutdown(self) -> None:
        self._timer.stop()
