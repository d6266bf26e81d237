"""Vietnamese licence plates read with PP-OCR (text detection + recognition) on OpenVINO.

Run on a vehicle crop, never a full frame (≈1 s per full frame on a 2-core CPU). The text
detector finds the plate's lines; stacked lines of similar width are one two-line plate
(motorbikes, short car plates: "29-M1" over "123.45"); each line is recognised, characters
are corrected by position (the province code is digits, the series starts with a letter, the
number is digits) and the result is checked against the plate formats.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from app.models.cache import CompiledModelCache
from app.models.ppocr import TextBox, charset_from_model, detect_text, recognise_text
from app.models.store import ModelStore

DETECTOR = "pp-ocrv6-det-small"
RECOGNISER = "pp-ocrv6-rec-small"

# Province code, series (1–2 letters, maybe a digit: motorbikes "M1", cars "A", specials
# "LD"/"NG"/"KT"), then a 4- or 5-digit number.
PLATE = re.compile(r"^(\d{2})([A-Z]{1,2})(\d?)(\d{4,5})$")
_CAR = re.compile(r"^(\d{2})([A-Z]{1,2})(\d{4,5})$")
_MOTORBIKE = re.compile(r"^(\d{2})([A-Z]{1,2}\d)(\d{4,5})$")
_TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "T": "1", "J": "1",
             "Z": "2", "S": "5", "B": "8", "G": "6", "A": "4", "H": "4"}
# Letters Vietnamese plate series do not use: read there, they are digits.
_NEVER_IN_SERIES = frozenset("IJOQ")
_TO_LETTER = {"0": "D", "8": "B", "5": "S", "2": "Z", "6": "G", "4": "A", "1": "T", "7": "T"}


@dataclass(frozen=True)
class PlateReading:
    text: str  # normalised: "29M112345"
    display: str  # as printed on the plate: "29-M1 123.45"
    confidence: float
    valid: bool  # matches a Vietnamese plate format
    lines: tuple[str, ...]  # what was read per line, before correction
    box: tuple[int, int, int, int] | None  # plate bounds in the crop


def normalise(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper().replace("Đ", "D"))


def correct(raw: str) -> str:
    """Fix the usual OCR confusions by position; returns the normalised text."""
    chars = list(normalise(raw))
    if len(chars) < 7:
        return "".join(chars)
    for i in (0, 1):
        chars[i] = _TO_DIGIT.get(chars[i], chars[i])
    chars[2] = _TO_LETTER.get(chars[2], chars[2])
    # The fourth character is a letter (LD, NG, AA...) or a digit (M1): only the plate's
    # length can tell, and only for the short old car plates (30A-1234) is it surely a digit.
    # From the fifth on, everything is the number.
    tail_start = 3 if len(chars) == 7 else 4
    if tail_start == 4 and chars[3] in _NEVER_IN_SERIES:
        chars[3] = _TO_DIGIT[chars[3]]
    for i in range(tail_start, len(chars)):
        chars[i] = _TO_DIGIT.get(chars[i], chars[i])
    return "".join(chars)


def format_plate(text: str, two_line: bool | None = None) -> str:
    """As printed: one-line "30A-123.45", two-line "29-M1 123.45". An 8-character plate reads
    either way (car 30A-123.45 or old motorbike 29-M1 2345): the line count decides, and a
    one-line reading is taken for a car."""
    readings = [m for m in (_CAR.match(text), _MOTORBIKE.match(text)) if m]
    if not readings:
        return text
    match = readings[-1] if two_line and len(readings) > 1 else readings[0]
    province, series, number = match.groups()
    number = f"{number[:3]}.{number[3:]}" if len(number) == 5 else number
    if match.re is _MOTORBIKE:
        return f"{province}-{series} {number}"
    return f"{province}{series}-{number}"


def _area(box: TextBox) -> int:
    x0, y0, x1, y1 = box.bounds
    return (x1 - x0) * (y1 - y0)


def _partner(main: TextBox, boxes: Sequence[TextBox]) -> TextBox | None:
    """The text line stacked above or below ``main`` with overlapping columns (the other line
    of a two-line plate), if any."""
    mx0, my0, mx1, my1 = main.bounds
    mh = my1 - my0
    partner = None
    for other in boxes:
        if other is main:
            continue
        ox0, oy0, ox1, oy1 = other.bounds
        overlap = min(mx1, ox1) - max(mx0, ox0)
        # Detected lines are grown outwards, so stacked lines overlap: compare centres.
        tallest = max(mh, oy1 - oy0)
        gap = abs((oy0 + oy1) / 2 - (my0 + my1) / 2)
        stacked = 0.45 * tallest <= gap <= 1.6 * tallest
        if overlap > 0.4 * min(mx1 - mx0, ox1 - ox0) and stacked and \
                (partner is None or _area(other) > _area(partner)):
            partner = other
    return partner


def _rows(boxes: Sequence[TextBox]) -> list[TextBox]:
    """The plate's lines on a vehicle crop: the largest text box and its partner line."""
    if not boxes:
        return []
    main = max(boxes, key=_area)
    partner = _partner(main, boxes)
    rows = [main] if partner is None else [main, partner]
    return sorted(rows, key=lambda b: b.bounds[1])


class PlateReader:
    def __init__(self, store: ModelStore, cache: CompiledModelCache,
                 device: str = "CPU") -> None:
        self._det = store.get(DETECTOR)
        self._rec = store.get(RECOGNISER)
        self._det_model = cache.compile_model(self._det, device)
        self._rec_model = cache.compile_model(self._rec, device)
        self._charset = charset_from_model(cache.read_model(self._rec))

    def find_plates(self, image_bgr: np.ndarray, limit_side: int = 960) -> list[PlateReading]:
        """Every valid plate in a whole picture (close-up footage, photos), largest first:
        text lines are paired into plates and each plate region is read as a crop."""
        manifest = self._det.manifest
        boxes = detect_text(self._det_model, image_bgr, manifest.input,
                            {**manifest.output.options, "limit_type": "max",
                             "limit_side_len": limit_side})
        height, width = image_bgr.shape[:2]
        used: set[int] = set()
        found = []
        for main in sorted(boxes, key=_area, reverse=True):
            if id(main) in used:
                continue
            partner = _partner(main, [b for b in boxes if id(b) not in used])
            rows = [main] if partner is None else [main, partner]
            used.update(id(r) for r in rows)
            x0 = min(r.bounds[0] for r in rows)
            y0 = min(r.bounds[1] for r in rows)
            x1 = max(r.bounds[2] for r in rows)
            y1 = max(r.bounds[3] for r in rows)
            mx, my = (x1 - x0) // 10, (y1 - y0) // 10
            left, top = max(0, x0 - mx), max(0, y0 - my)
            reading = self.read(image_bgr[top:min(height, y1 + my), left:min(width, x1 + mx)])
            if reading is not None and reading.valid and reading.box is not None:
                bx0, by0, bx1, by1 = reading.box
                found.append(PlateReading(reading.text, reading.display, reading.confidence,
                                          True, reading.lines,
                                          (bx0 + left, by0 + top, bx1 + left, by1 + top)))
        return found

    def read(self, crop_bgr: np.ndarray) -> PlateReading | None:
        """The plate on a vehicle or plate crop, or None when no text is found."""
        if crop_bgr.size == 0 or min(crop_bgr.shape[:2]) < 8:
            return None
        image = crop_bgr
        scale = 1.0
        if max(image.shape[:2]) < 320:  # small crops: the detector wants text ≥ ~10 px high
            scale = 320 / max(image.shape[:2])
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        manifest = self._det.manifest
        boxes = detect_text(self._det_model, image, manifest.input,
                            {**manifest.output.options, "limit_type": "max",
                             "limit_side_len": 640})
        rows = _rows(boxes)
        if not rows:
            return None
        texts, scores = [], []
        spans = [(r.bounds[1], r.bounds[3]) for r in rows]
        if len(rows) == 2:  # grown boxes overlap: cut between the two lines' centres
            middle = int((sum(spans[0]) + sum(spans[1])) / 4)
            spans = [(spans[0][0], middle), (middle, spans[1][1])]
        for row, (y0, y1) in zip(rows, spans):
            x0, _, x1, _ = row.bounds
            line = recognise_text(self._rec_model, image[y0:y1, x0:x1], self._rec.manifest.input,
                                  self._rec.manifest.output.options, self._charset)
            texts.append(line.text)
            scores.append(line.score)
        text = correct("".join(texts))
        bounds = [r.bounds for r in rows]
        box = (int(min(b[0] for b in bounds) / scale), int(min(b[1] for b in bounds) / scale),
               int(max(b[2] for b in bounds) / scale), int(max(b[3] for b in bounds) / scale))
        valid = PLATE.match(text) is not None
        return PlateReading(text, format_plate(text, len(rows) == 2), float(np.mean(scores)),
                            valid, tuple(texts), box)
