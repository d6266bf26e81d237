"""Wall layouts without Qt: a grid of columns × rows and the cells laid over it.

A cell covers a rectangle of grid squares (row, col, rowspan, colspan) and may hold a camera id
and the name of a tour (tours are driven elsewhere; the layout only remembers the reference).
The order of `cells` is the tile order: tile 1 is `cells[0]`, which is why the asymmetric
presets list their big cell first even when it is not in the top-left corner.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

MAX_SIDE = 8  # 64 tiles; beyond that no duty-room PC decodes the streams anyway
FORMAT_VERSION = 1

Direction = Literal["left", "right", "up", "down"]


class LayoutError(ValueError):
    """A layout that cannot be shown; the message says what is wrong."""


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    camera_id: int | None = None
    tour: str | None = None

    @property
    def bottom(self) -> int:
        """First row below the cell."""
        return self.row + self.rowspan

    @property
    def right(self) -> int:
        """First column right of the cell."""
        return self.col + self.colspan

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row < self.bottom and self.col <= col < self.right

    def overlaps(self, other: Cell) -> bool:
        return (self.row < other.bottom and other.row < self.bottom
                and self.col < other.right and other.col < self.right)

    def same_place(self, other: Cell) -> bool:
        return (self.row, self.col, self.rowspan, self.colspan) == (
            other.row, other.col, other.rowspan, other.colspan)


@dataclass(frozen=True)
class WallLayout:
    columns: int
    rows: int
    cells: tuple[Cell, ...]

    # ----- construction ----------------------------------------------------------------------
    @classmethod
    def grid(cls, columns: int, rows: int | None = None) -> WallLayout:
        """A uniform grid of 1×1 cells in reading order."""
        rows = columns if rows is None else rows
        _check_side(columns, "columns")
        _check_side(rows, "rows")
        return cls(columns, rows, tuple(Cell(r, c) for r in range(rows) for c in range(columns)))

    # ----- validation ------------------------------------------------------------------------
    def problems(self, require_full: bool = False) -> list[str]:
        """Everything wrong with the layout, as sentences; empty when it is valid."""
        found: list[str] = []
        for name, side in (("columns", self.columns), ("rows", self.rows)):
            if not isinstance(side, int) or isinstance(side, bool) or not 1 <= side <= MAX_SIDE:
                found.append(f"The number of {name} must be 1 to {MAX_SIDE}.")
        if found:
            return found
        if not self.cells:
            found.append("A layout needs at least one cell.")
        for number, cell in enumerate(self.cells, start=1):
            if min(cell.rowspan, cell.colspan) < 1:
                found.append(f"Cell {number} must span at least one row and one column.")
            elif cell.row < 0 or cell.col < 0 or cell.bottom > self.rows or cell.right > self.columns:
                found.append(f"Cell {number} lies outside the {self.columns}×{self.rows} grid.")
        for first in range(len(self.cells)):
            for second in range(first + 1, len(self.cells)):
                if self.cells[first].overlaps(self.cells[second]):
                    found.append(f"Cells {first + 1} and {second + 1} overlap.")
        if require_full and not found and not self.is_full:
            found.append("Some squares of the grid are not covered by any cell.")
        return found

    def validated(self, require_full: bool = False) -> WallLayout:
        found = self.problems(require_full)
        if found:
            raise LayoutError(" ".join(found))
        return self

    @property
    def is_full(self) -> bool:
        covered = sum(cell.rowspan * cell.colspan for cell in self.cells)
        return covered == self.columns * self.rows and not self.problems()

    # ----- reading ---------------------------------------------------------------------------
    @property
    def tile_count(self) -> int:
        return len(self.cells)

    def camera_ids(self) -> tuple[int | None, ...]:
        return tuple(cell.camera_id for cell in self.cells)

    def cell_at(self, row: int, col: int) -> int | None:
        """Index of the cell covering a grid square, None for an uncovered square."""
        for index, cell in enumerate(self.cells):
            if cell.covers(row, col):
                return index
        return None

    def same_geometry(self, other: WallLayout) -> bool:
        return (self.columns, self.rows) == (other.columns, other.rows) and len(
            self.cells) == len(other.cells) and all(
            a.same_place(b) for a, b in zip(self.cells, other.cells, strict=True))

    def neighbour(self, index: int, direction: Direction) -> int | None:
        """The cell next to cell `index` in a direction (arrow-key navigation); None at an edge.

        Among the cells entirely on that side, the nearest one wins; ties go to the cell that
        shares the most rows (or columns) with the current one, then to the lower tile number.
        """
        here = self.cells[index]
        best: tuple[int, int, int] | None = None
        chosen: int | None = None
        for other_index, other in enumerate(self.cells):
            if other_index == index:
                continue
            if direction == "right" and other.col >= here.right:
                gap, shared = other.col - here.right, _shared(here.row, here.bottom, other.row, other.bottom)
            elif direction == "left" and other.right <= here.col:
                gap, shared = here.col - other.right, _shared(here.row, here.bottom, other.row, other.bottom)
            elif direction == "down" and other.row >= here.bottom:
                gap, shared = other.row - here.bottom, _shared(here.col, here.right, other.col, other.right)
            elif direction == "up" and other.bottom <= here.row:
                gap, shared = here.row - other.bottom, _shared(here.col, here.right, other.col, other.right)
            else:
                continue
            score = (gap, -shared, other_index)
            if best is None or score < best:
                best, chosen = score, other_index
        return chosen

    # ----- changing (each returns a new layout) -----------------------------------------------
    def with_cameras(self, camera_ids: Sequence[int | None]) -> WallLayout:
        """Cameras in tile order; cells beyond the list are emptied, extra ids are dropped."""
        ids = list(camera_ids)[: len(self.cells)]
        ids += [None] * (len(self.cells) - len(ids))
        return replace(self, cells=tuple(
            replace(cell, camera_id=camera_id) for cell, camera_id in zip(self.cells, ids, strict=True)))

    def with_camera(self, index: int, camera_id: int | None) -> WallLayout:
        self._check_index(index)
        cells = list(self.cells)
        cells[index] = replace(cells[index], camera_id=camera_id)
        return replace(self, cells=tuple(cells))

    def with_tour(self, index: int, tour: str | None) -> WallLayout:
        self._check_index(index)
        cells = list(self.cells)
        cells[index] = replace(cells[index], tour=tour or None)
        return replace(self, cells=tuple(cells))

    def filled_from(self, index: int, camera_ids: Sequence[int]) -> WallLayout:
        """Cameras placed in tiles index, index+1, … (a dropped site); extras are dropped."""
        self._check_index(index)
        cells = list(self.cells)
        for offset, camera_id in enumerate(list(camera_ids)[: len(cells) - index]):
            cells[index + offset] = replace(cells[index + offset], camera_id=camera_id)
        return replace(self, cells=tuple(cells))

    def swapped(self, first: int, second: int) -> WallLayout:
        """The contents (camera, tour) of two tiles exchanged; the geometry stays."""
        self._check_index(first)
        self._check_index(second)
        cells = list(self.cells)
        a, b = cells[first], cells[second]
        cells[first] = replace(a, camera_id=b.camera_id, tour=b.tour)
        cells[second] = replace(b, camera_id=a.camera_id, tour=a.tour)
        return replace(self, cells=tuple(cells))

    def merged(self, top: int, left: int, bottom: int, right: int) -> WallLayout:
        """Every cell inside the rectangle (inclusive grid squares) becomes one cell.

        The merged cell keeps the first camera found in it; uncovered squares inside the
        rectangle are absorbed. A cell that sticks out of the rectangle makes it an error.
        """
        top, bottom = sorted((top, bottom))
        left, right = sorted((left, right))
        if top < 0 or left < 0 or bottom >= self.rows or right >= self.columns:
            raise LayoutError("The rectangle lies outside the grid.")
        box = Cell(top, left, bottom - top + 1, right - left + 1)
        inside: list[Cell] = []
        outside: list[Cell] = []
        for cell in self.cells:
            if not cell.overlaps(box):
                outside.append(cell)
            elif box.row <= cell.row and cell.bottom <= box.bottom and box.col <= cell.col and cell.right <= box.right:
                inside.append(cell)
            else:
                raise LayoutError("The rectangle cuts through a merged cell; include all of it.")
        camera = next((cell.camera_id for cell in inside if cell.camera_id is not None), None)
        tour = next((cell.tour for cell in inside if cell.tour), None)
        return _reading_order(self, [*outside, replace(box, camera_id=camera, tour=tour)])

    def split(self, index: int) -> WallLayout:
        """A merged cell broken back into 1×1 cells; the first keeps the camera."""
        self._check_index(index)
        big = self.cells[index]
        pieces = [Cell(r, c) for r in range(big.row, big.bottom) for c in range(big.col, big.right)]
        pieces[0] = replace(pieces[0], camera_id=big.camera_id, tour=big.tour)
        rest = [cell for number, cell in enumerate(self.cells) if number != index]
        return _reading_order(self, [*rest, *pieces])

    # ----- storage ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "columns": self.columns,
            "rows": self.rows,
            "cells": [
                {"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan,
                 "camera_id": c.camera_id, "tour": c.tour}
                for c in self.cells
            ],
        }

    @classmethod
    def from_dict(cls, raw: Any) -> WallLayout:
        """A layout read back from storage or a file; LayoutError when it is damaged."""
        if not isinstance(raw, Mapping):
            raise LayoutError("A stored layout must be a JSON object.")
        if raw.get("version", FORMAT_VERSION) != FORMAT_VERSION:
            raise LayoutError(f"Unsupported layout format version {raw.get('version')!r}.")
        columns = _int_field(raw, "columns")
        rows = _int_field(raw, "rows")
        cells_raw = raw.get("cells")
        if not isinstance(cells_raw, list):
            raise LayoutError("A stored layout needs a list of cells.")
        cells = []
        for item in cells_raw:
            if not isinstance(item, Mapping):
                raise LayoutError("Each cell must be a JSON object.")
            camera_id = item.get("camera_id")
            if camera_id is not None and (not isinstance(camera_id, int) or isinstance(camera_id, bool)):
                raise LayoutError("A cell's camera_id must be a whole number or null.")
            tour = item.get("tour")
            if tour is not None and not isinstance(tour, str):
                raise LayoutError("A cell's tour must be text or null.")
            cells.append(Cell(_int_field(item, "row"), _int_field(item, "col"),
                              _int_field(item, "rowspan", 1), _int_field(item, "colspan", 1),
                              camera_id, tour or None))
        return cls(columns, rows, tuple(cells)).validated()

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.cells):
            raise LayoutError(f"There is no tile {index + 1} in this layout.")


# ----- helpers -------------------------------------------------------------------------------
def _shared(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _reading_order(base: WallLayout, cells: list[Cell]) -> WallLayout:
    return replace(base, cells=tuple(sorted(cells, key=lambda c: (c.row, c.col))))


def _check_side(value: int, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_SIDE:
        raise LayoutError(f"The number of {name} must be 1 to {MAX_SIDE}.")


def _int_field(raw: Mapping[str, Any], name: str, default: int | None = None) -> int:
    value = raw.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise LayoutError(f"The layout field {name!r} must be a whole number.")
    return value


def plan_tile_reuse(shown: Sequence[int | None],
                    wanted: Sequence[int | None]) -> tuple[list[int | None], list[int]]:
    """Which existing tile each new cell takes when the layout changes.

    `shown` holds the camera of each existing tile, `wanted` the camera of each new cell.
    Returns, per new cell, the index of the existing tile it reuses (None: a new tile), and the
    existing tiles left over. A tile showing a wanted camera goes to that cell and keeps
    playing; the other cells take empty tiles first, then tiles whose camera is not wanted.
    """
    free: dict[int, list[int]] = {}
    for index, camera_id in enumerate(shown):
        if camera_id is not None:
            free.setdefault(camera_id, []).append(index)
    placed: list[int | None] = []
    for wanted_id in wanted:
        same = free.get(wanted_id) if wanted_id is not None else None
        placed.append(same.pop(0) if same else None)
    used = {tile for tile in placed if tile is not None}
    spare = sorted((i for i in range(len(shown)) if i not in used),
                   key=lambda i: shown[i] is not None)
    for position, tile in enumerate(placed):
        if tile is None and spare:
            placed[position] = spare.pop(0)
    return placed, spare


# ----- presets -------------------------------------------------------------------------------
def _one_plus(columns: int, big: Cell) -> WallLayout:
    """One big cell first, then the 1×1 cells around it in reading order."""
    small = [Cell(r, c) for r in range(columns) for c in range(columns) if not big.covers(r, c)]
    return WallLayout(columns, columns, (big, *small))


PRESETS: Mapping[str, WallLayout] = {
    "1x1": WallLayout.grid(1),
    "2x2": WallLayout.grid(2),
    "3x3": WallLayout.grid(3),
    "4x4": WallLayout.grid(4),
    "5x5": WallLayout.grid(5),
    "1+5": _one_plus(3, Cell(0, 0, 2, 2)),
    "1+7": _one_plus(4, Cell(0, 0, 3, 3)),
    "1+12": _one_plus(4, Cell(1, 1, 2, 2)),  # the big cell in the middle, 12 around it
}


def preset(key: str) -> WallLayout:
    try:
        return PRESETS[key]
    except KeyError:
        raise LayoutError(f"Unknown layout preset {key!r}.") from None


def preset_key_of(layout: WallLayout) -> str | None:
    """The preset a layout is built on (ignoring cameras), if any."""
    for key, candidate in PRESETS.items():
        if candidate.same_geometry(layout):
            return key
    return None
