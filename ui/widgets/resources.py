"""Locations of the shipped resources (theme, icons, translations) and icon loading."""
from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
THEME_FILE = RESOURCES_DIR / "theme.qss"


@cache
def icon(name: str) -> QIcon:
    """The SVG icon resources/icons/<name>.svg; an empty icon (and a log line) if it is missing."""
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file():
        log.warning("Icon %s is missing", path)
        return QIcon()
    return QIcon(str(path))
