"""Scene configurations: validation with clear messages, storage round trip, copy, switch."""
from __future__ import annotations

import pytest

from app.analytics.config_store import SceneStore
from app.analytics.scene import (
    CountingLine,
    Lane,
    SceneConfig,
    SceneError,
    SignalConfig,
    Zone,
    validate,
)
from app.storage.database import Database
from app.storage.errors import ConcurrentUpdateError
from app.storage.models import Camera

SQUARE = ((0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8))
FULL = SceneConfig(
    lines=(CountingLine("gate", (0.0, 0.5), (1.0, 0.5), "a_to_b", ("car", "bus")),),
    zones=(Zone("bus stop", SQUARE, "no_stopping", dwell_s=30),
           Zone("yard", SQUARE, "intrusion", armed_hours=(22, 6))),
    lanes=(Lane("bus lane", SQUARE, (0.0, 1.0), ("bus",)),),
    stop_line=CountingLine("stop", (0.1, 0.6), (0.9, 0.6), "a_to_b"),
    signal=SignalConfig(roi=(0.0, 0.0, 0.1, 0.2), cycle_s=90, red_s=40, offset_s=10),
    max_riders=2)


def test_a_self_intersecting_zone_is_refused_with_a_clear_message() -> None:
    bow_tie = ((0.2, 0.2), (0.8, 0.8), (0.8, 0.2), (0.2, 0.8))
    with pytest.raises(SceneError, match="crosses itself"):
        validate(SceneConfig(zones=(Zone("z", bow_tie),)))


@pytest.mark.parametrize(("scene", "message"), [
    (SceneConfig(lines=(CountingLine("l", (0.5, 0.5), (0.5, 0.502)),)), "too close"),
    (SceneConfig(lines=(CountingLine("l", (0.0, 0.5), (1.5, 0.5)),)), "outside the image"),
    (SceneConfig(lines=(CountingLine("l", (0, 0), (1, 1), "sideways"),)), "direction"),
    (SceneConfig(lines=(CountingLine("l", (0, 0), (1, 1), classes=("tank",)),)), "unknown"),
    (SceneConfig(zones=(Zone("z", ((0.1, 0.1), (0.2, 0.2))),)), "at least 3"),
    (SceneConfig(lanes=(Lane("l", SQUARE, (0.0, 0.0)),)), "direction is missing"),
    (SceneConfig(stop_line=CountingLine("s", (0, 0.5), (1, 0.5))), "traffic light"),
    (SceneConfig(signal=SignalConfig(cycle_s=60, red_s=90)), "shorter than the cycle"),
    (SceneConfig(signal=SignalConfig(roi=(0.5, 0.5, 0.4, 0.6))), "top-left"),
])
def test_invalid_configurations_name_the_problem(scene: SceneConfig, message: str) -> None:
    with pytest.raises(SceneError, match=message):
        validate(scene)


def _camera(db: Database, port: int) -> int:
    with db.session() as session:
        row = Camera(name=f"Cam {port}", host="127.0.0.1", port=port)
        session.add(row)
        session.flush()
        return row.id


def test_store_round_trip_copy_and_version_check(migrated_db: Database) -> None:
    store = SceneStore(migrated_db)
    first, second = _camera(migrated_db, 9001), _camera(migrated_db, 9002)
    assert store.get(first) is None
    version = store.save(first, FULL, None)
    loaded = store.get(first)
    assert loaded is not None and loaded.scene == FULL and loaded.version == version
    with pytest.raises(ConcurrentUpdateError):
        store.save(first, SceneConfig(), version + 5)  # someone else saved meanwhile
    assert store.copy(first, [second, first]) == [second]
    copied = store.get(second)
    assert copied is not None and copied.scene.lanes == FULL.lanes and not copied.enabled
    store.set_enabled(second, True, 4.0)
    assert store.enabled_cameras() == [second]
    with pytest.raises(SceneError, match="between 0.2 and 30"):
        store.set_enabled(second, True, 100)


def test_damaged_stored_configuration_is_reported(migrated_db: Database) -> None:
    with pytest.raises(SceneError, match="unreadable"):
        SceneConfig.from_columns([{"name": "x"}], [], [], None, None, None)
