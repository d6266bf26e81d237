"""Rule hits become database rows: hourly counts, events, and violations with hashed
evidence, an editable box annotation and an audit entry."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from app.analytics.channel import ChannelAnalyser
from app.analytics.plates import PlateReading
from app.analytics.scene import CountingLine, SceneConfig, SignalConfig, Zone
from app.analytics.sink import AnalyticsSink
from app.analytics.types import FrameDetections, ObjectDetection, RoadClass
from app.hashing import sha256_file
from app.security.audit import AuditTrail
from app.storage.database import Database
from app.storage.models import Annotation, Camera, CountBucket, Event, Evidence, Violation
from tests.analytics_support import HEIGHT, WIDTH, Mover, linear

VN = timezone(timedelta(hours=7))


def _camera(db: Database) -> int:
    with db.session() as session:
        row = Camera(name="Ngã tư Hàng Bài", host="127.0.0.1", port=9100)
        session.add(row)
        session.flush()
        return row.id


def _run(db: Database, tmp_path: Path, scene: SceneConfig, movers: list[Mover],
         seconds: float, epoch: float, plate: PlateReading | None = None) -> ChannelAnalyser:
    camera_id = _camera(db)
    sink = AnalyticsSink(db, AuditTrail(db), tmp_path / "evidence")
    channel = ChannelAnalyser(camera_id, scene, WIDTH, HEIGHT, sink, fps=10,
                              plate_reader=(lambda crop: plate) if plate else None,
                              epoch_offset=epoch)
    rng = np.random.default_rng(7)
    for i in range(int(seconds * 10) + 1):
        t = i / 10
        frame = rng.integers(0, 255, (HEIGHT, WIDTH, 3), dtype=np.uint8)
        dets = tuple(ObjectDetection(box, m.score, m.road_class, m.road_class.value)
                     for m in movers if (box := m.path(t)) is not None)
        channel.process(FrameDetections("1", i, t, WIDTH, HEIGHT, dets), frame)
    channel.finish()
    return channel


def test_red_light_violation_is_stored_with_evidence_plate_and_audit(
        migrated_db: Database, tmp_path: Path) -> None:
    epoch = datetime(2026, 11, 20, 8, 0, 5, tzinfo=VN).timestamp()
    scene = SceneConfig(stop_line=CountingLine("stop", (0.0, 0.5), (1.0, 0.5), "a_to_b"),
                        signal=SignalConfig(cycle_s=60, red_s=30, offset_s=8 * 3600))
    plate = PlateReading("29M112345", "29-M1 123.45", 0.93, True, ("29-M1", "123.45"),
                         (5, 5, 40, 30))
    channel = _run(migrated_db, tmp_path, scene,
                   [Mover(RoadClass.TWO_WHEELER, linear((500, 300), (500, 700), 0, 2))], 3,
                   epoch, plate)
    assert len(channel.violations) == 1
    with migrated_db.session() as session:
        violation = session.scalars(sa.select(Violation)).one()
        assert (violation.type_code, violation.plate, violation.state) == (
            "7/7/c", "29M112345", "detected")
        assert violation.plate_confidence == 0.93
        event = session.get(Event, violation.event_id)
        assert event is not None and event.kind == "analytics.red_light"
        evidence = session.scalars(sa.select(Evidence).where(
            Evidence.violation_id == violation.id)).all()
        assert sorted(e.source for e in evidence) == [
            "analytics:crop", "analytics:frame", "analytics:sequence"]
        for item in evidence:
            assert sha256_file(Path(item.path)) == item.sha256
        frame_evidence = next(e for e in evidence if e.source == "analytics:frame")
        box = session.scalars(sa.select(Annotation).where(
            Annotation.evidence_id == frame_evidence.id)).one()
        assert box.kind == "box" and box.text == "29-M1 123.45"
        assert set(box.geometry) >= {"x", "y", "w", "h"} and box.geometry["w"] > 0
    trail = AuditTrail(migrated_db)
    assert trail.verify().ok
    created = trail.latest("violation", str(violation.id), ("violation.create",))
    assert created and created[0].details["source"] == "analytics"


def test_counts_go_to_hourly_buckets_by_class_and_direction(
        migrated_db: Database, tmp_path: Path) -> None:
    epoch = datetime(2026, 11, 20, 7, 59, 59, tzinfo=UTC).timestamp()
    scene = SceneConfig(lines=(CountingLine("gate", (0.0, 0.5), (1.0, 0.5)),))
    movers = [Mover(RoadClass.CAR, linear((200, 200), (200, 800), 0, 2)),
              Mover(RoadClass.TRUCK, linear((400, 800), (400, 200), 0, 2)),
              Mover(RoadClass.CAR, linear((800, 200), (800, 800), 0, 2))]
    _run(migrated_db, tmp_path, scene, movers, 3, epoch)
    with migrated_db.session() as session:
        rows = {(r.hour_start.astimezone(UTC).hour, r.object_class, r.direction): r.count
                for r in session.scalars(sa.select(CountBucket))}
    assert rows == {(8, "car", "gate:a_to_b"): 2, (8, "truck", "gate:b_to_a"): 1}


def test_security_events_are_stored(migrated_db: Database, tmp_path: Path) -> None:
    zone = Zone("kho", ((0.5, 0.0), (1.0, 0.0), (1.0, 1.0), (0.5, 1.0)), "intrusion")
    _run(migrated_db, tmp_path, SceneConfig(zones=(zone,)),
         [Mover(RoadClass.PERSON, linear((200, 500), (800, 500), 0, 3))], 3, 0.0)
    with migrated_db.session() as session:
        events = session.scalars(sa.select(Event)).all()
        assert [(e.kind, e.severity) for e in events] == [("analytics.intrusion", "alarm")]
        assert session.scalar(sa.select(sa.func.count()).select_from(Violation)) == 0
