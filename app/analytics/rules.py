"""Traffic and security rules over tracked frames.

Every rule reads the tracks of one frame (after rider association) and remembers what it has
already reported, so that one vehicle gives one violation per offence. Objects are placed at
the bottom centre of their box, where they touch the road.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from shapely.geometry import Point as ShapelyPoint

from app.analytics.scene import CountingLine, SceneConfig
from app.analytics.signal import VIETNAM, LightState, SignalReader
from app.analytics.types import (
    FOUR_WHEELERS,
    VEHICLE_CLASSES,
    Box,
    Point,
    RoadClass,
    TrackedFrame,
    TrackSnapshot,
)

VIOLATION_KINDS = ("red_light", "wrong_way", "wrong_lane", "illegal_stop", "too_many_riders",
                   "weaving")
EVENT_KINDS = ("line_cross", "crowd", "intrusion")
INTRUDERS = VEHICLE_CLASSES | {RoadClass.PERSON}


@dataclass(frozen=True)
class RuleHit:
    kind: str
    timestamp: float  # epoch seconds
    where: str  # the line, zone or lane name
    track_id: int | None = None
    road_class: RoadClass | None = None
    box: Box | None = None
    direction: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_violation(self) -> bool:
        return self.kind in VIOLATION_KINDS


@dataclass(frozen=True)
class RuleSettings:
    persist_s: float = 1.0  # wrong way / wrong lane must last this long
    min_speed_frac: float = 0.03  # of the frame height per second: slower counts as standing
    weaving_window_s: float = 5.0
    crowd_repeat_s: float = 60.0


def side_of(line: tuple[Point, Point], p: Point) -> float:
    (x1, y1), (x2, y2) = line
    return (x2 - x1) * (p[1] - y1) - (y2 - y1) * (p[0] - x1)


def crossed(line: tuple[Point, Point], a: Point, b: Point) -> str | None:
    """'a_to_b' when the move a→b passes from the negative to the positive side of the line
    (within the segment), 'b_to_a' for the opposite, None when it does not cross."""
    sa, sb = side_of(line, a), side_of(line, b)
    if sa == 0 or sb == 0 or (sa > 0) == (sb > 0):
        return None
    (x1, y1), (x2, y2) = line
    sc, sd = side_of((a, b), (x1, y1)), side_of((a, b), (x2, y2))
    if (sc > 0) == (sd > 0) and sc != 0 and sd != 0:
        return None  # crosses the infinite line outside the drawn segment
    return "a_to_b" if sa < 0 else "b_to_a"


def _class_allowed(track: TrackSnapshot, classes: tuple[str, ...], default: frozenset) -> bool:
    return track.road_class.value in classes if classes else track.road_class in default


class RuleEngine:
    def __init__(self, scene: SceneConfig, width: int, height: int, *,
                 settings: RuleSettings | None = None) -> None:
        self.scene = scene
        self.px = scene.scaled(width, height)
        self.settings = settings or RuleSettings()
        self.height = height
        self.signal = SignalReader(scene.signal, self.px.roi())
        self.light = LightState.UNKNOWN
        self._lines = [(line, self.px.line(line)) for line in scene.lines]
        self._stop = self.px.line(scene.stop_line) if scene.stop_line else None
        self._zones = [(zone, self.px.polygon(zone.polygon)) for zone in scene.zones]
        self._lanes = [(lane, self.px.polygon(lane.polygon)) for lane in scene.lanes]
        self._last_point: dict[int, Point] = {}
        self._done: set[tuple[str, str, int]] = set()
        self._since: dict[tuple[str, str, int], float] = {}
        self._still_since: dict[tuple[str, int], float] = {}
        self._crowd_at: dict[str, float] = defaultdict(lambda: -1e18)

    def process(self, frame: TrackedFrame, image_bgr: np.ndarray | None = None,
                epoch_offset: float = 0.0) -> list[RuleHit]:
        """``epoch_offset`` turns the frame's timestamp into epoch seconds (files: the start
        time of the recording; live frames already carry epoch time)."""
        now = frame.timestamp + epoch_offset
        self.light = self.signal.read(now, image_bgr)
        hits: list[RuleHit] = []
        seen: set[int] = set()
        for track in frame.tracks:
            seen.add(track.track_id)
            if track.lost:
                # A predicted position is a guess: rules wait until the object is seen again
                # (the crossing between the last seen and the next seen point still counts).
                continue
            point = track.bottom_centre
            previous = self._last_point.get(track.track_id)
            self._last_point[track.track_id] = point
            if previous is not None:
                hits += self._crossings(track, previous, point, now)
            hits += self._lane_rules(track, point, now)
            hits += self._zone_rules(track, point, now)
            hits += self._rider_rule(track, now)
            hits += self._weaving_rule(track, now)
        hits += self._crowd_rule(frame, now)
        for gone in set(self._last_point) - seen:
            del self._last_point[gone]
        return hits

    # Lines -------------------------------------------------------------------------------------
    def _crossings(self, track: TrackSnapshot, a: Point, b: Point, now: float) -> list[RuleHit]:
        hits = []
        for line, px in self._lines:
            direction = crossed(px, a, b)
            if direction is None or not self._wanted(line, direction):
                continue
            if not _class_allowed(track, line.classes, VEHICLE_CLASSES | {RoadClass.PERSON}):
                continue
            if self._once("line", line.name, track.track_id):
                hits.append(self._hit("line_cross", now, line.name, track, direction=direction))
        if self._stop is not None and self.scene.stop_line is not None:
            direction = crossed(self._stop, a, b)
            if (direction is not None and self._wanted(self.scene.stop_line, direction)
                    and track.road_class in VEHICLE_CLASSES
                    and self.light is LightState.RED
                    and self._once("red_light", "stop", track.track_id)):
                hits.append(self._hit("red_light", now, self.scene.stop_line.name, track,
                                      direction=direction, light=self.light.value))
        return hits

    @staticmethod
    def _wanted(line: CountingLine, direction: str) -> bool:
        return line.direction in ("both", direction)

    # Lanes: wrong way, wrong lane --------------------------------------------------------------
    def _lane_rules(self, track: TrackSnapshot, point: Point, now: float) -> list[RuleHit]:
        if track.road_class not in VEHICLE_CLASSES:
            return []
        hits = []
        motion = self._motion(track)
        for lane, polygon in self._lanes:
            if not polygon.contains(ShapelyPoint(point)):
                self._since.pop(("wrong_way", lane.name, track.track_id), None)
                self._since.pop(("wrong_lane", lane.name, track.track_id), None)
                continue
            against = False
            if lane.one_way and motion is not None:
                dx, dy = lane.direction
                norm = math.hypot(dx, dy) * math.hypot(*motion)
                against = norm > 0 and (dx * motion[0] + dy * motion[1]) / norm < -0.5
            if self._lasting("wrong_way", lane.name, track, against, now):
                hits.append(self._hit("wrong_way", now, lane.name, track))
            wrong_class = bool(lane.classes) and track.road_class.value not in lane.classes
            if self._lasting("wrong_lane", lane.name, track, wrong_class, now):
                hits.append(self._hit("wrong_lane", now, lane.name, track,
                                      allowed=list(lane.classes)))
        return hits

    def _motion(self, track: TrackSnapshot) -> Point | None:
        """Displacement per second over the last second of history, if it is a real move."""
        history = [h for h in track.history if h[0] >= track.history[-1][0] - 1.0] \
            if track.history else []
        if len(history) < 2 or history[-1][0] - history[0][0] < 0.3:
            return None
        dt = history[-1][0] - history[0][0]
        vx = (history[-1][1] - history[0][1]) / dt
        vy = (history[-1][2] - history[0][2]) / dt
        if math.hypot(vx, vy) < self.settings.min_speed_frac * self.height:
            return None
        return (vx, vy)

    def _lasting(self, kind: str, where: str, track: TrackSnapshot, condition: bool,
                 now: float) -> bool:
        key = (kind, where, track.track_id)
        if not condition:
            self._since.pop(key, None)
            return False
        start = self._since.setdefault(key, now)
        return now - start >= self.settings.persist_s and self._once(kind, where, track.track_id)

    # Zones: stopping, intrusion -----------------------------------------------------------------
    def _zone_rules(self, track: TrackSnapshot, point: Point, now: float) -> list[RuleHit]:
        hits = []
        for zone, polygon in self._zones:
            inside = polygon.contains(ShapelyPoint(point))
            key = (zone.name, track.track_id)
            if zone.kind == "no_stopping" and track.road_class in VEHICLE_CLASSES:
                standing = inside and self._motion(track) is None and track.age_s >= 0.5
                if not standing:
                    self._still_since.pop(key, None)
                    continue
                start = self._still_since.setdefault(key, now)
                if now - start >= zone.dwell_s and self._once("stop", zone.name, track.track_id):
                    hits.append(self._hit("illegal_stop", now, zone.name, track,
                                          dwell_s=round(now - start, 1)))
            elif (zone.kind == "intrusion" and inside and self._armed(zone.armed_hours, now)
                  and _class_allowed(track, zone.classes, INTRUDERS)
                  and self._once("intrusion", zone.name, track.track_id)):
                hits.append(self._hit("intrusion", now, zone.name, track))
        return hits

    @staticmethod
    def _armed(hours: tuple[int, int] | None, now: float) -> bool:
        if hours is None:
            return True
        hour = datetime.fromtimestamp(now, VIETNAM).hour
        start, end = hours
        return start <= hour < end if start <= end else (hour >= start or hour < end)

    def _crowd_rule(self, frame: TrackedFrame, now: float) -> list[RuleHit]:
        hits = []
        for zone, polygon in self._zones:
            if zone.kind != "crowd":
                continue
            persons = [t for t in frame.tracks if t.road_class is RoadClass.PERSON and not t.lost
                       and polygon.contains(ShapelyPoint(t.bottom_centre))]
            if len(persons) > zone.max_persons and \
                    now - self._crowd_at[zone.name] >= self.settings.crowd_repeat_s:
                self._crowd_at[zone.name] = now
                hits.append(RuleHit("crowd", now, zone.name,
                                    details={"persons": len(persons), "limit": zone.max_persons}))
        return hits

    # Riders, weaving ----------------------------------------------------------------------------
    def _rider_rule(self, track: TrackSnapshot, now: float) -> list[RuleHit]:
        too_many = (track.road_class is RoadClass.TWO_WHEELER
                    and track.riders > self.scene.max_riders)
        if self._lasting("too_many_riders", "", track, too_many, now):
            return [self._hit("too_many_riders", now, "", track, riders=track.riders)]
        return []

    def _weaving_rule(self, track: TrackSnapshot, now: float) -> list[RuleHit]:
        if track.road_class not in VEHICLE_CLASSES:
            return []
        reversals = lateral_reversals(track, self.settings.weaving_window_s)
        if reversals >= self.scene.weaving_threshold and self._once("weaving", "",
                                                                     track.track_id):
            return [self._hit("weaving", now, "", track, reversals=reversals)]
        return []

    # Helpers ------------------------------------------------------------------------------------
    def _once(self, kind: str, where: str, track_id: int) -> bool:
        key = (kind, where, track_id)
        if key in self._done:
            return False
        self._done.add(key)
        return True

    @staticmethod
    def _hit(kind: str, now: float, where: str, track: TrackSnapshot, *, direction: str = "",
             **details: Any) -> RuleHit:
        return RuleHit(kind, now, where, track.track_id, track.road_class, track.box, direction,
                       dict(details, riders=track.riders) if kind == "too_many_riders"
                       else details)


def lateral_reversals(track: TrackSnapshot, window_s: float) -> int:
    """How often the track swings from one side of its own course to the other, counting only
    swings wider than a quarter of its box width (jitter of the box is smaller)."""
    if not track.history:
        return 0
    recent = np.array([h for h in track.history if h[0] >= track.history[-1][0] - window_s])
    if len(recent) < 6:
        return 0
    xy = recent[:, 1:3]
    course = xy[-1] - xy[0]
    length = float(np.hypot(*course))
    if length < 1e-6:
        return 0
    normal = np.array([-course[1], course[0]]) / length
    lateral = (xy - xy[0]) @ normal
    amplitude = 0.25 * max(track.box[2] - track.box[0], 1.0)
    reversals, extreme, sign = 0, 0.0, 0
    for value in lateral:
        if sign >= 0 and value < extreme - amplitude:
            reversals += sign == 1
            sign, extreme = -1, value
        elif sign <= 0 and value > extreme + amplitude:
            reversals += sign == -1
            sign, extreme = 1, value
        elif (sign >= 0 and value > extreme) or (sign <= 0 and value < extreme):
            extreme = value
    return reversals


def violation_code(hit: RuleHit) -> str | None:
    """The catalogue entry (ND 168/2024 article/clause/point) for a violation hit."""
    bike = hit.road_class is RoadClass.TWO_WHEELER
    car = hit.road_class in FOUR_WHEELERS
    if not (bike or car):
        return None
    if hit.kind == "too_many_riders":
        if not bike:
            return None
        return "7/3/b" if int(hit.details.get("riders", 0)) >= 4 else "7/2/g"
    codes = {"red_light": ("7/7/c", "6/9/b"), "wrong_way": ("7/7/a", "6/9/d"),
             "wrong_lane": ("7/3/d", "6/5/b"), "illegal_stop": ("7/2/d", "6/2/d"),
             "weaving": ("7/9/a", "6/12")}
    pair = codes.get(hit.kind)
    return None if pair is None else pair[0 if bike else 1]
