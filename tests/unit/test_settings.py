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


def test_new_fields_round_trip_and_an_older_file_gets_their_defaults(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.path.write_text('{"version": 1, "language": "en", "wall_grid": 3}', encoding="utf-8")
    loaded = store.load()
    assert loaded.problem is None
    assert loaded.settings == Settings(language="en", wall_grid=3)
    assert loaded.settings.instant_replay_s == 30
    assert loaded.settings.recording_overwrite_when_full is True

    changed = SettingsStore.updated(
        loaded.settings, instant_replay_s=120, agency_address="2 Hàng Bài, Hoàn Kiếm",
        parent_agency="BỘ CÔNG AN", issuing_place="Hà Nội", recording_max_age_days=0,
        recording_quota_gb=750.5, recording_min_free_gb=2.0,
        recording_overwrite_when_full=False)
    store.save(changed)
    assert store.load().settings == changed


def test_a_whole_number_quota_in_the_file_is_read_as_gigabytes(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"recording_quota_gb": 500}', encoding="utf-8")
    assert SettingsStore(path).load().settings.recording_quota_gb == 500.0


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ('{"instant_replay_s": 2}', "instant_replay_s"),
        ('{"instant_replay_s": 301}', "instant_replay_s"),
        ('{"recording_max_age_days": -1}', "recording_max_age_days"),
        ('{"recording_quota_gb": -5}', "recording_quota_gb"),
        ('{"recording_min_free_gb": 0}', "recording_min_free_gb"),
        ('{"recording_overwrite_when_full": 1}', "recording_overwrite_when_full"),
        ('{"agency_address": 12}', "agency_address"),
    ],
)
def test_invalid_new_fields_are_named(tmp_path: Path, content: str, field: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    result = SettingsStore(path).load()
    assert result.settings == Settings()
    assert result.problem is not None and field in result.problem
