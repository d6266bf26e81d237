"""Map calibration maths (reference points ↔ image pixels) and the layout JSON file."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.cameras.map_calibration import (
    IMAGE_MODE,
    CalibrationError,
    MapLayout,
    MapLayoutStore,
    ReferencePoint,
    calibrate,
)

# Around Hoàn Kiếm lake, Hà Nội; an image at 0.5 m per pixel, north up.
LAT0, LON0 = 21.0285, 105.8542
M_PER_DEG_LAT = 111_195.0


def pixel_of(lat: float, lon: float, *, rotation_deg: float = 0.0) -> tuple[float, float]:
    east = (lon - LON0) * M_PER_DEG_LAT * math.cos(math.radians(LAT0))
    north = (lat - LAT0) * M_PER_DEG_LAT
    theta = math.radians(rotation_deg)
    x = (east * math.cos(theta) - north * math.sin(theta)) / 0.5
    y = -(east * math.sin(theta) + north * math.cos(theta)) / 0.5
    return 1000 + x, 800 + y


def test_two_points_fit_a_rotated_scan_and_invert() -> None:
    corners = [(21.0300, 105.8520), (21.0270, 105.8570)]
    points = [ReferencePoint(*pixel_of(lat, lon, rotation_deg=12), lat, lon)
              for lat, lon in corners]
    calibration = calibrate(points)
    assert calibration.max_error_m < 0.05
    assert calibration.metres_per_pixel == pytest.approx(0.5, rel=1e-3)
    # A third place, not used for the fit, lands where it should.
    expected = pixel_of(21.0290, 105.8550, rotation_deg=12)
    x, y = calibration.to_pixel(21.0290, 105.8550)
    assert (x, y) == pytest.approx(expected, abs=0.5)
    lat, lon = calibration.to_latlon(x, y)
    assert (lat, lon) == pytest.approx((21.0290, 105.8550), abs=1e-7)


def test_three_points_absorb_unequal_scanner_scale_and_report_residuals() -> None:
    places = [(21.0300, 105.8520), (21.0270, 105.8570), (21.0310, 105.8575),
              (21.0265, 105.8515)]
    points = [ReferencePoint(x * 1.1, y, lat, lon)  # x stretched by 10 %
              for (lat, lon) in places for x, y in [pixel_of(lat, lon)]]
    calibration = calibrate(points)
    assert calibration.max_error_m < 0.05
    x, y = calibration.to_pixel(21.0290, 105.8550)
    ex, ey = pixel_of(21.0290, 105.8550)
    assert (x, y) == pytest.approx((ex * 1.1, ey), abs=0.5)
    # A point clicked 20 px off shows up as a residual of metres, not silently.
    bad = [*points[:3], ReferencePoint(points[3].x + 40, points[3].y, places[3][0], places[3][1])]
    assert calibrate(bad).max_error_m > 5


@pytest.mark.parametrize("points, message", [
    ([ReferencePoint(0, 0, 21.0, 105.8)], "two reference points"),
    ([ReferencePoint(0, 0, 21.0, 105.8), ReferencePoint(1, 1, 21.0, 105.8)], "same place"),
])
def test_unusable_points_are_refused(points: list[ReferencePoint], message: str) -> None:
    with pytest.raises(CalibrationError, match=message):
        calibrate(points)


def test_point_off_earth_is_refused() -> None:
    with pytest.raises(CalibrationError, match="not on Earth"):
        ReferencePoint(0, 0, 95.0, 105.0)


def test_layout_round_trips_and_places_cameras(tmp_path: Path) -> None:
    store = MapLayoutStore(tmp_path / "config")
    assert store.load() == MapLayout()
    points = tuple(ReferencePoint(*pixel_of(lat, lon), lat, lon)
                   for lat, lon in [(21.0300, 105.8520), (21.0270, 105.8570)])
    layout = MapLayout(mode=IMAGE_MODE, image_path="/maps/phuong.png", image_sha256="ab" * 32,
                       reference_points=points).with_position(7, 120.5, 88.0)
    store.save(layout)
    loaded = store.load()
    assert loaded == layout and store.problem == ""
    assert loaded.image_position(7, None, None) == (120.5, 88.0)
    placed = loaded.image_position(8, 21.0290, 105.8550)
    assert placed == pytest.approx(pixel_of(21.0290, 105.8550), abs=0.5)
    assert loaded.image_position(9, None, None) is None
    assert loaded.without_position(7).image_position(7, None, None) is None
    assert not list((tmp_path / "config").glob("*.partial"))


def test_damaged_layout_is_kept_aside_not_lost(tmp_path: Path) -> None:
    store = MapLayoutStore(tmp_path)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() == MapLayout()
    assert "damaged" in store.problem
    assert (tmp_path / "camera_map.damaged.json").read_text(encoding="utf-8") == "{not json"
    store.path.write_text(json.dumps({"positions": {"x": [1, 2]}}), encoding="utf-8")
    assert store.load() == MapLayout() and store.problem
