"""The violation catalogue: the bundled decree file, validation, newer decrees by date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.review.catalogue import (
    CatalogueError,
    ViolationCatalogue,
    bundled_catalogue_dir,
    format_vnd,
    load_catalogue_file,
)

# Decree 168/2024, Articles 6 and 7: (fine min, fine max, licence points) per clause.
EXPECTED = {
    "6/9/b": (18_000_000, 20_000_000, 4), "6/5/b": (4_000_000, 6_000_000, 2),
    "6/9/d": (18_000_000, 20_000_000, 4), "6/2/d": (600_000, 800_000, 0),
    "6/3/đ": (800_000, 1_000_000, 0), "6/4/b": (2_000_000, 3_000_000, 2),
    "6/12": (40_000_000, 50_000_000, 0), "7/7/c": (4_000_000, 6_000_000, 4),
    "7/7/a": (4_000_000, 6_000_000, 2), "7/2/g": (400_000, 600_000, 0),
    "7/3/b": (600_000, 800_000, 2), "7/3/d": (600_000, 800_000, 0),
    "7/2/h": (400_000, 600_000, 0),
    "7/2/i": (400_000, 600_000, 0), "7/2/d": (400_000, 600_000, 0),
    "7/2/e": (400_000, 600_000, 0), "7/9/a": (8_000_000, 10_000_000, 0),
}


def _bundled() -> dict[str, Any]:
    data = json.loads((bundled_catalogue_dir() / "nd168_2024.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_bundled_catalogue_has_every_camera_clause() -> None:
    catalogue = ViolationCatalogue.load()
    for code, (low, high, points) in EXPECTED.items():
        entry = catalogue.require(code, date(2025, 6, 1))
        assert (entry.fine_min_vnd, entry.fine_max_vnd, entry.licence_points) == (
            low, high, points), code
        assert entry.decree == "168/2024/NĐ-CP" and entry.effective_from == date(2025, 1, 1)
    red = catalogue.require("7/7/c")
    assert red.legal_basis == "điểm c khoản 7 Điều 7 Nghị định số 168/2024/NĐ-CP"
    assert red.fine_range == "từ 4.000.000 đồng đến 6.000.000 đồng"
    assert red.text == "Không chấp hành hiệu lệnh của đèn tín hiệu giao thông"
    assert catalogue.require("6/12").legal_basis.startswith("khoản 12 Điều 6")
    assert "10 tháng đến 12 tháng" in catalogue.require("7/9/a").supplementary
    assert format_vnd(600_000) == "600.000"
    assert catalogue.entry("9/9/z") is None
    with pytest.raises(CatalogueError, match="not in the catalogue"):
        catalogue.require("9/9/z")


def test_newer_decree_overrides_from_its_effective_date(tmp_path: Path) -> None:
    newer = _bundled()
    newer.update(decree="238/2026/NĐ-CP", effective_from="2026-07-01")
    newer["entries"] = [dict(e) for e in newer["entries"] if e["code"] == "7/7/c"]
    newer["entries"][0].update(fine_min_vnd=5_000_000, fine_max_vnd=7_000_000)
    _write(tmp_path / "admin", "nd238_2026.json", newer)
    catalogue = ViolationCatalogue.load(tmp_path / "admin")
    before = catalogue.require("7/7/c", date(2026, 6, 30))
    after = catalogue.require("7/7/c", date(2026, 7, 1))
    assert (before.decree, before.fine_min_vnd) == ("168/2024/NĐ-CP", 4_000_000)
    assert (after.decree, after.fine_min_vnd) == ("238/2026/NĐ-CP", 5_000_000)
    # Codes the newer decree does not list keep the older amounts.
    assert catalogue.require("6/9/b", date(2026, 8, 1)).decree == "168/2024/NĐ-CP"
    assert len(catalogue.entries(date(2026, 8, 1))) == len(EXPECTED)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="other"), "not a violation catalogue"),
    (lambda d: d.update(effective_from="01/01/2025"), "not a date"),
    (lambda d: d["entries"][0].update(fine_min_vnd=30_000_000), "fine_min_vnd ≤ fine_max_vnd"),
    (lambda d: d["entries"][0].update(fine_max_vnd="20.000.000"), "whole number"),
    (lambda d: d["entries"][0].update(code="6/9/c"), "article/clause/point"),
    (lambda d: d["entries"][0].pop("title"), "'title' is missing"),
    (lambda d: d["entries"][0].update(vehicle_class="tàu"), "vehicle_class"),
    (lambda d: d["entries"].append(dict(d["entries"][0])), "appears twice"),
])
def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path, change: Any,
                                                    message: str) -> None:
    data = _bundled()
    change(data)
    path = _write(tmp_path, "bad.json", data)
    with pytest.raises(CatalogueError, match=message) as caught:
        load_catalogue_file(path)
    assert "bad.json" in str(caught.value)


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "trucban-violation-catalogue",\n  "entries": [,]}',
                    encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"broken.json: is not valid JSON \(line 2"):
        load_catalogue_file(path)
