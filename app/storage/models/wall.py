"""Saved wall layouts, the layout each screen last showed, and wall presets, per user.

Layout geometry and cameras are one JSON document (app.wall.layouts.WallLayout.to_dict): it is
always read and written whole, and its format carries its own version. user_id NULL is the
local workstation user (before anyone signs in); rows go with their user.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, CreatedUpdated
from app.storage.types import UTCDateTime, utc_now


class WallLayoutRecord(CreatedUpdated, Base):
    """A named layout ("Ca đêm — ngã tư"); names are unique per user (checked on save)."""

    __tablename__ = "wall_layouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON)


class WallScreenRecord(Base):
    """What a screen showed last, so that a wall window reopened there shows it again."""

    __tablename__ = "wall_screen_layouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16), default="window")
    screen_index: Mapped[int] = mapped_column(sa.Integer)
    screen_name: Mapped[str] = mapped_column(sa.String(200), default="")
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)


class WallPresetRecord(CreatedUpdated, Base):
    """A named set of screens and their layouts, restored all at once."""

    __tablename__ = "wall_presets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))


class WallPresetScreenRecord(Base):
    __tablename__ = "wall_preset_screens"
    __table_args__ = (sa.UniqueConstraint("preset_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    preset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("wall_presets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer)
    role: Mapped[str] = mapped_column(sa.String(16), default="window")
    screen_index: Mapped[int] = mapped_column(sa.Integer)
    screen_name: Mapped[str] = mapped_column(sa.String(200), default="")
    full_screen: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
