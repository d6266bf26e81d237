"""Messages of the analytics pipeline: small frozen values that cross threads and processes.

Coordinates are pixels of the analysed frame unless a name says ``norm`` (0–1 of width and
height, as scene configurations are stored so that they survive a resolution change).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]


class RoadClass(StrEnum):
    """What the rules reason about; every detector's labels are mapped onto these."""

    PERSON = "person"
    TWO_WHEELER = "two_wheeler"  # motorbike, scooter, bicycle (Vietnamese "xe máy")
    CAR = "car"
    TRUCK = "truck"
    BUS = "bus"
    VEHICLE = "vehicle"  # a four-wheeler whose type the detector does not tell
    OTHER = "other"


VEHICLE_CLASSES = frozenset({RoadClass.TWO_WHEELER, RoadClass.CAR, RoadClass.TRUCK,
                             RoadClass.BUS, RoadClass.VEHICLE})
FOUR_WHEELERS = frozenset({RoadClass.CAR, RoadClass.TRUCK, RoadClass.BUS, RoadClass.VEHICLE})


@dataclass(frozen=True)
class ObjectDetection:
    box: Box
    score: float
    road_class: RoadClass
    label: str  # the model's own label, kept for display and evaluation


@dataclass(frozen=True)
class FrameDetections:
    channel: str
    frame_id: int
    timestamp: float  # seconds (stream time for files, wall-clock epoch for live)
    width: int
    height: int
    detections: tuple[ObjectDetection, ...]
    latency_ms: float = 0.0


@dataclass(frozen=True)
class TrackSnapshot:
    """One track as it stands after a frame."""

    track_id: int
    box: Box
    road_class: RoadClass
    score: float
    velocity: Point  # pixels per second, of the box centre
    age_s: float  # since the track was born
    hits: int
    lost: bool  # predicted this frame, not matched
    riders: int = 0  # persons associated with a two-wheeler
    rider_only: bool = False  # a "person" moving at vehicle speed, no bike box under it
    history: tuple[tuple[float, float, float], ...] = field(default=(), repr=False)  # t, cx, cy

    @property
    def centre(self) -> Point:
        x0, y0, x1, y1 = self.box
        return ((x0 + x1) / 2, (y0 + y1) / 2)

    @property
    def bottom_centre(self) -> Point:
        """Where the object touches the road: lines and zones are tested at this point."""
        x0, _, x1, y1 = self.box
        return ((x0 + x1) / 2, y1)


@dataclass(frozen=True)
class TrackedFrame:
    channel: str
    frame_id: int
    timestamp: float
    width: int
    height: int
    tracks: tuple[TrackSnapshot, ...]
