"""Offline camera map: calibrating an imported image (floor plan, scanned map) against lat/lon,
and the stored map layout (image reference, reference points, camera positions on the image).

Duty rooms are often air-gapped, so the map never downloads tiles: either the user imports an
image and ties it to the ground with reference points of known latitude/longitude, or cameras
are plotted by their coordinates on a plain grid.

Maths: lat/lon are first projected to local east/north metres around the reference points'
centroid (equirectangular; exact enough over a commune, a few km). Two points fix a similarity
(scale, rotation, shift: a scan may be rotated but not sheared); three or more points give a
least-squares affine transform, which also absorbs a scanner's unequal x/y scale. Residuals
(metres) tell the user how well the points agree.

The layout is a small JSON file under AppPaths.config_dir, written atomically, because it is a
per-workstation view setting, not shared case data.
"""
from __future__ import annotations

import json
import logging
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

EARTH_RADIUS_M = 6_371_008.8
LAYOUT_FILE = "camera_map.json"
LAYOUT_VERSION = 1
IMAGE_MODE = "image"
GRID_MODE = "grid"


class CalibrationError(ValueError):
    """Reference points that cannot define a map (too few, coincident, collinear...)."""


@dataclass(frozen=True)
class ReferencePoint:
    x: float  # image pixels, y grows downwards
    y: float
    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise CalibrationError(f"Latitude {self.lat} / longitude {self.lon} is not on Earth.")
        if not all(math.isfinite(v) for v in (self.x, self.y, self.lat, self.lon)):
            raise CalibrationError("Reference point coordinates must be finite numbers.")


@dataclass(frozen=True)
class Calibration:
    """pixel = A · (east, north) + t, with (east, north) metres around (lat0, lon0)."""

    lat0: float
    lon0: float
    matrix: tuple[float, float, float, float]  # a, b, c, d: x = a·e + b·n + tx; y = c·e + d·n + ty
    offset: tuple[float, float]
    residuals_m: tuple[float, ...]

    @property
    def max_error_m(self) -> float:
        return max(self.residuals_m, default=0.0)

    @property
    def metres_per_pixel(self) -> float:
        a, b, c, d = self.matrix
        det = abs(a * d - b * c)
        return 1.0 / math.sqrt(det) if det > 0 else math.inf

    def to_pixel(self, lat: float, lon: float) -> tuple[float, float]:
        east, north = _project(lat, lon, self.lat0, self.lon0)
        a, b, c, d = self.matrix
        return (a * east + b * north + self.offset[0], c * east + d * north + self.offset[1])

    def to_latlon(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d = self.matrix
        det = a * d - b * c
        px, py = x - self.offset[0], y - self.offset[1]
        east = (d * px - b * py) / det
        north = (-c * px + a * py) / det
        return _unproject(east, north, self.lat0, self.lon0)


def _project(lat: float, lon: float, lat0: float, lon0: float) -> tuple[float, float]:
    east = math.radians(lon - lon0) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    north = math.radians(lat - lat0) * EARTH_RADIUS_M
    return east, north


def local_metres(lat: float, lon: float, lat0: float, lon0: float) -> tuple[float, float]:
    """(east, north) metres of a point from (lat0, lon0), for plotting without an image."""
    return _project(lat, lon, lat0, lon0)


def from_local_metres(east: float, north: float, lat0: float, lon0: float
                      ) -> tuple[float, float]:
    return _unproject(east, north, lat0, lon0)


def _unproject(east: float, north: float, lat0: float, lon0: float) -> tuple[float, float]:
    lat = lat0 + math.degrees(north / EARTH_RADIUS_M)
    lon = lon0 + math.degrees(east / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    return lat, lon


def calibrate(points: Sequence[ReferencePoint]) -> Calibration:
    """Fit the image to the ground from two or more reference points."""
    if len(points) < 2:
        raise CalibrationError("At least two reference points are needed.")
    lat0 = sum(p.lat for p in points) / len(points)
    lon0 = sum(p.lon for p in points) / len(points)
    ground = [_project(p.lat, p.lon, lat0, lon0) for p in points]
    pixels = [(p.x, p.y) for p in points]
    spread_ground = max(math.dist(g, ground[0]) for g in ground)
    spread_pixels = max(math.dist(q, pixels[0]) for q in pixels)
    if spread_ground < 1.0 or spread_pixels < 5.0:
        raise CalibrationError("The reference points are (almost) at the same place; pick "
                               "points far apart on the map.")
    if len(points) == 2:
        matrix, offset = _similarity(ground, pixels)
    else:
        fitted = _affine(ground, pixels)
        matrix, offset = fitted if fitted is not None else _similarity(ground, pixels)
    provisional = Calibration(lat0, lon0, matrix, offset, ())
    residuals = []
    for point, (east, north) in zip(points, ground, strict=True):
        back_e, back_n = _project(*provisional.to_latlon(point.x, point.y), lat0, lon0)
        residuals.append(math.hypot(back_e - east, back_n - north))
    return replace(provisional, residuals_m=tuple(residuals))


def _similarity(ground: list[tuple[float, float]], pixels: list[tuple[float, float]]
                ) -> tuple[tuple[float, float, float, float], tuple[float, float]]:
    """Least-squares similarity with a y flip (north is up on the image, pixel y is down)."""
    n = len(ground)
    ge = sum(g[0] for g in ground) / n
    gn = sum(g[1] for g in ground) / n
    px = sum(p[0] for p in pixels) / n
    py = sum(p[1] for p in pixels) / n
    # Work in (east, -north) so that the mapping is a rotation + scale in a right-handed frame.
    num_a = num_b = den = 0.0
    for (e, no), (x, y) in zip(ground, pixels, strict=True):
        u, v = e - ge, -(no - gn)
        X, Y = x - px, y - py
        num_a += u * X + v * Y
        num_b += u * Y - v * X
        den += u * u + v * v
    if den <= 0:
        raise CalibrationError("The reference points are at the same place on the ground.")
    s_cos, s_sin = num_a / den, num_b / den
    # x = s_cos·u − s_sin·v, y = s_sin·u + s_cos·v, with v = −north.
    a, b = s_cos, s_sin
    c, d = s_sin, -s_cos
    offset = (px - (a * ge + b * gn), py - (c * ge + d * gn))
    return (a, b, c, d), offset


def _affine(ground: list[tuple[float, float]], pixels: list[tuple[float, float]]
            ) -> tuple[tuple[float, float, float, float], tuple[float, float]] | None:
    """Least-squares affine fit (normal equations, 3×3); None when the points are collinear."""
    sums = [[0.0] * 3 for _ in range(3)]
    rhs_x = [0.0] * 3
    rhs_y = [0.0] * 3
    for (e, no), (x, y) in zip(ground, pixels, strict=True):
        row = (e, no, 1.0)
        for i in range(3):
            for j in range(3):
                sums[i][j] += row[i] * row[j]
            rhs_x[i] += row[i] * x
            rhs_y[i] += row[i] * y
    solved_x = _solve3(sums, rhs_x)
    solved_y = _solve3(sums, rhs_y)
    if solved_x is None or solved_y is None:
        return None
    return (solved_x[0], solved_x[1], solved_y[0], solved_y[1]), (solved_x[2], solved_y[2])


def _solve3(m: list[list[float]], v: list[float]) -> list[float] | None:
    det = _det3(m)
    scale = max(abs(x) for row in m for x in row) or 1.0
    if abs(det) < 1e-9 * scale ** 3:
        return None
    result = []
    for column in range(3):
        replaced = [[v[r] if c == column else m[r][c] for c in range(3)] for r in range(3)]
        result.append(_det3(replaced) / det)
    return result


def _det3(m: list[list[float]]) -> float:
    return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))


# ---------------------------------------------------------------------------- layout file
@dataclass(frozen=True)
class MapLayout:
    mode: str = GRID_MODE
    image_path: str = ""  # the imported image, as the user chose it
    image_sha256: str = ""  # to notice that the file was replaced by another picture
    reference_points: tuple[ReferencePoint, ...] = ()
    positions: dict[int, tuple[float, float]] = field(default_factory=dict)  # camera → pixel

    @property
    def calibration(self) -> Calibration | None:
        if len(self.reference_points) < 2:
            return None
        try:
            return calibrate(self.reference_points)
        except CalibrationError:
            return None

    def with_position(self, camera_id: int, x: float, y: float) -> MapLayout:
        return replace(self, positions={**self.positions, camera_id: (float(x), float(y))})

    def without_position(self, camera_id: int) -> MapLayout:
        return replace(self, positions={k: v for k, v in self.positions.items()
                                        if k != camera_id})

    def image_position(self, camera_id: int, lat: float | None, lon: float | None
                       ) -> tuple[float, float] | None:
        """Where a camera sits on the image: placed by hand, else from its coordinates."""
        if camera_id in self.positions:
            return self.positions[camera_id]
        calibration = self.calibration
        if calibration is not None and lat is not None and lon is not None:
            return calibration.to_pixel(lat, lon)
        return None

    def to_json(self) -> dict[str, Any]:
        return {"version": LAYOUT_VERSION, "mode": self.mode, "image_path": self.image_path,
                "image_sha256": self.image_sha256,
                "reference_points": [{"x": p.x, "y": p.y, "lat": p.lat, "lon": p.lon}
                                     for p in self.reference_points],
                "positions": {str(k): [v[0], v[1]] for k, v in sorted(self.positions.items())}}

    @classmethod
    def from_json(cls, raw: Any) -> MapLayout:
        if not isinstance(raw, dict):
            raise TypeError("the map layout is not a JSON object")
        mode = raw.get("mode", GRID_MODE)
        points = tuple(ReferencePoint(float(p["x"]), float(p["y"]), float(p["lat"]),
                                      float(p["lon"])) for p in raw.get("reference_points", []))
        positions = {int(k): (float(v[0]), float(v[1]))
                     for k, v in dict(raw.get("positions", {})).items()}
        return cls(mode=mode if mode in (IMAGE_MODE, GRID_MODE) else GRID_MODE,
                   image_path=str(raw.get("image_path", "")),
                   image_sha256=str(raw.get("image_sha256", "")),
                   reference_points=points, positions=positions)


class MapLayoutStore:
    """Loads and saves the map layout JSON; a damaged file is kept aside, never lost."""

    def __init__(self, config_dir: Path, name: str = LAYOUT_FILE) -> None:
        self.path = Path(config_dir) / name
        self.problem = ""  # a user-facing note after load() met a damaged file

    def load(self) -> MapLayout:
        self.problem = ""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return MapLayout()
        except OSError as exc:
            self.problem = f"The map layout {self.path} cannot be read ({exc.strerror or exc})."
            log.warning("%s", self.problem)
            return MapLayout()
        try:
            return MapLayout.from_json(json.loads(text))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            aside = self.path.with_suffix(".damaged.json")
            try:
                os.replace(self.path, aside)
            except OSError:
                aside = self.path
            self.problem = (f"The map layout was damaged ({exc}); it was kept as {aside} and an "
                            f"empty map is shown.")
            log.warning("%s", self.problem)
            return MapLayout()

    def save(self, layout: MapLayout) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(layout.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".camera_map-",
                                    suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


__all__ = [
    "GRID_MODE",
    "IMAGE_MODE",
    "Calibration",
    "CalibrationError",
    "MapLayout",
    "MapLayoutStore",
    "ReferencePoint",
    "calibrate",
    "from_local_metres",
    "local_metres",
]
