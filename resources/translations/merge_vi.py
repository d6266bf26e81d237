"""Fill unfinished Vietnamese entries of trucban_vi.ts from JSON glossaries, and the English
plural forms of trucban_en.ts.

    python resources/translations/merge_vi.py resources/translations/vi/*.json

Each JSON file maps {"<Qt context>": {"<English source>": "<Vietnamese>"}}. Only entries that
lupdate marked unfinished (new strings) are filled; finished translations are never changed.
English is the source language, so its file holds only plural forms: "%n camera(s)" becomes
"%n camera" and "%n cameras". Prints what is still missing, and exits 1 when something is.
"""
from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS_FILE = Path(__file__).with_name("trucban_vi.ts")
EN_FILE = Path(__file__).with_name("trucban_en.ts")


def _write(tree: ET.ElementTree, ts_file: Path) -> None:
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                       encoding="utf-8")


def load_glossaries(files: list[Path]) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_context: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    for file in files:
        for context, entries in json.loads(file.read_text(encoding="utf-8")).items():
            for source, text in entries.items():
                by_context[(context, source)] = text
                by_source.setdefault(source, text)
    return by_context, by_source


def merge(ts_file: Path, files: list[Path]) -> list[str]:
    by_context, by_source = load_glossaries(files)
    tree = ET.parse(ts_file)
    missing = []
    filled = False
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = message.findtext("source") or ""
            text = by_context.get((name, source)) or by_source.get(source)
            if not text:
                missing.append(f"{name}: {source!r}")
                continue
            if message.get("numerus") == "yes":
                for form in translation.findall("numerusform") or [ET.SubElement(translation, "numerusform")]:
                    form.text = text
            else:
                translation.text = text
            del translation.attrib["type"]
            filled = True
    if filled:  # untouched files keep lupdate's own formatting
        _write(tree, ts_file)
    return missing


def fill_english_plurals(ts_file: Path) -> list[str]:
    tree = ET.parse(ts_file)
    missing = []
    filled = False
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if message.get("numerus") != "yes" or translation is None or \
                translation.get("type") != "unfinished":
            continue
        source = message.findtext("source") or ""
        if "(s)" not in source:
            missing.append(f"English plural: {source!r}")
            continue
        forms = translation.findall("numerusform")
        for form, text in zip(forms, (source.replace("(s)", ""), source.replace("(s)", "s"))):
            form.text = text
        del translation.attrib["type"]
        filled = True
    if filled:
        _write(tree, ts_file)
    return missing


if __name__ == "__main__":
    still_missing = merge(TS_FILE, [Path(a) for a in sys.argv[1:]])
    still_missing += fill_english_plurals(EN_FILE)
    for line in still_missing:
        print("missing:", line)
    sys.exit(1 if still_missing else 0)
