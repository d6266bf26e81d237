"""Every rule on synthetic tracks, both outcomes, through the real tracker and rules."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import cv2
import numpy as np
import pytest

from app.analytics.rules import violation_code
from app.analytics.scene import CountingLine, Lane, SceneConfig, SignalConfig, Zone
from app.analytics.signal import LightState, light_from_colour
from app.analytics.types import RoadClass
from tests.analytics_support import Mover, hits_of, linear, offset, run_scene

VN = timezone(timedelta(hours=7))
LINE = CountingLine("gate", (0.0, 0.5), (1.0, 0.5), "both")
CAR, BIKE, PERSON, BUS = RoadClass.CAR, RoadClass.TWO_WHEELER, RoadClass.PERSON, RoadClass.BUS


def _epoch(hour: int, minute: int = 0, second: int = 0) -> float:
    return datetime(2026, 11, 20, hour, minute, second, tzinfo=VN).timestamp()


def test_counting_line_counts_each_crossing_once_with_direction() -> None:
    scene = SceneConfig(lines=(LINE,))
    down = Mover(CAR, linear((300, 200), (300, 800), 0, 3))
    up = Mover(BUS, linear((700, 800), (700, 200), 0, 3), 0.95)
    beside = Mover(CAR, linear((500, 100), (500, 400), 0, 3))  # never reaches the line
    updates = run_scene(scene, [down, up, beside], 4)
    crossings = hits_of(updates, "line_cross")
    assert sorted((h.road_class, h.direction) for h in crossings) == [
        (BUS, "b_to_a"), (CAR, "a_to_b")]
    assert updates[-1].counts == {"car": 1, "bus": 1}


def test_counting_line_direction_filter() -> None:
    scene = SceneConfig(lines=(CountingLine("in", (0.0, 0.5), (1.0, 0.5), "b_to_a"),))
    updates = run_scene(scene, [Mover(CAR, linear((300, 200), (300, 800), 0, 3)),
                                Mover(CAR, linear((700, 800), (700, 200), 0, 3))], 4)
    assert [h.direction for h in hits_of(updates, "line_cross")] == ["b_to_a"]


def _red_light_scene(red_from_s: float) -> SceneConfig:
    stop = CountingLine("stop", (0.0, 0.5), (1.0, 0.5), "a_to_b")
    return SceneConfig(stop_line=stop, signal=SignalConfig(cycle_s=60, red_s=30,
                                                           offset_s=red_from_s))


@pytest.mark.parametrize(("cls", "code"), [(CAR, "6/9/b"), (BIKE, "7/7/c")])
def test_red_light_crossing_while_red_is_a_violation(cls: RoadClass, code: str) -> None:
    # 08:00:00 local: the red phase starts at 08:00:00 (offset in seconds after midnight).
    scene = _red_light_scene(8 * 3600)
    updates = run_scene(scene, [Mover(cls, linear((500, 300), (500, 700), 0, 2))], 3,
                        epoch_offset=_epoch(8, 0, 5))
    hits = hits_of(updates, "red_light")
    assert len(hits) == 1 and violation_code(hits[0]) == code


def test_crossing_on_green_or_against_the_stop_direction_is_not() -> None:
    scene = _red_light_scene(8 * 3600)
    green = run_scene(scene, [Mover(CAR, linear((500, 300), (500, 700), 0, 2))], 3,
                      epoch_offset=_epoch(8, 0, 35))  # 35 s into a 30 s red phase: green
    assert hits_of(green, "red_light") == []
    backwards = run_scene(scene, [Mover(CAR, linear((500, 700), (500, 300), 0, 2))], 3,
                          epoch_offset=_epoch(8, 0, 5))
    assert hits_of(backwards, "red_light") == []


def test_light_state_is_read_from_the_signal_region() -> None:
    image = np.zeros((1000, 1000, 3), np.uint8)
    cv2.circle(image, (55, 55), 20, (0, 0, 255), -1)  # a lit red lamp (BGR)
    assert light_from_colour(image[0:110, 0:110]) is LightState.RED
    green = np.zeros_like(image)
    cv2.circle(green, (55, 55), 20, (0, 220, 0), -1)
    assert light_from_colour(green[0:110, 0:110]) is LightState.GREEN
    assert light_from_colour(np.zeros((110, 110, 3), np.uint8)) is LightState.UNKNOWN

    scene = SceneConfig(stop_line=CountingLine("stop", (0.0, 0.5), (1.0, 0.5), "a_to_b"),
                        signal=SignalConfig(roi=(0.0, 0.0, 0.11, 0.11)))
    car = [Mover(CAR, linear((500, 300), (500, 700), 0, 2))]
    assert len(hits_of(run_scene(scene, car, 3, image=image), "red_light")) == 1
    assert hits_of(run_scene(scene, car, 3, image=green), "red_light") == []


def _lane(classes: tuple[str, ...] = ()) -> Lane:
    # The lane covers the right half; traffic must move down the image.
    return Lane("right", ((0.5, 0.0), (1.0, 0.0), (1.0, 1.0), (0.5, 1.0)), (0.0, 1.0),
                classes)


@pytest.mark.parametrize(("cls", "code"), [(CAR, "6/9/d"), (BIKE, "7/7/a")])
def test_wrong_way_in_a_one_way_lane(cls: RoadClass, code: str) -> None:
    scene = SceneConfig(lanes=(_lane(),))
    against = run_scene(scene, [Mover(cls, linear((750, 900), (750, 100), 0, 4))], 4)
    hits = hits_of(against, "wrong_way")
    assert len(hits) == 1 and violation_code(hits[0]) == code
    along = run_scene(scene, [Mover(cls, linear((750, 100), (750, 900), 0, 4))], 4)
    assert hits_of(along, "wrong_way") == []


def test_wrong_lane_for_a_class_not_allowed() -> None:
    scene = SceneConfig(lanes=(_lane(("bus",)),))
    car = run_scene(scene, [Mover(CAR, linear((750, 100), (750, 900), 0, 4))], 4)
    hits = hits_of(car, "wrong_lane")
    assert len(hits) == 1 and violation_code(hits[0]) == "6/5/b"
    bus = run_scene(scene, [Mover(BUS, linear((750, 100), (750, 900), 0, 4), 0.95)], 4)
    assert hits_of(bus, "wrong_lane") == []
    outside = run_scene(scene, [Mover(CAR, linear((250, 100), (250, 900), 0, 4))], 4)
    assert hits_of(outside, "wrong_lane") == []


def _no_stopping(dwell_s: float = 3.0) -> SceneConfig:
    return SceneConfig(zones=(Zone("bus stop", ((0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7)),
                                   "no_stopping", dwell_s=dwell_s),))


def test_stopping_in_a_no_stopping_zone_longer_than_allowed() -> None:
    parked = Mover(CAR, linear((500, 600), (500, 600), 0, 6))
    hits = hits_of(run_scene(_no_stopping(3.0), [parked], 6), "illegal_stop")
    assert len(hits) == 1 and violation_code(hits[0]) == "6/2/d"
    brief = hits_of(run_scene(_no_stopping(10.0), [parked], 6), "illegal_stop")
    assert brief == []
    passing = Mover(CAR, linear((500, 100), (500, 900), 0, 3))
    assert hits_of(run_scene(_no_stopping(1.0), [passing], 4), "illegal_stop") == []


def _bike_with_riders(riders: int) -> list[Mover]:
    bike = linear((500, 150), (500, 850), 0, 4, size=(50, 70))
    movers = [Mover(BIKE, bike)]
    for i in range(riders):
        # Riders sit on the bike: their feet on its box, offset a little from each other.
        movers.append(Mover(PERSON, offset(bike, dx=-12 + 12 * i, dy=-10, size=(30, 80)), 0.8))
    return movers


@pytest.mark.parametrize(("riders", "code"), [(3, "7/2/g"), (4, "7/3/b")])
def test_too_many_riders(riders: int, code: str) -> None:
    hits = hits_of(run_scene(SceneConfig(), _bike_with_riders(riders), 4), "too_many_riders")
    assert len(hits) == 1 and violation_code(hits[0]) == code
    assert hits[0].details["riders"] == riders


def test_two_riders_are_allowed_and_not_counted_as_pedestrians() -> None:
    scene = SceneConfig(lines=(LINE,))
    updates = run_scene(scene, _bike_with_riders(2), 4)
    assert hits_of(updates, "too_many_riders") == []
    assert updates[-1].counts == {"two_wheeler": 1}


def _zigzag(t: float) -> tuple[float, float, float, float] | None:
    if t > 5:
        return None
    x = 500 + 50 * np.sin(2 * np.pi * 0.5 * t)  # swings 2 bike widths side to side
    y = 100 + 160 * t
    return (x - 25, y - 60, x + 25, y)


@pytest.mark.parametrize(("cls", "code"), [(BIKE, "7/9/a"), (CAR, "6/12")])
def test_weaving(cls: RoadClass, code: str) -> None:
    hits = hits_of(run_scene(SceneConfig(), [Mover(cls, _zigzag)], 5, fps=10), "weaving")
    assert len(hits) == 1 and violation_code(hits[0]) == code
    straight = run_scene(SceneConfig(), [Mover(cls, linear((500, 100), (500, 900), 0, 5))], 5)
    assert hits_of(straight, "weaving") == []


def test_crowd_above_the_limit_raises_an_event() -> None:
    zone = Zone("square", ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)), "crowd",
                max_persons=5)
    people = [Mover(PERSON, linear((100 + 150 * i, 500), (110 + 150 * i, 500), 0, 3))
              for i in range(6)]
    hits = hits_of(run_scene(SceneConfig(zones=(zone,)), people, 3), "crowd")
    assert len(hits) == 1 and hits[0].details["persons"] == 6
    few = hits_of(run_scene(SceneConfig(zones=(zone,)), people[:3], 3), "crowd")
    assert few == []


def test_intrusion_only_in_armed_hours() -> None:
    zone = Zone("yard", ((0.5, 0.0), (1.0, 0.0), (1.0, 1.0), (0.5, 1.0)), "intrusion",
                armed_hours=(22, 6))
    walker = [Mover(PERSON, linear((200, 500), (800, 500), 0, 4))]
    night = run_scene(SceneConfig(zones=(zone,)), walker, 4, epoch_offset=_epoch(23))
    assert len(hits_of(night, "intrusion")) == 1
    day = run_scene(SceneConfig(zones=(zone,)), walker, 4, epoch_offset=_epoch(14))
    assert hits_of(day, "intrusion") == []


def test_a_rider_alone_at_vehicle_speed_is_a_two_wheeler() -> None:
    scene = SceneConfig(lines=(LINE,))
    rider = Mover(PERSON, linear((300, 100), (300, 900), 0, 2, size=(30, 80)))  # 400 px/s
    walker = Mover(PERSON, linear((700, 450), (700, 530), 0, 2, size=(30, 80)))  # 40 px/s
    updates = run_scene(scene, [rider, walker], 3)
    assert sorted(h.road_class for h in hits_of(updates, "line_cross")) == [PERSON, BIKE]


def test_every_violation_the_rules_raise_is_in_the_catalogue() -> None:
    from app.analytics.rules import VIOLATION_KINDS, RuleHit
    from app.review.catalogue import ViolationCatalogue

    catalogue = ViolationCatalogue.load()
    for kind in VIOLATION_KINDS:
        for cls in (BIKE, CAR, RoadClass.TRUCK, BUS):
            details = {"riders": 3} if kind == "too_many_riders" else {}
            code = violation_code(RuleHit(kind, 0.0, "", 1, cls, details=details))
            if code is not None:
                assert catalogue.entry(code) is not None, (kind, cls, code)
