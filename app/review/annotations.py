"""Evidence annotations: shapes kept as data, re-editable, burned in only on export.

An annotation is a row per shape (box, arrow, ellipse, text, blur region) in image pixel
coordinates of the original evidence file. The original file is never written: ``export``
renders a copy with the shapes burned in and writes it elsewhere, so the evidence keeps the
SHA-256 recorded when it was captured.

Several workstations may edit the same picture. The editor saves the whole set of shapes at
once, saying which (id, version) pairs it loaded; if the stored set differs (someone saved in
between) the save is refused and nothing is written.

Blur regions hide faces and plates of uninvolved people: the region is pixelated and then
blurred strongly, so the export cannot be "un-blurred" back into a readable face or plate.
"""
from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.orm import Session

from app.hashing import sha256_file, write_atomically
from app.reports.fonts import BOLD_FILE, font_dirs
from app.review.states import ReviewError
from app.review.workflow import EvidenceDTO
from app.security.audit import AuditAction, AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.models import Annotation, Evidence, Violation
from app.storage.types import utc_now

log = logging.getLogger(__name__)

MAX_SHAPES = 200
MAX_TEXT = 300
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class ShapeKind(StrEnum):
    BOX = "box"
    ARROW = "arrow"
    ELLIPSE = "ellipse"
    TEXT = "text"
    BLUR = "blur"


@dataclass(frozen=True)
class Shape:
    """One annotation in image pixels.

    box, ellipse, blur: the rectangle (x, y, w, h). arrow: from (x, y) to (x + w, y + h).
    text: top-left corner (x, y), ``size`` is the letter height in pixels.
    ``id``/``version`` identify the stored row (None for a shape not saved yet).
    """

    kind: ShapeKind
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    text: str = ""
    color: str = "#ff3b30"
    width: int = 3
    size: int = 28
    id: int | None = None
    version: int | None = None

    def normalised(self) -> Shape:
        """Checked and tidied (positive rectangle sizes); raises ReviewError."""
        kind = ShapeKind(self.kind)
        values = (self.x, self.y, self.w, self.h)
        if not all(math.isfinite(v) for v in values):
            raise ReviewError("An annotation has an invalid position.")
        if not _COLOUR.match(self.color):
            raise ReviewError(f"'{self.color}' is not a colour (#rrggbb).")
        if not 1 <= self.width <= 40 or not 6 <= self.size <= 400:
            raise ReviewError("An annotation's line width or letter size is out of range.")
        text = self.text.strip()
        if kind is ShapeKind.TEXT and not text:
            raise ReviewError("A text annotation needs some text.")
        if len(text) > MAX_TEXT:
            raise ReviewError(f"An annotation text is too long (at most {MAX_TEXT} letters).")
        x, y, w, h = self.x, self.y, self.w, self.h
        if kind in (ShapeKind.BOX, ShapeKind.ELLIPSE, ShapeKind.BLUR):
            x, w = (x + w, -w) if w < 0 else (x, w)
            y, h = (y + h, -h) if h < 0 else (y, h)
            if w < 2 or h < 2:
                raise ReviewError("An annotation region is too small (at least 2×2 pixels).")
        elif kind is ShapeKind.ARROW and math.hypot(w, h) < 4:
            raise ReviewError("An arrow is too short.")
        return replace(self, kind=kind, x=round(x, 1), y=round(y, 1), w=round(w, 1),
                       h=round(h, 1), text=text)

    def geometry(self) -> dict[str, Any]:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h, "color": self.color,
                "width": self.width, "size": self.size}

    def same_content(self, other: Shape) -> bool:
        return (self.kind, self.geometry(), self.text) == (other.kind, other.geometry(),
                                                           other.text)


@dataclass(frozen=True)
class AnnotationSet:
    """The stored shapes of one evidence picture and the stamp to save them back with."""

    evidence: EvidenceDTO
    camera_id: int | None
    shapes: tuple[Shape, ...]

    @property
    def stamp(self) -> tuple[tuple[int, int], ...]:
        return tuple(sorted((s.id, s.version) for s in self.shapes
                            if s.id is not None and s.version is not None))


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sha256: str
    original_sha256: str
    shapes: int


class AnnotationConflict(ReviewError):
    def __init__(self, evidence_id: int) -> None:
        super().__init__(f"Someone else saved annotations on evidence #{evidence_id} "
                         f"meanwhile. Your changes were not saved; reopen the picture and "
                         f"draw them again.")
        self.evidence_id = evidence_id


def _shape_of(row: Annotation) -> Shape:
    g = dict(row.geometry or {})
    return Shape(kind=ShapeKind(row.kind), x=float(g.get("x", 0)), y=float(g.get("y", 0)),
                 w=float(g.get("w", 0)), h=float(g.get("h", 0)), text=row.text or "",
                 color=str(g.get("color", "#ff3b30")), width=int(g.get("width", 3)),
                 size=int(g.get("size", 28)), id=row.id, version=row.version)


class AnnotationService:
    def __init__(self, db: Database, audit: AuditTrail, *,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock

    def load(self, principal: Principal | None, evidence_id: int) -> AnnotationSet:
        """The picture's shapes (needs view_violations); opening evidence is audited."""
        require(principal, Permission.VIEW_VIOLATIONS)
        with self._audit.transaction() as session:
            evidence, camera_id = self._evidence(session, evidence_id)
            require(principal, Permission.VIEW_VIOLATIONS, camera_id)
            shapes = self._shapes(session, evidence_id)
            self._audit.append_in(session, principal, AuditAction.EVIDENCE_VIEWED, "evidence",
                                  evidence_id, {"sha256": evidence.sha256})
        return AnnotationSet(evidence, camera_id, shapes)

    def save(self, principal: Principal | None, evidence_id: int, shapes: Sequence[Shape],
             loaded_stamp: Sequence[tuple[int, int]]) -> AnnotationSet:
        """Replace the stored shapes by ``shapes`` (needs annotate_evidence on the camera).

        ``loaded_stamp`` is ``AnnotationSet.stamp`` of what the editor loaded.
        """
        require(principal, Permission.ANNOTATE_EVIDENCE)
        assert principal is not None
        if len(shapes) > MAX_SHAPES:
            raise ReviewError(f"Too many annotations (at most {MAX_SHAPES}).")
        clean = [s.normalised() for s in shapes]
        with self._audit.transaction() as session:
            evidence, camera_id = self._evidence(session, evidence_id)
            require(principal, Permission.ANNOTATE_EVIDENCE, camera_id)
            rows = {row.id: row for row in session.scalars(
                sa.select(Annotation).where(Annotation.evidence_id == evidence_id))}
            if sorted((i, r.version) for i, r in rows.items()) != sorted(
                    (int(i), int(v)) for i, v in loaded_stamp):
                raise AnnotationConflict(evidence_id)
            added = changed = 0
            kept: set[int] = set()
            for shape in clean:
                if shape.id is None:
                    session.add(Annotation(evidence_id=evidence_id, kind=shape.kind.value,
                                           geometry=shape.geometry(), text=shape.text,
                                           author_id=principal.user_id))
                    added += 1
                    continue
                row = rows.get(shape.id)
                if row is None or shape.id in kept:
                    raise AnnotationConflict(evidence_id)
                kept.add(shape.id)
                if not _shape_of(row).same_content(shape):
                    row.kind, row.geometry, row.text = (shape.kind.value, shape.geometry(),
                                                        shape.text)
                    changed += 1
            removed = [row for i, row in rows.items() if i not in kept]
            for row in removed:
                session.delete(row)
            session.flush()
            self._audit.append_in(
                session, principal, AuditAction.EVIDENCE_ANNOTATED, "evidence", evidence_id,
                {"added": added, "changed": changed, "removed": len(removed),
                 "kinds": sorted({s.kind.value for s in clean}), "sha256": evidence.sha256})
            result = AnnotationSet(evidence, camera_id, self._shapes(session, evidence_id))
        log.info("evidence %d: annotations saved by %s (+%d ~%d -%d)", evidence_id,
                 principal.username, added, changed, len(removed))
        return result

    def export(self, principal: Principal | None, evidence_id: int, target: Path
               ) -> ExportResult:
        """Write a PNG of the picture with its stored shapes burned in (export_evidence).

        The original's hash is checked first: a picture that no longer matches what was
        captured is not exported.
        """
        require(principal, Permission.EXPORT_EVIDENCE)
        with self._db.session() as session:
            evidence, camera_id = self._evidence(session, evidence_id)
            shapes = self._shapes(session, evidence_id)
        require(principal, Permission.EXPORT_EVIDENCE, camera_id)
        source = Path(evidence.path)
        try:
            actual = sha256_file(source)
        except OSError as exc:
            raise ReviewError(f"The evidence file {source} cannot be read "
                              f"({exc.strerror or exc}).") from None
        if actual != evidence.sha256:
            raise ReviewError(f"The evidence file {source} no longer matches its recorded "
                              f"SHA-256; it is not exported. Report this to an administrator.")
        if target.resolve() == source.resolve():
            raise ReviewError("Choose another file name: the original must not be replaced.")
        data = render_annotated(source, shapes)
        try:
            write_atomically(target, data)
        except OSError as exc:
            raise ReviewError(f"The picture cannot be written to {target} "
                              f"({exc.strerror or exc}).") from None
        digest = sha256_file(target)
        self._audit.append(principal, AuditAction.EVIDENCE_EXPORTED, "evidence", evidence_id,
                           {"annotated": True, "shapes": len(shapes), "original_sha256": actual,
                            "export_sha256": digest, "file": target.name})
        return ExportResult(target, digest, actual, len(shapes))

    # -------------------------------------------------------------------- helpers
    @staticmethod
    def _evidence(session: Session, evidence_id: int) -> tuple[EvidenceDTO, int | None]:
        row = session.get(Evidence, evidence_id)
        if row is None:
            raise ReviewError(f"Evidence #{evidence_id} does not exist.")
        if row.kind == "clip":
            raise ReviewError("Only pictures can be annotated; take a frame from the clip.")
        camera_id = row.camera_id
        if camera_id is None and row.violation_id is not None:
            violation = session.get(Violation, row.violation_id)
            camera_id = violation.camera_id if violation is not None else None
        dto = EvidenceDTO(id=row.id, kind=row.kind, path=row.path, sha256=row.sha256,
                          captured_at=row.captured_at, source=row.source)
        return dto, camera_id

    @staticmethod
    def _shapes(session: Session, evidence_id: int) -> tuple[Shape, ...]:
        return tuple(_shape_of(row) for row in session.scalars(
            sa.select(Annotation).where(Annotation.evidence_id == evidence_id)
            .order_by(Annotation.id)))


# ------------------------------------------------------------------------ rendering
def _bgr(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[4:6], 16), int(value[2:4], 16), int(value[0:2], 16)


def _clip_rect(shape: Shape, width: int, height: int) -> tuple[int, int, int, int] | None:
    x0, y0 = max(0, math.floor(shape.x)), max(0, math.floor(shape.y))
    x1 = min(width, math.ceil(shape.x + shape.w))
    y1 = min(height, math.ceil(shape.y + shape.h))
    return (x0, y0, x1, y1) if x1 - x0 >= 1 and y1 - y0 >= 1 else None


def blur_region(image: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    """Pixelate then Gaussian-blur ``image[y0:y1, x0:x1]`` in place (irreversibly)."""
    region = image[y0:y1, x0:x1]
    h, w = region.shape[:2]
    block = max(6, min(w, h) // 6)
    small = cv2.resize(region, (max(1, w // block), max(1, h // block)),
                       interpolation=cv2.INTER_AREA)
    coarse = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    kernel = max(3, (block * 2) | 1)
    image[y0:y1, x0:x1] = cv2.GaussianBlur(coarse, (kernel, kernel), 0)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    # DejaVu has every Vietnamese letter; OpenCV's Hershey fonts have none.
    for folder in font_dirs():
        candidate = folder / BOLD_FILE
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size)
    log.warning("DejaVu font not found; annotation text may lose its diacritics")
    return ImageFont.load_default(size)


def _draw_texts(image: np.ndarray, texts: Sequence[Shape]) -> np.ndarray:
    picture = Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(picture)
    for shape in texts:
        font = _font(shape.size)
        left, top, right, bottom = draw.textbbox((shape.x, shape.y), shape.text, font=font)
        pad = max(2, shape.size // 6)
        draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill=(0, 0, 0))
        draw.text((shape.x, shape.y), shape.text, font=font, fill=shape.color)
    return cv2.cvtColor(np.asarray(picture), cv2.COLOR_RGB2BGR)


def render_annotated(evidence_path: Path, annotations: Sequence[Shape]) -> bytes:
    """The picture at ``evidence_path`` with ``annotations`` burned in, as PNG bytes.

    Reads the file only. Blur regions go first so that boxes and arrows drawn over them stay
    sharp; text goes last, on a dark band so it stays legible on any background.
    """
    raw = np.fromfile(str(evidence_path), dtype=np.uint8) if Path(evidence_path).is_file() \
        else np.empty(0, np.uint8)
    image = cv2.imdecode(raw, cv2.IMREAD_COLOR) if raw.size else None
    if image is None:
        raise ReviewError(f"The evidence file {evidence_path} is not a picture that can be "
                          f"read.")
    height, width = image.shape[:2]
    shapes = [s.normalised() for s in annotations]
    for shape in shapes:
        if shape.kind is ShapeKind.BLUR and (rect := _clip_rect(shape, width, height)):
            blur_region(image, *rect)
    for shape in shapes:
        colour, thickness = _bgr(shape.color), shape.width
        if shape.kind is ShapeKind.BOX:
            cv2.rectangle(image, (round(shape.x), round(shape.y)),
                          (round(shape.x + shape.w), round(shape.y + shape.h)), colour,
                          thickness, cv2.LINE_AA)
        elif shape.kind is ShapeKind.ELLIPSE:
            centre = (round(shape.x + shape.w / 2), round(shape.y + shape.h / 2))
            cv2.ellipse(image, centre, (round(shape.w / 2), round(shape.h / 2)), 0, 0, 360,
                        colour, thickness, cv2.LINE_AA)
        elif shape.kind is ShapeKind.ARROW:
            length = math.hypot(shape.w, shape.h)
            cv2.arrowedLine(image, (round(shape.x), round(shape.y)),
                            (round(shape.x + shape.w), round(shape.y + shape.h)), colour,
                            thickness, cv2.LINE_AA, tipLength=min(0.4, 24 / length))
    texts = [s for s in shapes if s.kind is ShapeKind.TEXT]
    if texts:
        image = _draw_texts(image, texts)
    ok, encoded = cv2.imencode(".png", image)
    if not ok:
        raise ReviewError("The annotated picture could not be encoded.")
    return encoded.tobytes()
