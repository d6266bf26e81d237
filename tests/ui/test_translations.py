"""The Qt Linguist sources are complete and current, and the compiled files load."""
from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%\d")


def _messages(ts_file: Path) -> list[ET.Element]:
    return [message for message in ET.parse(ts_file).getroot().iter("message")
            if message.find("translation").get("type") not in ("vanished", "obsolete")]


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


def test_every_vietnamese_message_is_translated_and_finished() -> None:
    messages = _messages(TRANSLATIONS / "trucban_vi.ts")
    assert len(messages) > 30
    problems = []
    for message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        texts = _translations(message)
        if translation.get("type") == "unfinished" or not all(t.strip() for t in texts):
            problems.append(f"not translated: {source!r}")
            continue
        for text in texts:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {source!r} → {text!r}")
            if source.count("&") != text.count("&"):
                problems.append(f"keyboard accelerator lost or added: {source!r} → {text!r}")
    assert problems == []


def test_vietnamese_translations_use_diacritics() -> None:
    texts = {message.findtext("source"): _translations(message)[0]
             for message in _messages(TRANSLATIONS / "trucban_vi.ts")}
    assert texts["Settings"] == "Cài đặt"
    assert texts["Events"] == "Sự kiện"
    assert texts["&Quit"] == "&Thoát"
    assert texts["Local administrator mode — sign-in and roles are not enabled yet"] == \
        "Chế độ quản trị cục bộ — chưa bật đăng nhập và phân quyền"


def test_english_file_holds_finished_plural_forms() -> None:
    for message in _messages(TRANSLATIONS / "trucban_en.ts"):
        assert message.get("numerus") == "yes"
        forms = _translations(message)
        assert len(forms) == 2 and all(forms), message.findtext("source")


@pytest.mark.parametrize(("language", "source", "expected"), [
    ("vi", "&File", "&Tệp"),
    ("vi", "&Help", "Trợ &giúp"),
])
def test_compiled_translation_loads(compiled_translations: Path, language: str, source: str,
                                    expected: str) -> None:
    translator = QTranslator()
    assert translator.load(str(compiled_translations / f"trucban_{language}.qm"))
    assert translator.translate("MainWindow", source) == expected


def test_compiled_english_plurals(compiled_translations: Path) -> None:
    translator = QTranslator()
    assert translator.load(str(compiled_translations / "trucban_en.qm"))
    assert translator.translate("ShellStatusBar", "%n camera(s)", None, 1) == "%n camera"
    assert translator.translate("ShellStatusBar", "%n camera(s)", None, 3) == "%n cameras"


def test_sources_are_current_with_the_code(tmp_path: Path) -> None:
    """Every string marked for translation in ui/ is in trucban_vi.ts (run build.sh if not)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed next to the interpreter")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), "-silent", "-extensions", "py", str(ROOT / "ui"),
                    "-ts", str(fresh)], check=True, timeout=120, cwd=ROOT)
    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {(context.findtext("name") or "", message.findtext("source") or "")
                for context in root.iter("context") for message in context.iter("message")
                if message.find("translation").get("type") not in ("vanished", "obsolete")}

    missing = keys(fresh) - keys(TRANSLATIONS / "trucban_vi.ts")
    assert missing == set(), "run resources/translations/build.sh and translate"
