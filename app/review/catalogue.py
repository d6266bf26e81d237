"""The catalogue of violation types: what each type code means in law and what it costs.

The amounts and licence points come from a decree that gets amended (168/2024/NĐ-CP took
effect on 2025-01-01; later decrees may change some amounts), so the catalogue is data, not
code: JSON files an administrator can replace or add to. Each file is one decree version
with its effective date. For a given day, an entry comes from the newest file already in
force that day; a file effective in the future does not change anything until its date, and
a violation is always priced by the rules in force when it was committed.

Files are looked for in the bundled resources/catalogue folder and then in the folders the
caller adds (the administrator's folder under the user config directory).
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = "trucban-violation-catalogue"
FORMAT_VERSION = 1
VEHICLE_CLASSES = ("car", "motorbike", "other")
VEHICLE_LABELS = {"car": "Xe ô tô", "motorbike": "Xe mô tô, xe gắn máy", "other": "Phương tiện"}
# Vietnamese points (điểm) run a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p...
_POINT_ORDER = "abcdđeghiklmnopqrstuvxy"
_POINT_LETTERS = frozenset(_POINT_ORDER)
_MAX_FINE_VND = 1_000_000_000


class CatalogueError(ValueError):
    """A catalogue file is unusable; the message names the file, entry and field."""


@dataclass(frozen=True)
class CatalogueEntry:
    code: str  # "7/7/c": article/clause/point; "6/12" when the clause has no points
    vehicle_class: str
    title: str  # short Vietnamese name for lists
    text: str  # the decree's wording of the act
    article: int
    clause: int
    point: str  # "" when the clause has no points
    fine_min_vnd: int
    fine_max_vnd: int
    licence_points: int
    decree: str
    effective_from: date
    supplementary: str = ""

    @property
    def legal_basis(self) -> str:
        """E.g. "điểm c khoản 7 Điều 7 Nghị định số 168/2024/NĐ-CP"."""
        point = f"điểm {self.point} " if self.point else ""
        return f"{point}khoản {self.clause} Điều {self.article} Nghị định số {self.decree}"

    @property
    def fine_range(self) -> str:
        return f"từ {format_vnd(self.fine_min_vnd)} đồng đến {format_vnd(self.fine_max_vnd)} đồng"

    @property
    def vehicle_label(self) -> str:
        return VEHICLE_LABELS.get(self.vehicle_class, self.vehicle_class)


def format_vnd(amount: int) -> str:
    """Vietnamese thousands separators: 4000000 → "4.000.000"."""
    return f"{amount:,}".replace(",", ".")


def bundled_catalogue_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "catalogue"


@dataclass(frozen=True)
class CatalogueFile:
    path: Path
    decree: str
    effective_from: date
    entries: tuple[CatalogueEntry, ...]


def _field(raw: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    if name not in raw:
        raise CatalogueError(f"{where}: the field '{name}' is missing.")
    value = raw[name]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise CatalogueError(f"{where}: '{name}' must be a whole number, not {value!r}.")
    if kind is str and not isinstance(value, str):
        raise CatalogueError(f"{where}: '{name}' must be text, not {value!r}.")
    return value


def _date(text: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise CatalogueError(f"{where}: '{text}' is not a date (write YYYY-MM-DD).") from None


def _entry(raw: Any, index: int, decree: str, effective: date, name: str) -> CatalogueEntry:
    where = f"{name}, entry {index + 1}"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: each entry must be an object.")
    code = _field(raw, "code", str, where).strip()
    where = f"{name}, entry {index + 1} ({code or 'no code'})"
    article = _field(raw, "article", int, where)
    clause = _field(raw, "clause", int, where)
    point = str(raw.get("point", "") or "").strip()
    if point and point not in _POINT_LETTERS:
        raise CatalogueError(f"{where}: '{point}' is not a point letter (a, b, c, d, đ, e...).")
    expected = f"{article}/{clause}" + (f"/{point}" if point else "")
    if code != expected:
        raise CatalogueError(f"{where}: the code must be article/clause/point, here "
                             f"'{expected}'.")
    vehicle = _field(raw, "vehicle_class", str, where)
    if vehicle not in VEHICLE_CLASSES:
        raise CatalogueError(f"{where}: vehicle_class must be one of "
                             f"{', '.join(VEHICLE_CLASSES)}.")
    title = _field(raw, "title", str, where).strip()
    text = _field(raw, "text", str, where).strip()
    if not title or not text:
        raise CatalogueError(f"{where}: the title and the text must not be empty.")
    low = _field(raw, "fine_min_vnd", int, where)
    high = _field(raw, "fine_max_vnd", int, where)
    if not 0 < low <= high <= _MAX_FINE_VND:
        raise CatalogueError(f"{where}: the fine must satisfy 0 < fine_min_vnd ≤ fine_max_vnd "
                             f"(got {low} and {high}).")
    points = _field(raw, "licence_points", int, where)
    if not 0 <= points <= 12:
        raise CatalogueError(f"{where}: licence_points must be 0–12.")
    supplementary = raw.get("supplementary", "")
    if not isinstance(supplementary, str):
        raise CatalogueError(f"{where}: 'supplementary' must be text.")
    return CatalogueEntry(code, vehicle, title, text, article, clause, point, low, high,
                          points, decree, effective, supplementary.strip())


def load_catalogue_file(path: Path) -> CatalogueFile:
    """Read and validate one decree file; raise CatalogueError naming what is wrong."""
    name = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"{name}: cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise CatalogueError(f"{name}: is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise CatalogueError(f"{name}: is not valid JSON (line {exc.lineno}, column "
                             f"{exc.colno}: {exc.msg}).") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise CatalogueError(f"{name}: is not a violation catalogue (\"format\" must be "
                             f"\"{FORMAT}\").")
    if raw.get("format_version") != FORMAT_VERSION:
        raise CatalogueError(f"{name}: format_version {raw.get('format_version')!r} is not "
                             f"supported (expected {FORMAT_VERSION}).")
    decree = _field(raw, "decree", str, name).strip()
    if not decree:
        raise CatalogueError(f"{name}: 'decree' must name the decree (e.g. 168/2024/NĐ-CP).")
    effective = _date(_field(raw, "effective_from", str, name), name)
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{name}: 'entries' must be a non-empty list.")
    parsed = tuple(_entry(item, i, decree, effective, name) for i, item in enumerate(entries))
    seen: set[str] = set()
    for entry in parsed:
        if entry.code in seen:
            raise CatalogueError(f"{name}: the code {entry.code} appears twice.")
        seen.add(entry.code)
    return CatalogueFile(path, decree, effective, parsed)


class ViolationCatalogue:
    """Every decree file loaded; answers "what did code X mean on day D"."""

    def __init__(self, files: Iterable[CatalogueFile]) -> None:
        # Oldest first; on equal dates a later-loaded file (the administrator's) wins.
        self._files = sorted(files, key=lambda f: f.effective_from)
        if not self._files:
            raise CatalogueError("No violation catalogue file was found.")

    @classmethod
    def load(cls, *extra_dirs: Path, include_bundled: bool = True) -> ViolationCatalogue:
        """Load *.json from the bundled folder, then from each extra folder that exists."""
        folders = ([bundled_catalogue_dir()] if include_bundled else []) + list(extra_dirs)
        files = []
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.json")):
                files.append(load_catalogue_file(path))
                log.debug("violation catalogue %s loaded", path)
        return cls(files)

    @property
    def files(self) -> tuple[CatalogueFile, ...]:
        return tuple(self._files)

    def entry(self, code: str, on: date | None = None) -> CatalogueEntry | None:
        """The entry for ``code`` in force on ``on`` (default: the newest in force today).

        Before the first decree's date, that decree's entry is returned (the catalogue has
        nothing older to offer)."""
        day = on or date.today()
        found: CatalogueEntry | None = None
        fallback: CatalogueEntry | None = None
        for file in self._files:
            for entry in file.entries:
                if entry.code != code:
                    continue
                if fallback is None:
                    fallback = entry
                if file.effective_from <= day:
                    found = entry
        return found or fallback

    def require(self, code: str, on: date | None = None) -> CatalogueEntry:
        entry = self.entry(code, on)
        if entry is None:
            raise CatalogueError(f"The violation type '{code}' is not in the catalogue; update "
                                 f"the catalogue file.")
        return entry

    def entries(self, on: date | None = None) -> list[CatalogueEntry]:
        """Every code as in force on ``on``, by article, clause and point."""
        codes = {e.code for f in self._files for e in f.entries}
        found = [self.entry(code, on) for code in codes]
        return sorted((e for e in found if e is not None),
                      key=lambda e: (e.article, e.clause, _POINT_ORDER.find(e.point)))

    def title(self, code: str, on: date | None = None) -> str:
        """A label for any code, even one the catalogue does not know."""
        entry = self.entry(code, on)
        return entry.title if entry else code
