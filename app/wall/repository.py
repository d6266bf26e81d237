"""Named wall layouts, per-screen layouts and wall presets, stored per user.

user_id None is the local workstation user (no one signed in). Names are compared after
NFC normalisation and whitespace folding, so "Ca  đêm" and "Ca đêm" typed two ways are one
name. A stored document that no longer parses is logged and skipped, never shown as a crash.
"""
from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.storage.database import Database
from app.storage.models.wall import (
    WallLayoutRecord,
    WallPresetRecord,
    WallPresetScreenRecord,
    WallScreenRecord,
)
from app.storage.types import utc_now
from app.wall.layouts import LayoutError, WallLayout
from app.wall.screens import WALL_ROLES, ScreenLayout, WallPreset, WallRole

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class SavedLayout:
    id: int
    user_id: int | None
    name: str
    layout: WallLayout
    updated_at: datetime


def clean_layout_name(name: str) -> str:
    """The stored form of a name; ValueError (with a message for the user) when unusable."""
    cleaned = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not cleaned:
        raise ValueError("A layout needs a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"A name may have at most {MAX_NAME_LENGTH} characters.")
    return cleaned


def _owner(column: Any, user_id: int | None) -> Any:
    return column.is_(None) if user_id is None else column == user_id


def _layout(definition: Any, what: str) -> WallLayout | None:
    try:
        return WallLayout.from_dict(definition)
    except LayoutError as exc:
        log.warning("stored %s is damaged and was skipped: %s", what, exc)
        return None


def _role(value: str) -> WallRole:
    return "main" if value == "main" else "window"


class WallLayoutRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ----- named layouts ---------------------------------------------------------------------
    def save_layout(self, user_id: int | None, name: str, layout: WallLayout) -> SavedLayout:
        """Create or replace the user's layout of that name."""
        name = clean_layout_name(name)
        definition = layout.validated().to_dict()
        with self._db.session() as session:
            record = self._layout_record(session, user_id, name)
            if record is None:
                record = WallLayoutRecord(user_id=user_id, name=name, definition=definition)
                session.add(record)
            else:
                record.definition = definition
            session.flush()
            return SavedLayout(record.id, user_id, name, layout, record.updated_at)

    def list_layouts(self, user_id: int | None) -> list[SavedLayout]:
        with self._db.session() as session:
            query = sa.select(WallLayoutRecord).where(_owner(WallLayoutRecord.user_id, user_id))
            found = []
            for record in session.scalars(query):
                layout = _layout(record.definition, f"layout {record.name!r}")
                if layout is not None:
                    found.append(SavedLayout(record.id, user_id, record.name, layout,
                                             record.updated_at))
        return sorted(found, key=lambda saved: saved.name.casefold())

    def load_layout(self, user_id: int | None, name: str) -> WallLayout | None:
        with self._db.session() as session:
            record = self._layout_record(session, user_id, clean_layout_name(name))
            return None if record is None else _layout(record.definition, f"layout {name!r}")

    def delete_layout(self, user_id: int | None, name: str) -> bool:
        with self._db.session() as session:
            record = self._layout_record(session, user_id, clean_layout_name(name))
            if record is None:
                return False
            session.delete(record)
            return True

    # ----- what each screen shows ------------------------------------------------------------
    def save_screen_layout(self, user_id: int | None, screen: ScreenLayout) -> None:
        """Remember the layout a screen (by role and index) shows, replacing the last one."""
        definition = screen.layout.validated().to_dict()
        with self._db.session() as session:
            record = session.scalars(
                sa.select(WallScreenRecord)
                .where(_owner(WallScreenRecord.user_id, user_id),
                       WallScreenRecord.role == screen.role,
                       WallScreenRecord.screen_index == screen.screen_index)
                .limit(1)).first()
            if record is None:
                session.add(WallScreenRecord(
                    user_id=user_id, role=screen.role, screen_index=screen.screen_index,
                    screen_name=screen.screen_name, definition=definition))
            else:
                record.screen_name = screen.screen_name
                record.definition = definition

    def load_screen_layout(self, user_id: int | None, screen_index: int, screen_name: str,
                           role: WallRole = "window") -> WallLayout | None:
        """The layout last shown on that screen; a renamed screen at the same index counts."""
        with self._db.session() as session:
            records = list(session.scalars(
                sa.select(WallScreenRecord)
                .where(_owner(WallScreenRecord.user_id, user_id), WallScreenRecord.role == role)
                .order_by(WallScreenRecord.screen_index)))
            exact = [r for r in records if r.screen_index == screen_index]
            if not exact and role == "window":
                named = [r for r in records if r.screen_name == screen_name]
                exact = named if len(named) == 1 else []
            if not exact:
                return None
            return _layout(exact[0].definition, f"screen {screen_index} layout")

    # ----- presets ---------------------------------------------------------------------------
    def save_preset(self, user_id: int | None, name: str,
                    screens: Sequence[ScreenLayout]) -> WallPreset:
        name = clean_layout_name(name)
        if not screens:
            raise ValueError("A wall preset needs at least one screen.")
        rows = []
        for position, screen in enumerate(screens):
            if screen.role not in WALL_ROLES:
                raise ValueError(f"Unknown wall role {screen.role!r}.")
            rows.append(WallPresetScreenRecord(
                position=position, role=screen.role, screen_index=screen.screen_index,
                screen_name=screen.screen_name, full_screen=screen.full_screen,
                definition=screen.layout.validated().to_dict()))
        with self._db.session() as session:
            record = self._preset_record(session, user_id, name)
            if record is None:
                record = WallPresetRecord(user_id=user_id, name=name)
                session.add(record)
                session.flush()
            else:
                session.execute(sa.delete(WallPresetScreenRecord)
                                .where(WallPresetScreenRecord.preset_id == record.id))
                record.updated_at = utc_now()  # only child rows changed: onupdate would not fire
            for row in rows:
                row.preset_id = record.id
                session.add(row)
        return WallPreset(name, tuple(screens))

    def list_presets(self, user_id: int | None) -> list[str]:
        with self._db.session() as session:
            names = session.scalars(sa.select(WallPresetRecord.name)
                                    .where(_owner(WallPresetRecord.user_id, user_id)))
            return sorted(names, key=str.casefold)

    def load_preset(self, user_id: int | None, name: str) -> WallPreset | None:
        with self._db.session() as session:
            record = self._preset_record(session, user_id, clean_layout_name(name))
            if record is None:
                return None
            screens = []
            for row in session.scalars(sa.select(WallPresetScreenRecord)
                                       .where(WallPresetScreenRecord.preset_id == record.id)
                                       .order_by(WallPresetScreenRecord.position)):
                layout = _layout(row.definition, f"preset {record.name!r} screen {row.position}")
                if layout is not None:
                    screens.append(ScreenLayout(row.screen_index, row.screen_name, layout,
                                                _role(row.role), row.full_screen))
            return WallPreset(record.name, tuple(screens))

    def delete_preset(self, user_id: int | None, name: str) -> bool:
        with self._db.session() as session:
            record = self._preset_record(session, user_id, clean_layout_name(name))
            if record is None:
                return False
            # Explicit: SQLite enforces ON DELETE CASCADE only with its foreign-key pragma.
            session.execute(sa.delete(WallPresetScreenRecord)
                            .where(WallPresetScreenRecord.preset_id == record.id))
            session.delete(record)
            return True

    # ----- internals -------------------------------------------------------------------------
    @staticmethod
    def _layout_record(session: Session, user_id: int | None, name: str) -> WallLayoutRecord | None:
        return session.scalars(sa.select(WallLayoutRecord).where(
            _owner(WallLayoutRecord.user_id, user_id), WallLayoutRecord.name == name)
            .order_by(WallLayoutRecord.id).limit(1)).first()

    @staticmethod
    def _preset_record(session: Session, user_id: int | None, name: str) -> WallPresetRecord | None:
        return session.scalars(sa.select(WallPresetRecord).where(
            _owner(WallPresetRecord.user_id, user_id), WallPresetRecord.name == name)
            .order_by(WallPresetRecord.id).limit(1)).first()
