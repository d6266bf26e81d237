"""What the rules find, written to the database: hourly counts, events, and violations with
their evidence (the best frame, the vehicle crop, a short sequence around the moment).

Evidence files are named by their SHA-256, written atomically and never modified; the box of
the offending vehicle is stored as an Annotation (data a reviewer can edit), not drawn into
the picture. Violations created here are audited with no user (the system found them).
"""
from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import sqlalchemy as sa

from app.analytics.plates import PlateReading
from app.analytics.rules import RuleHit, violation_code
from app.hashing import store_hashed_copy, write_atomically
from app.security.audit import AuditAction, AuditTrail
from app.storage.database import Database
from app.storage.models import Annotation, CountBucket, Event, Evidence, Violation

log = logging.getLogger(__name__)

EVENT_SEVERITY = {"crowd": "warning", "intrusion": "alarm"}


@dataclass(frozen=True)
class StoredViolation:
    violation_id: int
    event_id: int
    type_code: str
    plate: str | None
    evidence_sha256: tuple[str, ...]


def hour_start(epoch_s: float) -> datetime:
    moment = datetime.fromtimestamp(epoch_s, UTC)
    return moment.replace(minute=0, second=0, microsecond=0)


class AnalyticsSink:
    def __init__(self, db: Database, audit: AuditTrail, evidence_dir: Path) -> None:
        self._db = db
        self._audit = audit
        self._folder = evidence_dir / "analytics"
        self._pending: Counter[tuple[int, datetime, str, str]] = Counter()

    # Counts --------------------------------------------------------------------------------------
    def add_counts(self, camera_id: int, hits: Sequence[RuleHit]) -> None:
        for hit in hits:
            if hit.kind == "line_cross" and hit.road_class is not None:
                key = (camera_id, hour_start(hit.timestamp), hit.road_class.value,
                       f"{hit.where}:{hit.direction}")
                self._pending[key] += 1

    def flush_counts(self) -> int:
        """Add the buffered counts to their hourly buckets; returns how many were added."""
        if not self._pending:
            return 0
        pending, self._pending = self._pending, Counter()
        with self._db.session() as session:
            for (camera_id, hour, cls, direction), n in pending.items():
                row = session.scalar(sa.select(CountBucket).where(
                    CountBucket.camera_id == camera_id, CountBucket.hour_start == hour,
                    CountBucket.object_class == cls, CountBucket.direction == direction))
                if row is None:
                    session.add(CountBucket(camera_id=camera_id, hour_start=hour,
                                            object_class=cls, direction=direction, count=n))
                else:
                    row.count += n
        return sum(pending.values())

    # Events ----------------------------------------------------------------------------------------
    def add_event(self, camera_id: int, hit: RuleHit) -> int:
        with self._db.session() as session:
            row = Event(camera_id=camera_id, time=datetime.fromtimestamp(hit.timestamp, UTC),
                        kind=f"analytics.{hit.kind}", severity=EVENT_SEVERITY.get(hit.kind, "info"),
                        message=_event_message(hit), data=_hit_data(hit))
            session.add(row)
            session.flush()
            return row.id

    # Violations ------------------------------------------------------------------------------------
    def add_violation(self, camera_id: int, hit: RuleHit, frame_bgr: np.ndarray,
                      sequence: Sequence[np.ndarray] = (), fps: float = 5.0,
                      plate: PlateReading | None = None) -> StoredViolation | None:
        code = violation_code(hit)
        if code is None:
            log.info("no catalogue entry for %s by %s; kept as an event only", hit.kind,
                     hit.road_class)
            self.add_event(camera_id, hit)
            return None
        when = datetime.fromtimestamp(hit.timestamp, UTC)
        files = [("image", "analytics:frame", self._image(frame_bgr))]
        crop = crop_box(frame_bgr, hit.box)
        if crop is not None:
            files.append(("image", "analytics:crop", self._image(crop)))
        if len(sequence) >= 2:
            clip = self._clip(sequence, fps)
            if clip is not None:
                files.append(("clip", "analytics:sequence", clip))
        plate_text = plate.text if plate and plate.valid else None
        with self._audit.transaction() as session:
            data = _hit_data(hit)
            if plate is not None:  # what was read, even when it is not a valid plate
                data.update(plate_read=plate.text, plate_valid=plate.valid,
                            plate_confidence=round(plate.confidence, 3))
            event = Event(camera_id=camera_id, time=when, kind=f"analytics.{hit.kind}",
                          severity="warning", message=_event_message(hit), data=data)
            session.add(event)
            session.flush()
            row = Violation(camera_id=camera_id, event_id=event.id, type_code=code,
                            plate=plate_text, plate_confidence=plate.confidence if plate_text
                            and plate else None, state="detected", detected_at=when)
            session.add(row)
            session.flush()
            evidence = [Evidence(violation_id=row.id, camera_id=camera_id, kind=kind,
                                 path=str(path), sha256=digest, captured_at=when, source=source)
                        for kind, source, (path, digest) in files]
            session.add_all(evidence)
            session.flush()
            if hit.box is not None:
                x0, y0, x1, y1 = (round(v, 1) for v in hit.box)
                # The evidence editor's shape format: the reviewer can move or delete it.
                session.add(Annotation(evidence_id=evidence[0].id, kind="box",
                                       geometry={"x": x0, "y": y0, "w": round(x1 - x0, 1),
                                                 "h": round(y1 - y0, 1), "role": "offender"},
                                       text=plate.display if plate_text and plate else ""))
            self._audit.append_in(session, None, AuditAction.VIOLATION_CREATED, "violation",
                                  row.id, {"camera_id": camera_id, "type_code": code,
                                           "plate": plate_text, "source": "analytics",
                                           "rule": hit.kind, "track": hit.track_id,
                                           "evidence": [d for _, _, (_, d) in files]})
            return StoredViolation(row.id, event.id, code, plate_text,
                                   tuple(d for _, _, (_, d) in files))

    def _image(self, image: np.ndarray) -> tuple[Path, str]:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        if not ok:
            raise ValueError("the frame could not be encoded as JPEG")
        encoded = data.tobytes()
        digest = hashlib.sha256(encoded).hexdigest()
        path = self._folder / f"{digest}.jpg"
        if not path.exists():  # named by content: an identical picture is already there
            write_atomically(path, encoded)
        return path, digest

    def _clip(self, frames: Sequence[np.ndarray], fps: float) -> tuple[Path, str] | None:
        height, width = frames[0].shape[:2]
        with tempfile.TemporaryDirectory() as folder:
            temp = Path(folder) / "sequence.mp4"
            writer = cv2.VideoWriter(str(temp), cv2.VideoWriter.fourcc(*"mp4v"),
                                     max(fps, 1.0), (width, height))
            if not writer.isOpened():
                log.warning("no MP4 writer available; the sequence is not kept")
                return None
            for frame in frames:
                writer.write(frame if frame.shape[:2] == (height, width)
                             else cv2.resize(frame, (width, height)))
            writer.release()
            digest = store_hashed_copy(temp, self._folder, ".mp4")
        return self._folder / f"{digest}.mp4", digest


def crop_box(frame: np.ndarray, box: tuple[float, float, float, float] | None,
          margin: float = 0.15) -> np.ndarray | None:
    if box is None:
        return None
    height, width = frame.shape[:2]
    x0, y0, x1, y1 = box
    mx, my = (x1 - x0) * margin, (y1 - y0) * margin
    left, top = max(0, int(x0 - mx)), max(0, int(y0 - my))
    right, bottom = min(width, int(x1 + mx)), min(height, int(y1 + my))
    if right - left < 8 or bottom - top < 8:
        return None
    return frame[top:bottom, left:right].copy()


def _hit_data(hit: RuleHit) -> dict[str, object]:
    return {"rule": hit.kind, "where": hit.where, "track": hit.track_id,
            "class": hit.road_class.value if hit.road_class else None,
            "box": [round(v, 1) for v in hit.box] if hit.box else None,
            "direction": hit.direction, **{k: v for k, v in hit.details.items()}}


def _event_message(hit: RuleHit) -> str:
    what = {"red_light": "Vượt đèn đỏ", "wrong_way": "Đi ngược chiều",
            "wrong_lane": "Đi sai làn đường", "illegal_stop": "Dừng, đỗ xe sai quy định",
            "too_many_riders": "Chở quá số người quy định", "weaving": "Lạng lách, đánh võng",
            "crowd": "Tụ tập đông người", "intrusion": "Xâm nhập khu vực cấm",
            "line_cross": "Qua vạch đếm"}.get(hit.kind, hit.kind)
    return f"{what} ({hit.where})" if hit.where else what
