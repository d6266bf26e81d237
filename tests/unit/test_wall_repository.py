from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.storage.database import Database
from app.storage.models import Role, User
from app.storage.models.wall import WallLayoutRecord, WallPresetScreenRecord
from app.wall.layouts import WallLayout, preset
from app.wall.repository import WallLayoutRepository
from app.wall.screens import ScreenLayout


def _add_user(db: Database, username: str) -> int:
    with db.session() as session:
        role = Role(name=f"role-{username}", permissions=[])
        session.add(role)
        session.flush()
        user = User(username=username, password_hash="x", role_id=role.id)
        session.add(user)
        session.flush()
        return user.id


def test_named_layouts_round_trip_per_user(migrated_db: Database) -> None:
    repo = WallLayoutRepository(migrated_db)
    officer = _add_user(migrated_db, "canbo1")
    night = preset("1+7").with_cameras([5, 6, 7]).with_tour(1, "Vòng đêm")
    saved = repo.save_layout(None, "  Ca   đêm ", night)
    assert saved.name == "Ca đêm"
    repo.save_layout(None, "Ban ngày", WallLayout.grid(3).merged(0, 0, 1, 1))
    repo.save_layout(officer, "Ca đêm", preset("2x2"))
    assert [s.name for s in repo.list_layouts(None)] == ["Ban ngày", "Ca đêm"]
    assert repo.load_layout(None, "Ca đêm") == night
    assert repo.load_layout(officer, "Ca đêm") == preset("2x2")
    # Saving under an existing name replaces it, not duplicates it.
    repo.save_layout(None, "Ca đêm", preset("4x4"))
    assert repo.load_layout(None, "Ca đêm") == preset("4x4")
    assert len(repo.list_layouts(None)) == 2
    assert repo.delete_layout(None, "Ca đêm") and not repo.delete_layout(None, "Ca đêm")
    assert repo.load_layout(None, "Ca đêm") is None
    assert [s.name for s in repo.list_layouts(officer)] == ["Ca đêm"]
    with pytest.raises(ValueError, match="name"):
        repo.save_layout(None, "   ", night)


def test_damaged_rows_are_skipped(migrated_db: Database) -> None:
    repo = WallLayoutRepository(migrated_db)
    repo.save_layout(None, "Tốt", preset("2x2"))
    with migrated_db.session() as session:
        session.add(WallLayoutRecord(user_id=None, name="Hỏng", definition={"columns": "x"}))
    assert [s.name for s in repo.list_layouts(None)] == ["Tốt"]
    assert repo.load_layout(None, "Hỏng") is None


def test_screen_layouts_and_presets(migrated_db: Database) -> None:
    repo = WallLayoutRepository(migrated_db)
    left = preset("4x4").with_cameras(range(1, 17))
    right = preset("1+7").with_cameras(range(17, 25))
    repo.save_screen_layout(None, ScreenLayout(1, "DP-1", left))
    repo.save_screen_layout(None, ScreenLayout(1, "DP-1", right))
    assert repo.load_screen_layout(None, 1, "DP-1") == right
    assert repo.load_screen_layout(None, 3, "DP-1") == right  # moved: found by its unique name
    assert repo.load_screen_layout(None, 0, "HDMI-1") is None
    assert repo.load_screen_layout(None, 1, "DP-1", role="main") is None

    screens = (ScreenLayout(0, "screen", left, role="main", full_screen=False),
               ScreenLayout(1, "screen", right))
    repo.save_preset(None, "Trực đêm", screens)
    loaded = repo.load_preset(None, "Trực đêm")
    assert loaded is not None and loaded.screens == screens
    repo.save_preset(None, "Trực đêm", screens[1:])  # replaced, children rewritten
    loaded = repo.load_preset(None, "Trực đêm")
    assert loaded is not None and loaded.screens == screens[1:]
    assert repo.list_presets(None) == ["Trực đêm"]
    assert repo.delete_preset(None, "Trực đêm")
    assert repo.list_presets(None) == [] and repo.load_preset(None, "Trực đêm") is None
    with migrated_db.session() as session:
        assert session.scalars(sa.select(WallPresetScreenRecord)).first() is None
    with pytest.raises(ValueError):
        repo.save_preset(None, "Rỗng", [])
