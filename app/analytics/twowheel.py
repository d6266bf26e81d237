"""Two-wheelers from what road-user detectors actually output on Vietnamese streets.

Detectors often box only the rider of a motorbike ("person"), or the bike and each rider
separately. This step runs on confirmed tracks, after the tracker:
- a person whose feet stand on a two-wheeler's box is one of its riders (the rider count is
  what the too-many-riders rule reads), and is not reported as a separate pedestrian;
- a person track moving at vehicle speed (many body heights per second; walking is about one)
  with no bike box under it is itself reported as a two-wheeler with one rider.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from app.analytics.types import RoadClass, TrackedFrame, TrackSnapshot


@dataclass(frozen=True)
class TwoWheelerSettings:
    rider_overlap: float = 0.5  # share of the person's width over the bike
    vehicle_speed_heights: float = 2.5  # body heights per second above which a "person" rides
    min_track_s: float = 0.4  # speed is only trusted after this much history


def _is_rider(person: TrackSnapshot, bike: TrackSnapshot, min_overlap: float) -> bool:
    px0, py0, px1, py1 = person.box
    bx0, by0, bx1, by1 = bike.box
    width = max(px1 - px0, 1.0)
    overlap = max(0.0, min(px1, bx1) - max(px0, bx0)) / width
    if overlap < min_overlap:
        return False
    # The rider's feet (box bottom) are on the bike: between the bike's top and a little below
    # its bottom (a rider's box often ends at the footrest).
    bike_h = by1 - by0
    return by0 <= py1 <= by1 + 0.15 * bike_h and py0 < by0 + 0.5 * bike_h


def _speed_heights_per_s(track: TrackSnapshot) -> float:
    if len(track.history) < 2:
        return 0.0
    t0, x0, y0 = track.history[0]
    t1, x1, y1 = track.history[-1]
    if t1 - t0 <= 0:
        return 0.0
    height = max(track.box[3] - track.box[1], 1.0)
    return (((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / (t1 - t0)) / height


def associate_riders(frame: TrackedFrame,
                     settings: TwoWheelerSettings | None = None) -> TrackedFrame:
    s = settings or TwoWheelerSettings()
    bikes = [t for t in frame.tracks if t.road_class is RoadClass.TWO_WHEELER]
    persons = [t for t in frame.tracks if t.road_class is RoadClass.PERSON]
    riders: dict[int, int] = {b.track_id: 0 for b in bikes}
    riding: set[int] = set()
    for person in persons:
        candidates = [b for b in bikes if _is_rider(person, b, s.rider_overlap)]
        if candidates:
            # The bike whose centre is closest under the person's feet.
            px = (person.box[0] + person.box[2]) / 2
            best = min(candidates, key=lambda b: abs((b.box[0] + b.box[2]) / 2 - px))
            riders[best.track_id] += 1
            riding.add(person.track_id)
    out = []
    for track in frame.tracks:
        if track.track_id in riding:
            continue  # counted as a rider, not as a pedestrian
        if track.road_class is RoadClass.TWO_WHEELER:
            out.append(replace(track, riders=max(riders.get(track.track_id, 0), 1)))
        elif (track.road_class is RoadClass.PERSON and track.age_s >= s.min_track_s
              and _speed_heights_per_s(track) >= s.vehicle_speed_heights):
            out.append(replace(track, road_class=RoadClass.TWO_WHEELER, riders=1,
                               rider_only=True))
        else:
            out.append(track)
    return replace(frame, tracks=tuple(out))
