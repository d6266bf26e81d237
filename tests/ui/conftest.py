"""Fixtures for the Qt shell tests: compiled translations, themed app, fake core data."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from ui import pyside_refcounts

pyside_refcounts.install()  # PySide6 6.12.0 leaks references to None and True
ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


@dataclass(frozen=True)
class FakeSite:
    id: int
    name: str
    kind: str
    parent_id: int | None
    code: str | None = None


@dataclass(frozen=True)
class FakeCamera:
    id: int
    name: str
    site_id: int | None
    host: str = "127.0.0.1"
    port: int = 8000
    purpose: str = "security"
    manufacturer: str | None = "Sim"
    model: str | None = "SIM-1"
    ptz: bool = False
    enabled: bool = True
    profiles: tuple[str, ...] = field(default=("main", "sub"))


@dataclass(frozen=True)
class FakeEvent:
    id: int
    camera_id: int | None
    time: datetime
    kind: str
    severity: str
    message: str


SITES = [
    FakeSite(1, "Thành phố Hà Nội", "province", None, "01"),
    FakeSite(2, "Phường Hoàn Kiếm", "ward", 1, "00070"),
]
CAMERAS = [
    FakeCamera(11, "Ngã tư Hàng Bài", 2, port=8001, purpose="traffic"),
    FakeCamera(12, "Cổng UBND phường", 2, port=8002, purpose="security", ptz=True),
    FakeCamera(13, "Đường Đinh Tiên Hoàng", 1, port=8003, purpose="traffic", enabled=False),
]
EVENTS = [
    FakeEvent(1, 11, datetime(2025, 3, 1, 8, 30, 5), "camera_online", "info", "Stream started"),
    FakeEvent(2, 13, datetime(2025, 3, 1, 8, 31, 0), "camera_offline", "warning",
              "No answer for 10 s"),
]


def _lrelease() -> Path:
    return Path(sys.executable).parent / "pyside6-lrelease"


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """Compile the .ts sources when a .qm is missing or older (the Makefile normally does)."""
    for language in ("vi", "en"):
        source = TRANSLATIONS / f"trucban_{language}.ts"
        target = source.with_suffix(".qm")
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            subprocess.run([str(_lrelease()), "-silent", str(source), "-qm", str(target)],
                           check=True, timeout=60)
    return TRANSLATIONS


@pytest.fixture
def shell_app(qapp: QApplication, compiled_translations: Path) -> Iterator[QApplication]:
    """The test QApplication themed like the product and speaking Vietnamese (the default);
    translators are removed afterwards so tests do not leak a language into each other."""
    from ui.app import create_application, install_translator

    app = create_application([])
    install_translator(app, "vi")
    yield app
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()


@pytest.fixture(autouse=True)
def _no_language_leaks() -> Iterator[None]:
    """A test that starts the workstation installs a translator on the shared QApplication;
    remove every translator afterwards so the next test sees the strings it expects."""
    yield
    app = QApplication.instance()
    if app is None:
        return
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
