"""Look-up publication: only approved cases, nothing internal, bystanders blurred."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from app.reports.evidence_images import AnnotationShape, redact_for_publication
from app.reports.lookup_export import LookupExportError, LookupPublisher, plate_key
from app.review.catalogue import ViolationCatalogue
from app.review.states import ViolationState
from app.security.audit import AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.models import Camera, Evidence, User, Violation
from tests.report_support import (
    BYSTANDER_BOX,
    CAR_BOX,
    OTHER_CAR_BOX,
    add_case,
    add_site_camera,
    region_sharpness,
    street_picture,
)
from tests.security_support import build_world

S = ViolationState


@pytest.fixture
def sqlite_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    db.upgrade()
    yield db
    db.dispose()


def _internal_strings(db: Database) -> set[str]:
    """Everything that must never appear in the published files."""
    strings: set[str] = set()
    with db.session() as session:
        for user in session.query(User):
            strings |= {user.username, user.display_name}
        for camera in session.query(Camera):
            strings |= {camera.host, camera.name}
        for item in session.query(Evidence):
            strings |= {item.path, Path(item.path).name, item.sha256}
    return {s for s in strings if s}


def test_plate_key() -> None:
    assert plate_key("29-M1 123.45") == plate_key("29m1-12345") == "29M112345"
    assert plate_key("30A-123.45") == "30A12345"


def test_export_publishes_approved_cases_without_internal_data(sqlite_db: Database,
                                                               tmp_path: Path) -> None:
    world = build_world(sqlite_db)
    camera = add_site_camera(world)
    ev = tmp_path / "evidence"
    approved = add_case(world, camera, ev, state=S.APPROVED, plate="29-M1 123.45")
    add_case(world, camera, ev, state=S.FINED, plate="30A-123.45", type_code="6/9/b")
    add_case(world, camera, ev, state=S.FORWARDED, plate="51F-999.99", annotate=False)
    for state, plate in ((S.DETECTED, "30A-000.01"), (S.VERIFIED, "30A-000.02"),
                         (S.REJECTED, "30A-000.03"), (S.CLOSED, "30A-000.04")):
        add_case(world, camera, ev, state=state, plate=plate)
    publisher = LookupPublisher(sqlite_db, world.audit, ViolationCatalogue.load(),
                                clock=world.clock)
    with pytest.raises(PermissionDenied):
        publisher.publish(world.by_role["duty_officer"], tmp_path / "public")
    out = tmp_path / "public"
    result = publisher.publish(world.by_role["supervisor"], out)
    assert (result.records, result.images, result.withheld_images) == (3, 2, 1)
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    plates = sorted(r["plate"] for r in data["violations"])
    assert plates == ["29-M1 123.45", "30A-123.45", "51F-999.99"]
    red_light = next(r for r in data["violations"] if r["plate"] == "29-M1 123.45")
    assert red_light["article"] == "điểm c khoản 7 Điều 7 Nghị định số 168/2024/NĐ-CP"
    assert red_light["fine_range"] == "từ 4.000.000 đồng đến 6.000.000 đồng"
    assert red_light["time"] == "2025-03-01T08:00:00+07:00"
    assert red_light["place"].startswith("Ngã tư Tràng Tiền")
    with sqlite_db.session() as session:
        code = session.get(Violation, approved.violation_id).lookup_code
    assert red_light["lookup_code"] == code
    # Nothing internal: no ids, users, camera names/addresses, evidence paths or hashes.
    allowed_keys = {"plate", "plate_key", "type_title", "act", "article", "fine_min_vnd",
                    "fine_max_vnd", "fine_range", "time", "time_text", "place", "lookup_code",
                    "images"}
    assert all(set(r) == allowed_keys for r in data["violations"])
    published = "".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file())
    for secret in _internal_strings(sqlite_db):
        assert secret not in published, secret
    assert "10.9.8.7" not in published
    # Pictures: the offending car sharp, the bystander and the other car blurred.
    picture = Image.open(out / red_light["images"][0])
    original = Image.open(approved.evidence_path)
    assert region_sharpness(picture, CAR_BOX) > 0.6 * region_sharpness(original, CAR_BOX)
    for box in (BYSTANDER_BOX, OTHER_CAR_BOX):
        assert region_sharpness(picture, box) < 0.3 * region_sharpness(original, box)
    assert not picture.info.get("exif")
    entries = world.audit.query(world.by_role["supervisor"],
                                AuditQuery(action="lookup.publish")).records
    assert entries and entries[0].details["records"] == 3
    # Publishing again replaces the folder; a folder with someone's files is refused.
    assert publisher.publish(world.by_role["supervisor"], out).records == 3
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("giữ nguyên")
    with pytest.raises(LookupExportError, match="other files"):
        publisher.publish(world.by_role["supervisor"], foreign)
    assert (foreign / "letter.txt").read_text() == "giữ nguyên"


def test_cancel_leaves_the_previous_export(sqlite_db: Database, tmp_path: Path) -> None:
    world = build_world(sqlite_db)
    camera = add_site_camera(world)
    add_case(world, camera, tmp_path / "ev", state=S.APPROVED)
    publisher = LookupPublisher(sqlite_db, world.audit, ViolationCatalogue.load())
    out = tmp_path / "public"
    publisher.publish(world.by_role["supervisor"], out)
    before = sorted(p.name for p in out.rglob("*"))
    result = publisher.publish(world.by_role["supervisor"], out, cancelled=lambda: True)
    assert result.cancelled
    assert sorted(p.name for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")] == []


def test_redaction_rules(tmp_path: Path) -> None:
    image = Image.open(street_picture(tmp_path / "p.png")).convert("RGB")
    # No region: withheld.
    assert redact_for_publication(image, []) is None
    # Blur regions only (normalised geometry): those blurred, the rest untouched.
    bl, bt, br, bb = BYSTANDER_BOX
    blur = AnnotationShape("blur", {"x1": bl / 640, "y1": bt / 360, "x2": br / 640,
                                    "y2": bb / 360})
    out = redact_for_publication(image, [blur])
    assert out is not None
    assert region_sharpness(out, BYSTANDER_BOX) < 0.3 * region_sharpness(image, BYSTANDER_BOX)
    assert region_sharpness(out, OTHER_CAR_BOX) == region_sharpness(image, OTHER_CAR_BOX)
    # Vehicle box from the analytics ("vehicle" kind, points geometry).
    left, top, right, bottom = CAR_BOX
    vehicle = AnnotationShape("vehicle", {"points": [[left, top], [right, bottom]]})
    out = redact_for_publication(image, [vehicle])
    assert out is not None
    assert region_sharpness(out, CAR_BOX) == region_sharpness(image, CAR_BOX)
    assert region_sharpness(out, OTHER_CAR_BOX) < 0.3 * region_sharpness(image, OTHER_CAR_BOX)
