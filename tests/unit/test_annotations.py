"""Evidence annotations: stored as data, re-editable with versions, burned in only on export."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.hashing import sha256_file
from app.review.annotations import (
    AnnotationConflict,
    AnnotationService,
    Shape,
    ShapeKind,
    render_annotated,
)
from app.review.states import ReviewError
from app.review.workflow import ManualEvidence
from app.security.audit import AuditAction, AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from tests.security_support import PASSWORD, build_world


def road_picture(path: Path, width: int = 320, height: int = 240) -> Path:
    """A picture with detail everywhere (a blur must change it), written as JPEG."""
    rng = np.random.default_rng(7)
    image = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
    cv2.rectangle(image, (40, 60), (120, 110), (30, 30, 200), -1)
    assert cv2.imwrite(str(path), image)
    return path


def decode(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


BOX = Shape(ShapeKind.BOX, 30, 50, 100, 70, color="#ff0000", width=3)
BLUR = Shape(ShapeKind.BLUR, 200, 120, 80, 60)


def _case(migrated_db: Database, tmp_path: Path):
    world = build_world(migrated_db)
    picture = road_picture(tmp_path / "khung-hinh.jpg")
    officer = world.by_role["duty_officer"]
    violation = world.violations.create_manual(officer, world.cameras[0], "7/7/c",
                                               "29-M1 123.45", [ManualEvidence(picture)])
    service = AnnotationService(migrated_db, world.audit, clock=world.clock)
    return world, service, violation.evidence[0], picture


def test_shapes_are_saved_reopened_and_versioned(migrated_db: Database, tmp_path: Path) -> None:
    world, service, evidence, picture = _case(migrated_db, tmp_path)
    original_hash = sha256_file(picture)
    officer = world.by_role["duty_officer"]

    opened = service.load(officer, evidence.id)
    assert opened.shapes == () and opened.stamp == ()
    saved = service.save(officer, evidence.id, [BOX, BLUR, Shape(
        ShapeKind.TEXT, 10, 10, text="Vượt đèn đỏ", size=20)], opened.stamp)
    assert [s.kind for s in saved.shapes] == [ShapeKind.BOX, ShapeKind.BLUR, ShapeKind.TEXT]
    assert all(s.id is not None and s.version == 1 for s in saved.shapes)

    reopened = service.load(officer, evidence.id)  # another session opens it: re-editable
    assert reopened.shapes == saved.shapes
    box, blur, _text = reopened.shapes
    moved = Shape(ShapeKind.BOX, 35, 55, -100, 70, id=box.id, version=box.version)  # dragged
    second = service.save(officer, evidence.id, [moved, blur], reopened.stamp)
    stored = {s.id: s for s in second.shapes}
    assert set(stored) == {box.id, blur.id}  # the text was deleted
    assert (stored[box.id].x, stored[box.id].w, stored[box.id].version) == (-65, 100, 2)
    assert stored[blur.id].version == 1  # unchanged shapes keep their version

    # The first session still holds the old stamp: its save is refused, nothing written.
    with pytest.raises(AnnotationConflict, match="Someone else"):
        service.save(officer, evidence.id, [BOX], saved.stamp)
    assert service.load(officer, evidence.id).shapes == second.shapes
    assert sha256_file(picture) == original_hash == evidence.sha256

    page = world.audit.query(world.by_role["supervisor"], AuditQuery(
        action=AuditAction.EVIDENCE_ANNOTATED, object_id=str(evidence.id)))
    assert page.total == 2
    assert page.records[0].details["removed"] == 1
    assert world.audit.query(world.by_role["supervisor"], AuditQuery(
        action=AuditAction.EVIDENCE_VIEWED)).total == 3  # every load()
    assert world.audit.verify().ok


def test_export_burns_in_and_never_touches_the_original(migrated_db: Database,
                                                       tmp_path: Path) -> None:
    world, service, evidence, picture = _case(migrated_db, tmp_path)
    original_hash = sha256_file(picture)
    officer, boss = world.by_role["duty_officer"], world.by_role["supervisor"]
    service.save(officer, evidence.id, [BOX, BLUR], ())

    with pytest.raises(PermissionDenied):  # officers annotate; exporting is not theirs
        service.export(officer, evidence.id, tmp_path / "out.png")
    result = service.export(boss, evidence.id, tmp_path / "xuat" / "vi-pham.png")
    assert result.path.is_file() and result.shapes == 2
    assert sha256_file(picture) == original_hash == result.original_sha256

    before = cv2.imread(str(picture))
    after = decode(result.path.read_bytes())
    assert after.shape == before.shape
    blurred = (slice(120, 180), slice(200, 280))
    difference = np.abs(after[blurred].astype(int) - before[blurred].astype(int)).mean()
    assert difference > 20  # the noise is gone: strongly changed
    assert after[blurred].std() < before[blurred].std() / 3
    untouched = (slice(200, 240), slice(0, 150))  # far from both shapes
    assert np.array_equal(after[untouched], before[untouched])
    assert tuple(after[50, 60]) == (0, 0, 255)  # the red box's top edge

    [entry] = world.audit.query(boss, AuditQuery(action=AuditAction.EVIDENCE_EXPORTED)).records
    assert entry.details["original_sha256"] == original_hash
    assert entry.details["export_sha256"] == sha256_file(result.path)

    with pytest.raises(ReviewError, match="original"):
        service.export(boss, evidence.id, picture)
    assert sha256_file(picture) == original_hash

    picture.write_bytes(picture.read_bytes() + b"tampered")
    with pytest.raises(ReviewError, match="no longer matches"):
        service.export(boss, evidence.id, tmp_path / "again.png")


def test_annotation_rights(migrated_db: Database, tmp_path: Path) -> None:
    world, service, evidence, _ = _case(migrated_db, tmp_path)
    with pytest.raises(PermissionDenied):
        service.load(world.admin, evidence.id)
    with pytest.raises(PermissionDenied):
        service.save(world.admin, evidence.id, [BOX], ())
    officer = world.by_role["duty_officer"]
    world.users.set_camera_rights(world.admin, officer.user_id, {world.cameras[1]: []})
    officer = world.users.authenticate(officer.username, PASSWORD)
    with pytest.raises(PermissionDenied, match="camera"):
        service.load(officer, evidence.id)
    with pytest.raises(PermissionDenied, match="camera"):
        service.save(officer, evidence.id, [BOX], ())


@pytest.mark.parametrize(("shape", "message"), [
    (Shape(ShapeKind.BOX, 0, 0, 1, 50), "too small"),
    (Shape(ShapeKind.TEXT, 0, 0, text="  "), "needs some text"),
    (Shape(ShapeKind.ARROW, 0, 0, 1, 1), "too short"),
    (Shape(ShapeKind.BOX, 0, 0, 10, 10, color="red"), "colour"),
    (Shape(ShapeKind.BOX, float("nan"), 0, 10, 10), "position"),
])
def test_bad_shapes_are_refused(shape: Shape, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        shape.normalised()


def test_render_draws_every_kind(tmp_path: Path) -> None:
    picture = road_picture(tmp_path / "p.png")
    plain = decode(render_annotated(picture, []))
    assert np.array_equal(plain, cv2.imread(str(picture)))
    shapes = [Shape(ShapeKind.ARROW, 10, 200, 100, -50), Shape(ShapeKind.ELLIPSE, 150, 20, 60, 40),
              Shape(ShapeKind.TEXT, 170, 190, text="Không đội mũ bảo hiểm", size=14)]
    drawn = decode(render_annotated(picture, shapes))
    assert not np.array_equal(drawn, plain)
    # Region fully outside the picture is ignored, not an error.
    decode(render_annotated(picture, [Shape(ShapeKind.BLUR, 1000, 1000, 50, 50)]))
    bad = tmp_path / "not-a-picture.jpg"
    bad.write_bytes(b"hello")
    with pytest.raises(ReviewError, match="not a picture"):
        render_annotated(bad, [])
