"""Which layout goes on which monitor: per-screen layouts and wall presets (no Qt).

Monitors are remembered by index and name. Names are not unique everywhere (two X screens of
one Xvfb are both called "screen"), and indexes change when a monitor is unplugged, so a
saved screen is matched by both first, then by a unique name, then by index alone.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.wall.layouts import WallLayout

WallRole = Literal["main", "window"]  # the main window's wall, or a separate wall window
WALL_ROLES: tuple[str, ...] = ("main", "window")


@dataclass(frozen=True)
class ScreenLayout:
    screen_index: int
    screen_name: str
    layout: WallLayout
    role: WallRole = "window"
    full_screen: bool = True


@dataclass(frozen=True)
class WallPreset:
    """A named arrangement of every wall: restoring it sets up all screens at once."""

    name: str
    screens: tuple[ScreenLayout, ...]


def match_screens(saved: Sequence[ScreenLayout],
                  available: Sequence[str]) -> list[tuple[ScreenLayout, int | None]]:
    """Pair each saved screen with the index of a connected screen (None: not connected).

    The main window's wall is never moved, so "main" entries always pair with None here; the
    caller applies them to the main wall wherever it is.
    """
    taken: set[int] = set()
    result: dict[int, int | None] = {}
    windows = [(number, entry) for number, entry in enumerate(saved) if entry.role == "window"]

    def take(number: int, index: int) -> None:
        result[number] = index
        taken.add(index)

    for number, entry in windows:  # same place, same name
        index = entry.screen_index
        if 0 <= index < len(available) and available[index] == entry.screen_name and index not in taken:
            take(number, index)
    for number, entry in windows:  # moved, but its name is unique
        if number in result:
            continue
        named = [i for i, name in enumerate(available) if name == entry.screen_name]
        if len(named) == 1 and named[0] not in taken:
            take(number, named[0])
    for number, entry in windows:  # renamed (other connector, other driver): same index
        if number not in result and 0 <= entry.screen_index < len(available) \
                and entry.screen_index not in taken:
            take(number, entry.screen_index)
    return [(entry, result.get(number)) for number, entry in enumerate(saved)]
