from __future__ import annotations

import pytest

from app.wall.layouts import (
    MAX_SIDE,
    PRESETS,
    Cell,
    LayoutError,
    WallLayout,
    plan_tile_reuse,
    preset,
    preset_key_of,
)
from app.wall.screens import ScreenLayout, match_screens

EXPECTED_TILES = {"1x1": 1, "2x2": 4, "3x3": 9, "4x4": 16, "5x5": 25, "1+5": 6, "1+7": 8, "1+12": 13}


@pytest.mark.parametrize("key", list(PRESETS))
def test_presets_are_full_valid_grids(key: str) -> None:
    layout = preset(key)
    assert layout.problems(require_full=True) == []
    assert layout.tile_count == EXPECTED_TILES[key]
    assert preset_key_of(layout.with_cameras([7, 8])) == key


def test_asymmetric_presets_put_the_big_cell_first() -> None:
    assert preset("1+5").cells[0] == Cell(0, 0, 2, 2)
    assert preset("1+7").cells[0] == Cell(0, 0, 3, 3)
    assert preset("1+7").columns == 4 and preset("1+7").rows == 4
    assert preset("1+12").cells[0] == Cell(1, 1, 2, 2)
    assert all(c.rowspan == c.colspan == 1 for c in preset("1+12").cells[1:])
    with pytest.raises(LayoutError):
        preset("7x7")


def test_validation_names_each_problem() -> None:
    outside = WallLayout(2, 2, (Cell(0, 0), Cell(1, 1, 1, 2)))
    assert any("outside" in p for p in outside.problems())
    overlap = WallLayout(2, 2, (Cell(0, 0, 2, 2), Cell(1, 1)))
    assert overlap.problems() == ["Cells 1 and 2 overlap."]
    partial = WallLayout(2, 2, (Cell(0, 0), Cell(1, 1)))
    assert partial.problems() == [] and not partial.is_full
    with pytest.raises(LayoutError, match="not covered"):
        partial.validated(require_full=True)
    with pytest.raises(LayoutError, match="columns"):
        WallLayout.grid(MAX_SIDE + 1)
    assert WallLayout(3, 1, ()).problems() == ["A layout needs at least one cell."]


def test_merge_and_split_round_trip() -> None:
    grid = WallLayout.grid(4).with_cameras([1, 2, 3, 4, 5, 6])
    merged = grid.merged(1, 1, 2, 2)  # the middle 2×2
    assert merged.tile_count == 13 and merged.is_full
    big = next(c for c in merged.cells if c.rowspan == 2)
    assert (big.row, big.col, big.colspan) == (1, 1, 2)
    assert big.camera_id == 6  # the first camera found inside it (tile 6 is square 1,1)
    with pytest.raises(LayoutError, match="cuts through"):
        merged.merged(0, 0, 1, 1)
    split = merged.split(merged.cells.index(big))
    assert split.tile_count == 16 and split.is_full
    assert split.same_geometry(WallLayout.grid(4))


def test_cameras_fill_swap_and_tours() -> None:
    layout = preset("2x2").with_cameras([10, 11])
    assert layout.camera_ids() == (10, 11, None, None)
    filled = layout.filled_from(2, [20, 21, 22])
    assert filled.camera_ids() == (10, 11, 20, 21)
    swapped = filled.with_tour(0, "Ca đêm").swapped(0, 3)
    assert swapped.camera_ids() == (21, 11, 20, 10)
    assert swapped.cells[3].tour == "Ca đêm" and swapped.cells[0].tour is None
    assert swapped.same_geometry(layout)
    with pytest.raises(LayoutError):
        layout.with_camera(4, 1)


def test_dict_round_trip_and_damaged_documents() -> None:
    layout = preset("1+7").with_cameras(range(1, 9)).with_tour(2, "Vòng A")
    assert WallLayout.from_dict(layout.to_dict()) == layout
    for damaged in ([], {"columns": 2}, {"columns": 2, "rows": 2, "cells": [{"row": "0"}]},
                    {"version": 9, "columns": 1, "rows": 1, "cells": []},
                    {"columns": 2, "rows": 2, "cells": [{"row": 0, "col": 0, "camera_id": True}]},
                    {"columns": 2, "rows": 2, "cells": [{"row": 0, "col": 0, "rowspan": 3}]}):
        with pytest.raises(LayoutError):
            WallLayout.from_dict(damaged)


def test_arrow_neighbours_follow_geometry() -> None:
    layout = preset("1+7")  # big 3×3 at top left, tiles 2-4 down the right, 5-8 along the bottom
    assert layout.neighbour(0, "right") == 1
    assert layout.neighbour(0, "down") == 4
    assert layout.neighbour(0, "left") is None and layout.neighbour(0, "up") is None
    assert layout.neighbour(3, "down") == 7
    assert layout.neighbour(5, "up") == 0
    assert layout.neighbour(2, "left") == 0
    grid = WallLayout.grid(3)
    assert [grid.neighbour(4, d) for d in ("left", "right", "up", "down")] == [3, 5, 1, 7]


def test_saved_screens_match_connected_ones() -> None:
    layout = preset("2x2")
    saved = [ScreenLayout(0, "HDMI-1", layout, role="main"), ScreenLayout(1, "DP-1", layout),
             ScreenLayout(2, "DP-2", layout)]
    # DP-1 moved to index 2, DP-2 is unplugged; the main wall is never matched to a screen.
    pairs = match_screens(saved, ["HDMI-1", "HDMI-2", "DP-1"])
    assert [index for _, index in pairs] == [None, 2, None]
    # Two screens of one name (Xvfb): matched by index.
    same = [ScreenLayout(0, "screen", layout), ScreenLayout(1, "screen", layout)]
    assert [i for _, i in match_screens(same, ["screen", "screen"])] == [0, 1]
    assert [i for _, i in match_screens(same, ["screen"])] == [0, None]


def test_tile_reuse_keeps_cameras_in_their_tiles() -> None:
    # Tiles show cameras 5, 6, nothing, 7; the new layout wants 7, 5, 9 and an empty cell.
    placed, retired = plan_tile_reuse([5, 6, None, 7], [7, 5, 9, None, None])
    assert placed[:2] == [3, 0]  # 7 and 5 keep their tiles (and players)
    assert placed[2] == 2  # the empty tile is taken before the one showing 6
    assert placed[3] == 1 and placed[4] is None and retired == []
    assert plan_tile_reuse([1, 2, 3], [3]) == ([2], [0, 1])
