"""Evidence pictures as they leave the workstation: annotations burned in, bystanders blurred.

Annotation geometry (Annotation.geometry, JSON) is read in any of these shapes, in pixels or
normalised to 0–1 (when every number is ≤ 1):
  rectangle: {"x", "y", "w", "h"} or {"x1", "y1", "x2", "y2"} or {"rect": [x, y, w, h]}
  line/arrow: {"x1", "y1", "x2", "y2"} or {"points": [[x, y], [x, y]]}
  polygon: {"points": [[x, y], ...]}; text: {"x", "y"} with the annotation's text.
The offending vehicle is marked by a box (the editor's box around it), or an annotation of
kind "vehicle"/"offender", or any annotation whose geometry has "role": "offender".

The notice pictures are drawn by ``app.review.annotations.render_annotated`` (the editor's
renderer, so the notice shows what the reviewer drew) whenever the shapes are ones it knows;
the small renderer here is the fallback for other geometry.
"""
from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont, UnidentifiedImageError

from app.reports.fonts import FontMissingError, report_font_file

log = logging.getLogger(__name__)

BLUR_KINDS = frozenset({"blur", "face", "privacy", "plate_other"})
# The annotation editor marks the offending vehicle with a box; "vehicle"/"offender" are
# written by the analytics when it files a case.
OFFENDER_KINDS = frozenset({"vehicle", "offender", "box"})
_RED = (220, 30, 30)
_YELLOW = (255, 210, 0)
Box = tuple[int, int, int, int]


class EvidenceImageError(ValueError):
    """The picture cannot be read; the message names the file name (not the folder)."""


@dataclass(frozen=True)
class AnnotationShape:
    kind: str
    geometry: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""

    @property
    def is_offender(self) -> bool:
        return self.kind in OFFENDER_KINDS or self.geometry.get("role") == "offender"


def _numbers(geometry: Mapping[str, Any]) -> list[float]:
    values: list[float] = []
    for key in ("x", "y", "w", "h", "x1", "y1", "x2", "y2"):
        if isinstance(geometry.get(key), (int, float)):
            values.append(float(geometry[key]))
    for key in ("rect", "points"):
        raw = geometry.get(key)
        if isinstance(raw, list):
            for item in raw:
                if isinstance(item, (int, float)):
                    values.append(float(item))
                elif isinstance(item, (list, tuple)):
                    values += [float(v) for v in item if isinstance(v, (int, float))]
    return values


def _scale(geometry: Mapping[str, Any], size: tuple[int, int]) -> tuple[float, float]:
    values = _numbers(geometry)
    normalised = bool(values) and all(0.0 <= v <= 1.0 for v in values)
    return (float(size[0]), float(size[1])) if normalised else (1.0, 1.0)


def points_of(geometry: Mapping[str, Any], size: tuple[int, int]) -> list[tuple[int, int]]:
    """Every point of the shape in pixels (two corners for a rectangle)."""
    sx, sy = _scale(geometry, size)
    g = geometry
    try:
        if all(k in g for k in ("x", "y", "w", "h")):
            x, y, w, h = (float(g[k]) for k in ("x", "y", "w", "h"))
            pts = [(x, y), (x + w, y + h)]
        elif all(k in g for k in ("x1", "y1", "x2", "y2")):
            pts = [(float(g["x1"]), float(g["y1"])), (float(g["x2"]), float(g["y2"]))]
        elif isinstance(g.get("rect"), list) and len(g["rect"]) == 4:
            x, y, w, h = (float(v) for v in g["rect"])
            pts = [(x, y), (x + w, y + h)]
        elif isinstance(g.get("points"), list):
            pts = [(float(p[0]), float(p[1])) for p in g["points"]]
        elif "x" in g and "y" in g:
            pts = [(float(g["x"]), float(g["y"]))]
        else:
            return []
    except (TypeError, ValueError, IndexError):
        log.warning("annotation geometry ignored (unreadable): %r", dict(g))
        return []
    return [(round(px * sx), round(py * sy)) for px, py in pts]


def region_of(shape: AnnotationShape, size: tuple[int, int]) -> Box | None:
    """The shape's bounding box clipped to the picture, or None when it has no area."""
    pts = points_of(shape.geometry, size)
    if len(pts) < 2:
        return None
    left = max(0, min(p[0] for p in pts))
    top = max(0, min(p[1] for p in pts))
    right = min(size[0], max(p[0] for p in pts))
    bottom = min(size[1], max(p[1] for p in pts))
    return (left, top, right, bottom) if right > left and bottom > top else None


def open_picture(path: Path) -> Image.Image:
    try:
        with Image.open(path) as image:
            return image.convert("RGB")
    except FileNotFoundError:
        raise EvidenceImageError(f"The evidence picture {path.name} is missing.") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise EvidenceImageError(f"The evidence picture {path.name} cannot be read "
                                 f"({exc}).") from None


def _blur(image: Image.Image, box: Box) -> None:
    radius = max(6, (box[2] - box[0] + box[3] - box[1]) // 12)
    image.paste(image.crop(box).filter(ImageFilter.GaussianBlur(radius)), box[:2])


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(report_font_file(bold=True)), size)
    except (FontMissingError, OSError):
        return ImageFont.load_default()


def burn_annotations(image: Image.Image, annotations: Sequence[AnnotationShape]) -> Image.Image:
    """A copy with blur regions blurred and boxes, arrows and labels drawn in."""
    out = image.copy()
    for shape in annotations:
        if shape.kind in BLUR_KINDS:
            box = region_of(shape, out.size)
            if box:
                _blur(out, box)
    draw = ImageDraw.Draw(out)
    width = max(2, out.size[0] // 320)
    font = _font(max(14, out.size[1] // 36))
    for shape in annotations:
        if shape.kind in BLUR_KINDS:
            continue
        pts = points_of(shape.geometry, out.size)
        if not pts:
            continue
        colour = _RED if shape.is_offender or shape.kind == "box" else _YELLOW
        if shape.kind in ("arrow", "line") and len(pts) >= 2:
            draw.line(pts, fill=colour, width=width)
            if shape.kind == "arrow":
                (x1, y1), (x2, y2) = pts[-2], pts[-1]
                head = width * 5
                dx, dy = x2 - x1, y2 - y1
                length = max(1.0, (dx * dx + dy * dy) ** 0.5)
                ux, uy = dx / length, dy / length
                left = (x2 - head * (ux - uy * 0.5), y2 - head * (uy + ux * 0.5))
                right = (x2 - head * (ux + uy * 0.5), y2 - head * (uy - ux * 0.5))
                draw.polygon([(x2, y2), left, right], fill=colour)
        elif shape.kind == "polygon" and len(pts) >= 3:
            draw.polygon(pts, outline=colour, width=width)
        elif len(pts) >= 2:
            box = region_of(shape, out.size)
            if box:
                draw.rectangle(box, outline=colour, width=width)
        if shape.text:
            x, y = pts[0]
            # Above the shape, where it hides nothing the reader needs to see.
            top = max(0, y - int(getattr(font, "size", 0)) - 4)
            bbox = draw.textbbox((x, top), shape.text, font=font)
            draw.rectangle(bbox, fill=(0, 0, 0))
            draw.text((x, top), shape.text, fill=colour, font=font)
    return out


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _shared_shapes(annotations: Sequence[AnnotationShape]) -> list[Any] | None:
    """The annotations as the review package's Shape objects, or None if it is absent."""
    try:
        from app.review.annotations import Shape, ShapeKind
    except ImportError:
        return None
    shapes = []
    for note in annotations:
        g = note.geometry
        kind = "box" if note.kind in OFFENDER_KINDS else note.kind
        if kind not in {k.value for k in ShapeKind} or not all(k in g for k in "xywh"):
            return None  # a shape only the fallback understands (points, x1/y1...)
        shapes.append(Shape(kind=ShapeKind(kind), x=float(g["x"]), y=float(g["y"]),
                            w=float(g["w"]), h=float(g["h"]), text=note.text,
                            color=str(g.get("color", "#ff3b30")),
                            width=int(g.get("width", 3)), size=int(g.get("size", 28))))
    return shapes


def render_for_notice(path: Path, annotations: Sequence[AnnotationShape]) -> bytes:
    """PNG of the picture with its annotations burned in.

    Drawn by the annotation editor's own renderer when every shape is one it knows (so the
    notice shows exactly what the reviewer drew); otherwise by the fallback here.
    """
    shapes = _shared_shapes(annotations)
    if shapes is not None:
        from app.review.annotations import render_annotated
        from app.review.states import ReviewError
        try:
            return render_annotated(path, shapes)
        except ReviewError as exc:
            log.warning("annotation renderer refused %s (%s); using the fallback", path.name,
                        exc)
    return png_bytes(burn_annotations(open_picture(path), annotations))


def redact_for_publication(image: Image.Image, annotations: Sequence[AnnotationShape]
                           ) -> Image.Image | None:
    """The picture as the public may see it, or None when it must not be published.

    - The offending vehicle's box is known: everything outside it is blurred (bystanders,
      other vehicles and their plates), and any blur region inside it too.
    - No vehicle box but blur regions a reviewer drew: those regions are blurred and the
      rest is published as the reviewer saw fit.
    - No region at all: nobody has checked the picture for bystanders, so it is withheld
      (None). A fully blurred frame would show nothing useful either.
    """
    size = image.size
    offenders = [b for s in annotations if s.is_offender
                 if (b := region_of(s, size)) is not None]
    blurs = [b for s in annotations if s.kind in BLUR_KINDS
             if (b := region_of(s, size)) is not None]
    if not offenders and not blurs:
        return None
    out = image.copy()
    if offenders:
        out = image.filter(ImageFilter.GaussianBlur(max(12, max(size) // 40)))
        for keep in offenders:
            out.paste(image.crop(keep), keep[:2])
    for box in blurs:
        _blur(out, box)
    return out
