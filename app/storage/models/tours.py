"""Camera tours of the live wall, saved per user.

A tour is a named list of cameras shown one after another (or page by page across the
whole wall) with a fixed dwell time. The camera list is kept as JSON ids: a camera removed
later is skipped when the tour runs, so deleting a camera never fails because of a tour.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models.base import Base, CreatedUpdated

#: Shorter dwell times make a wall flicker and hammer the stream hub with re-opens.
MIN_TOUR_DWELL_S = 3.0


class WallTour(CreatedUpdated, Base):
    __tablename__ = "wall_tours"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "name"),
        sa.CheckConstraint(f"dwell_s >= {MIN_TOUR_DWELL_S:g}", name="dwell_s"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A user's own tours go with the user account.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    camera_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    dwell_s: Mapped[float] = mapped_column(sa.Float)
