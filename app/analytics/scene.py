"""Per-camera scene configuration: counting lines, zones, lanes, stop line and signal.

Stored in AnalyticsConfig (JSON columns) in normalised coordinates (0–1), so a configuration
survives a change of stream resolution and can be copied between cameras of the same view.
``validate`` refuses what would make the rules silently wrong: points outside the image,
degenerate lines, self-intersecting or tiny polygons, unknown classes, bad schedules.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from shapely.geometry import Polygon

from app.analytics.types import Point, RoadClass

DIRECTIONS = ("both", "a_to_b", "b_to_a")  # a→b: from the left of (p1→p2) to its right
ZONE_KINDS = ("no_stopping", "crowd", "intrusion", "count")


class SceneError(ValueError):
    """A configuration the rules cannot use; the message names the item and the problem."""


@dataclass(frozen=True)
class CountingLine:
    name: str
    p1: Point
    p2: Point
    direction: str = "both"
    classes: tuple[str, ...] = ()  # empty: every vehicle class


@dataclass(frozen=True)
class Zone:
    name: str
    polygon: tuple[Point, ...]
    kind: str = "no_stopping"
    dwell_s: float = 60.0  # no_stopping: longer than this is a violation
    max_persons: int = 20  # crowd: more than this raises an event
    armed_hours: tuple[int, int] | None = None  # intrusion: (start hour, end hour), local time
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lane:
    name: str
    polygon: tuple[Point, ...]
    direction: Point  # allowed travel direction (normalised vector, image coordinates)
    classes: tuple[str, ...] = ()  # allowed classes; empty: every class
    one_way: bool = True


@dataclass(frozen=True)
class SignalConfig:
    """Where the red light is seen (a rectangle), or a fixed cycle when it is not visible."""

    roi: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 normalised
    cycle_s: float | None = None
    red_s: float | None = None
    offset_s: float = 0.0  # seconds after midnight (local) at which a red phase starts


@dataclass(frozen=True)
class SceneConfig:
    lines: tuple[CountingLine, ...] = ()
    zones: tuple[Zone, ...] = ()
    lanes: tuple[Lane, ...] = ()
    stop_line: CountingLine | None = None  # direction = the way traffic crosses it
    signal: SignalConfig | None = None
    max_riders: int = 2  # three or more persons on one motorbike is the offence
    weaving_threshold: float = 3.0  # lateral reversals within the window, see rules
    version: int = 1
    extra: Mapping[str, Any] = field(default_factory=dict)

    # Storage (AnalyticsConfig columns) ---------------------------------------------------------
    def to_columns(self) -> dict[str, Any]:
        return {
            "lines": [asdict(line) for line in self.lines],
            "zones": [asdict(zone) for zone in self.zones],
            "lanes": [asdict(lane) for lane in self.lanes],
            "stop_line": asdict(self.stop_line) if self.stop_line else None,
            "signal_roi": asdict(self.signal) if self.signal else None,
            "options": {"max_riders": self.max_riders,
                        "weaving_threshold": self.weaving_threshold, **self.extra},
        }

    @classmethod
    def from_columns(cls, lines: Sequence[Any] | None, zones: Sequence[Any] | None,
                     lanes: Sequence[Any] | None, stop_line: Mapping[str, Any] | None,
                     signal_roi: Mapping[str, Any] | None,
                     options: Mapping[str, Any] | None) -> SceneConfig:
        try:
            opts = dict(options or {})
            max_riders = int(opts.pop("max_riders", 2))
            weaving = float(opts.pop("weaving_threshold", 3.0))
            return validate(cls(
                lines=tuple(_line(item) for item in lines or ()),
                zones=tuple(_zone(item) for item in zones or ()),
                lanes=tuple(_lane(item) for item in lanes or ()),
                stop_line=_line(stop_line) if stop_line else None,
                signal=_signal(signal_roi) if signal_roi else None,
                max_riders=max_riders, weaving_threshold=weaving, extra=opts))
        except SceneError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise SceneError(f"the stored scene configuration is unreadable: {exc!r}") from None

    def scaled(self, width: int, height: int) -> PixelScene:
        return PixelScene(self, width, height)


def _pt(value: Sequence[float]) -> Point:
    return (float(value[0]), float(value[1]))


def _line(d: Mapping[str, Any]) -> CountingLine:
    return CountingLine(str(d["name"]), _pt(d["p1"]), _pt(d["p2"]), str(d.get("direction", "both")),
                        tuple(d.get("classes", ())))


def _zone(d: Mapping[str, Any]) -> Zone:
    hours = d.get("armed_hours")
    return Zone(str(d["name"]), tuple(_pt(p) for p in d["polygon"]), str(d.get("kind", "no_stopping")),
                float(d.get("dwell_s", 60.0)), int(d.get("max_persons", 20)),
                (int(hours[0]), int(hours[1])) if hours else None, tuple(d.get("classes", ())))


def _lane(d: Mapping[str, Any]) -> Lane:
    return Lane(str(d["name"]), tuple(_pt(p) for p in d["polygon"]), _pt(d["direction"]),
                tuple(d.get("classes", ())), bool(d.get("one_way", True)))


def _signal(d: Mapping[str, Any]) -> SignalConfig:
    roi = d.get("roi")
    return SignalConfig(tuple(float(v) for v in roi) if roi else None,  # type: ignore[arg-type]
                        d.get("cycle_s"), d.get("red_s"), float(d.get("offset_s", 0.0)))


# Validation ----------------------------------------------------------------------------------
_CLASSES = {c.value for c in RoadClass}


def _check_point(p: Point, where: str) -> None:
    if not all(math.isfinite(v) and -1e-9 <= v <= 1 + 1e-9 for v in p):
        raise SceneError(f"{where}: point {p} is outside the image (coordinates run 0–1)")


def _check_classes(classes: Sequence[str], where: str) -> None:
    unknown = sorted(set(classes) - _CLASSES)
    if unknown:
        raise SceneError(f"{where}: unknown classes {', '.join(unknown)}")


def _check_polygon(points: Sequence[Point], where: str) -> None:
    if len(points) < 3:
        raise SceneError(f"{where}: a zone needs at least 3 points")
    for p in points:
        _check_point(p, where)
    polygon = Polygon(points)
    if not polygon.is_valid:
        raise SceneError(f"{where}: the outline crosses itself; draw the points in order "
                         "around the area")
    if polygon.area < 1e-4:
        raise SceneError(f"{where}: the area is too small to use")


def _check_line(line: CountingLine, where: str) -> None:
    _check_point(line.p1, where)
    _check_point(line.p2, where)
    if math.dist(line.p1, line.p2) < 0.01:
        raise SceneError(f"{where}: the two ends are too close together")
    if line.direction not in DIRECTIONS:
        raise SceneError(f"{where}: direction must be one of {', '.join(DIRECTIONS)}")
    _check_classes(line.classes, where)


def validate(scene: SceneConfig) -> SceneConfig:
    names: set[str] = set()
    for line in scene.lines:
        _check_line(line, f"line {line.name!r}")
        if line.name in names:
            raise SceneError(f"two items are named {line.name!r}")
        names.add(line.name)
    for zone in scene.zones:
        where = f"zone {zone.name!r}"
        _check_polygon(zone.polygon, where)
        if zone.kind not in ZONE_KINDS:
            raise SceneError(f"{where}: kind must be one of {', '.join(ZONE_KINDS)}")
        if zone.dwell_s <= 0 or zone.max_persons < 1:
            raise SceneError(f"{where}: dwell time and person limit must be positive")
        if zone.armed_hours and not all(0 <= h <= 24 for h in zone.armed_hours):
            raise SceneError(f"{where}: armed hours run 0–24")
        _check_classes(zone.classes, where)
    for lane in scene.lanes:
        where = f"lane {lane.name!r}"
        _check_polygon(lane.polygon, where)
        if math.hypot(*lane.direction) < 1e-6:
            raise SceneError(f"{where}: the allowed direction is missing")
        _check_classes(lane.classes, where)
    if scene.stop_line is not None:
        _check_line(scene.stop_line, "stop line")
        if scene.signal is None:
            raise SceneError("stop line: mark the traffic light, or give a signal schedule")
    if scene.signal is not None:
        sig = scene.signal
        if sig.roi is None and not (sig.cycle_s and sig.red_s):
            raise SceneError("signal: mark the light's region or give cycle and red times")
        if sig.roi is not None:
            x0, y0, x1, y1 = sig.roi
            _check_point((x0, y0), "signal region")
            _check_point((x1, y1), "signal region")
            if x1 <= x0 or y1 <= y0:
                raise SceneError("signal region: draw it from top-left to bottom-right")
        if sig.cycle_s is not None and sig.red_s is not None and not 0 < sig.red_s < sig.cycle_s:
            raise SceneError("signal: the red time must be shorter than the cycle")
    if scene.max_riders < 1:
        raise SceneError("the number of riders allowed must be at least 1")
    return scene


def copy_scene(scene: SceneConfig) -> SceneConfig:
    """What "copy this configuration to another camera" stores (a fresh version count)."""
    return replace(validate(scene), version=1)


# Pixel geometry for the rules -----------------------------------------------------------------
class PixelScene:
    def __init__(self, scene: SceneConfig, width: int, height: int) -> None:
        self.scene = scene
        self.width, self.height = width, height

    def point(self, p: Point) -> Point:
        return (p[0] * self.width, p[1] * self.height)

    def polygon(self, points: Sequence[Point]) -> Polygon:
        return Polygon([self.point(p) for p in points])

    def line(self, line: CountingLine) -> tuple[Point, Point]:
        return self.point(line.p1), self.point(line.p2)

    def roi(self) -> tuple[int, int, int, int] | None:
        if not self.scene.signal or not self.scene.signal.roi:
            return None
        x0, y0, x1, y1 = self.scene.signal.roi
        return (int(x0 * self.width), int(y0 * self.height), int(x1 * self.width),
                int(y1 * self.height))
