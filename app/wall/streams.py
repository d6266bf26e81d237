"""Which stream a wall tile plays: the sub-stream when small, the main stream when big (no Qt).

Nx and Milestone switch by tile size the same way: decoding 16 main streams saturates a
duty-room PC, while a sub-stream scaled up to a large tile looks blurred.
"""
from __future__ import annotations

from typing import Any, Literal

from app.wall.layouts import WallLayout

StreamKind = Literal["main", "sub"]


def cell_pixels(layout: WallLayout, index: int, width: int, height: int,
                spacing: int) -> tuple[float, float]:
    """Pixel size of cell `index` when the layout fills width × height with `spacing` gaps.

    Computed from the geometry rather than read from the widget, which lags behind a layout
    change until Qt has laid it out again."""
    cell = layout.cells[index]
    column_width = (width - spacing * (layout.columns - 1)) / layout.columns
    row_height = (height - spacing * (layout.rows - 1)) / layout.rows
    return (column_width * cell.colspan + spacing * (cell.colspan - 1),
            row_height * cell.rowspan + spacing * (cell.rowspan - 1))


def wanted_kind(width: float, height: float, main_min_height: int,
                main_min_width: int) -> StreamKind:
    """Main above either threshold (settings main_stream_min_tile_height and
    substream_max_tile_width), sub otherwise."""
    return "main" if height > main_min_height or width > main_min_width else "sub"


def stream_uri(camera: Any, kind: str) -> str | None:
    uri = getattr(getattr(camera, f"{kind}_profile", None), "stream_uri", None)
    return str(uri) if uri else None


def pick_stream(camera: Any, kind: StreamKind) -> tuple[StreamKind, str | None]:
    """The wanted profile's address, or the other profile's when the camera has only that."""
    other: StreamKind = "sub" if kind == "main" else "main"
    for candidate in (kind, other):
        uri = stream_uri(camera, candidate)
        if uri:
            return candidate, uri
    return kind, None
