from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config.settings import Settings, SettingsError, SettingsStore


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    result = SettingsStore(tmp_path / "settings.json").load()
    assert result.settings == Settings()
    assert result.problem is None
    assert result.settings.language == "vi"


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    changed = SettingsStore.updated(Settings(), language="en", wall_grid=4)
    store.save(changed)
    assert store.load().settings == changed


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ('{"wall_grid": 99}', "wall_grid"),
        ('{"language": "fr"}', "language"),
        ('{"network_caching_ms": "fast"}', "network_caching_ms"),
        ('{"no_such_thing": 1}', "no_such_thing"),
        ("{not json", "JSON"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_broken_file_is_backed_up_and_named(tmp_path: Path, content: str, field: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    result = SettingsStore(path).load()
    assert result.settings == Settings()
    assert result.problem is not None and field in result.problem
    assert result.backup is not None and result.backup.read_text(encoding="utf-8") == content
    assert path.read_text(encoding="utf-8") == content  # the original is not destroyed


def test_save_refuses_invalid(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    with pytest.raises(SettingsError, match="idle_lock_minutes"):
        store.save(Settings(idle_lock_minutes=-1))
    assert not store.path.exists()


def test_saved_file_is_readable_json(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(agency_name="CÔNG AN TỈNH QUẢNG NINH"))
    raw = json.loads(store.path.read_text(encoding="utf-8"))
    assert raw["agency_name"] == "CÔNG AN TỈNH QUẢNG NINH"
    assert raw["version"] == 1
