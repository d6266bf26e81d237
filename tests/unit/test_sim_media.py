from __future__ import annotations

from app.sim import rtsp_server
from app.sim.media import split_access_units

AUD = b"\x00\x00\x00\x01\x09\xf0"
SLICE = b"\x00\x00\x01\x65\x88\x84"


def test_splits_access_units_at_delimiters() -> None:
    stream = AUD + b"\x00\x00\x00\x01\x67\x42" + SLICE + AUD + SLICE + b"\x00\x00\x01\x09\x10" + SLICE
    units = split_access_units(stream)
    assert len(units) == 3
    assert units[0][0] == 0 and units[-1][1] == len(stream)
    assert all(stream[start:end].lstrip(b"\x00").startswith(b"\x01\x09")
               for start, end in units)
    assert b"".join(stream[s:e] for s, e in units) == stream
    # The RTSP child keeps its own stdlib-only copy: both must agree.
    assert rtsp_server.split_access_units(stream) == units


def test_stream_without_delimiters_is_one_unit() -> None:
    assert split_access_units(SLICE) == [(0, len(SLICE))]
    assert split_access_units(b"") == []
