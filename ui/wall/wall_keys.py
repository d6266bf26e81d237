"""Keyboard control of a wall: digits pick a tile, arrows move, Enter maximises, Esc restores.

Two-digit tile numbers: a digit selects its tile at once; a second digit typed within
`TWO_DIGIT_WINDOW_S` extends it ("1" then "2" selects tile 12) when that tile exists. No timer
is needed: the time of the previous digit is compared when the next one arrives.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

if TYPE_CHECKING:
    from ui.wall.wall_view import WallView

TWO_DIGIT_WINDOW_S = 1.0

_ARROWS = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}


class WallKeyboard:
    def __init__(self, wall: WallView) -> None:
        self._wall = wall
        self._pending: int | None = None  # first digit of a possible two-digit number
        self._pending_at = 0.0

    def handle(self, event: QKeyEvent) -> bool:
        """True when the key was the wall's."""
        wall = self._wall
        key = Qt.Key(event.key())
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._digit(key - Qt.Key.Key_0)
            return True
        self._pending = None
        if key in _ARROWS:
            if wall.maximized_index is None:
                target = wall.neighbour_of_selected(_ARROWS[key])
                if target is not None:
                    wall.select_tile(target)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            wall.maximize(wall.selected_index)
            return True
        if key == Qt.Key.Key_Escape and wall.maximized_index is not None:
            wall.restore()
            return True
        return False

    def _digit(self, digit: int) -> None:
        wall = self._wall
        count = len(wall.tiles)
        now = time.monotonic()
        if self._pending is not None and now - self._pending_at <= TWO_DIGIT_WINDOW_S:
            number = self._pending * 10 + digit
            self._pending = None
            if 1 <= number <= count:
                self._select(number - 1)
                return
        if digit == 0:
            return
        if digit <= count:
            self._select(digit - 1)
        # Only a digit that can start a tile number on this wall waits for a second one.
        self._pending = digit if digit * 10 <= count else None
        self._pending_at = now

    def _select(self, index: int) -> None:
        wall = self._wall
        if wall.maximized_index is not None and wall.maximized_index != index:
            wall.maximize(index)  # a maximised wall switches to the chosen tile
        wall.select_tile(index)
