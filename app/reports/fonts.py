"""Fonts for PDF reports: DejaVu Sans, which covers every Vietnamese letter and tone mark.

reportlab's built-in Helvetica has no Vietnamese glyphs (ơ, ư, ạ, ế... come out as black
boxes), so a TrueType font is embedded. Looked for, in order: $TRUCBAN_FONT_DIR, the bundled
resources/fonts folder, Debian's fonts-dejavu-core, and the usual Windows and macOS folders.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_lock = threading.Lock()


class FontMissingError(RuntimeError):
    """The report font is not installed; the message says how to install it."""


@dataclass(frozen=True)
class ReportFonts:
    regular: str
    bold: str


def font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if os.environ.get("TRUCBAN_FONT_DIR"):
        dirs.append(Path(os.environ["TRUCBAN_FONT_DIR"]))
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    dirs += [base / "resources" / "fonts",
             Path("/usr/share/fonts/truetype/dejavu"),
             Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"),
             Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
             Path.home() / "Library" / "Fonts",
             Path("/Library/Fonts")]
    return dirs


def _find(file_name: str) -> Path | None:
    for folder in font_dirs():
        candidate = folder / file_name
        if candidate.is_file():
            return candidate
    return None


def register_report_fonts() -> ReportFonts:
    """Register DejaVu Sans (regular and bold) with reportlab once; raise FontMissingError."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, file_name in ((REGULAR, REGULAR_FILE), (BOLD, BOLD_FILE)):
            if name in registered:
                continue
            path = _find(file_name)
            if path is None:
                raise FontMissingError(
                    f"The report font {file_name} was not found (looked in "
                    f"{', '.join(str(d) for d in font_dirs()[:3])}). Install the DejaVu fonts "
                    f"(Debian/Ubuntu: apt install fonts-dejavu-core) or copy {file_name} into "
                    f"resources/fonts.")
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (TTFError, OSError) as exc:
                raise FontMissingError(f"The report font {path} cannot be used ({exc}). "
                                       f"Reinstall the DejaVu fonts.") from None
            log.debug("report font %s loaded from %s", name, path)
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
    return ReportFonts(REGULAR, BOLD)


def report_font_file(bold: bool = False) -> Path:
    """The DejaVu TrueType file, for drawing text on images (Pillow); raises FontMissingError."""
    file_name = BOLD_FILE if bold else REGULAR_FILE
    path = _find(file_name)
    if path is None:
        raise FontMissingError(f"The report font {file_name} was not found. Install the DejaVu "
                               f"fonts (Debian/Ubuntu: apt install fonts-dejavu-core).")
    return path
