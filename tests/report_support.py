"""Cases with pictures and annotations for the notice, look-up and report tests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw

from app.hashing import sha256_file
from app.review.states import ViolationState
from app.storage.dto import CameraCreate
from app.storage.models import Annotation, Evidence, Violation
from app.storage.repositories import CameraRepository, SiteRepository
from tests.security_support import T0, World

# Where things are in the synthetic street picture (640 × 360).
CAR_BOX = (200, 150, 380, 290)  # the offending car (left, top, right, bottom)
BYSTANDER_BOX = (470, 120, 530, 200)  # a pedestrian's "face"
OTHER_CAR_BOX = (20, 200, 150, 300)


def street_picture(path: Path) -> Path:
    """A picture with distinct saturated blocks so blurring is measurable."""
    image = Image.new("RGB", (640, 360), (90, 90, 90))
    draw = ImageDraw.Draw(image)
    for box, colour in ((CAR_BOX, (20, 60, 220)), (BYSTANDER_BOX, (240, 200, 40)),
                        (OTHER_CAR_BOX, (30, 200, 60))):
        draw.rectangle(box, fill=colour)
        # Fine stripes: blur flattens them, so "is this region blurred" can be measured.
        for x in range(box[0], box[2], 4):
            draw.line([(x, box[1]), (x, box[3])], fill=(255, 255, 255), width=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")
    return path


@dataclass
class Case:
    violation_id: int
    evidence_path: Path
    evidence_sha256: str


def add_site_camera(world: World, name: str = "Camera ngã tư Hàng Xanh",
                    host: str = "10.9.8.7") -> int:
    sites = SiteRepository(world.db)
    site = sites.ensure_path(["Thành phố Hà Nội", "Phường Hoàn Kiếm", "Ngã tư Tràng Tiền"])
    return CameraRepository(world.db).add(CameraCreate(
        name=name, host=host, port=80, site_id=site)).id


def add_case(world: World, camera_id: int, folder: Path, *, state: ViolationState,
             plate: str = "29-M1 123.45", type_code: str = "7/7/c",
             detected_at: datetime = T0, annotate: bool = True,
             blur_only: bool = False) -> Case:
    picture = street_picture(folder / f"evidence-{plate.replace(' ', '_')}-{state}.png")
    digest = sha256_file(picture)
    with world.db.session() as session:
        row = Violation(camera_id=camera_id, type_code=type_code, plate=plate,
                        plate_confidence=0.9, state=str(state), detected_at=detected_at)
        session.add(row)
        session.flush()
        evidence = Evidence(violation_id=row.id, camera_id=camera_id, kind="image",
                            path=str(picture), sha256=digest, captured_at=detected_at,
                            source="analytics")
        session.add(evidence)
        session.flush()
        if annotate:
            left, top, right, bottom = CAR_BOX
            if not blur_only:
                session.add(Annotation(evidence_id=evidence.id, kind="box",
                                       geometry={"x": left, "y": top, "w": right - left,
                                                 "h": bottom - top},
                                       text="Xe vi phạm"))
            bl, bt, br, bb = BYSTANDER_BOX
            session.add(Annotation(evidence_id=evidence.id, kind="blur",
                                   geometry={"x": bl, "y": bt, "w": br - bl, "h": bb - bt}))
        return Case(row.id, picture, digest)


def region_sharpness(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Mean absolute horizontal difference inside box: high for stripes, low when blurred."""
    import numpy as np

    crop = np.asarray(image.convert("L").crop(box), dtype=float)
    return float(np.abs(np.diff(crop, axis=1)).mean())
