"""Camera tours: definition checks, the runner on a fake clock, and saved tours per user."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.security.audit import AuditQuery
from app.security.permissions import PermissionDenied
from app.storage.database import Database
from app.storage.models.tours import WallTour
from app.wall.tours import TOUR_SAVED, Tour, TourError, TourRunner, TourState, TourStore
from tests.security_support import build_world


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _runner(ids: tuple[int, ...] = (1, 2, 3), dwell: float = 5.0, slots: int = 1
            ) -> tuple[TourRunner, FakeClock]:
    clock = FakeClock()
    return TourRunner(Tour("Cổng chính", ids, dwell), slots=slots, clock=clock), clock


def test_tour_definition_is_checked() -> None:
    tour = Tour("  Ngã   tư  ", [4, 5], 3)  # type: ignore[arg-type]
    assert (tour.name, tour.camera_ids, tour.dwell_s) == ("Ngã tư", (4, 5), 3.0)
    with pytest.raises(TourError, match="at least 3 seconds"):
        Tour("Nhanh", (1,), 2.9)
    with pytest.raises(TourError, match="at least 3 seconds"):
        Tour("NaN", (1,), float("nan"))
    with pytest.raises(TourError, match="at least one camera"):
        Tour("Trống", (), 10)
    with pytest.raises(TourError, match="name"):
        Tour("   ", (1,), 10)
    with pytest.raises(TourError, match="does not exist"):
        Tour("Sai", (1, 0), 10)
    with pytest.raises(TourError, match="number of seconds"):
        Tour("Chữ", (1,), "mười")  # type: ignore[arg-type]


def test_runner_dwells_then_moves_on_and_wraps_around() -> None:
    runner, clock = _runner()
    assert runner.state is TourState.STOPPED and runner.current is None
    assert runner.due() is None
    first = runner.start()
    assert first.camera_ids == (1,) and runner.state is TourState.RUNNING
    clock.advance(4.9)
    assert runner.due() is None
    assert runner.remaining_s() == pytest.approx(0.1)
    clock.advance(0.1)
    assert runner.due().camera_ids == (2,)  # type: ignore[union-attr]
    assert runner.due() is None  # the new page has its own dwell time
    clock.advance(5)
    assert runner.due().camera_ids == (3,)  # type: ignore[union-attr]
    clock.advance(5)
    assert runner.due().camera_ids == (1,)  # type: ignore[union-attr]
    # A long gap (machine asleep) moves on by one page only, with a full dwell after it.
    clock.advance(60)
    assert runner.due().camera_ids == (2,)  # type: ignore[union-attr]
    assert runner.remaining_s() == pytest.approx(5)


def test_pause_freezes_the_tour_and_resume_keeps_the_time_left() -> None:
    runner, clock = _runner()
    runner.start()
    clock.advance(3)
    runner.pause()  # the operator clicked the tile
    assert runner.state is TourState.PAUSED
    clock.advance(120)
    assert runner.due() is None
    assert runner.current.camera_ids == (1,)  # type: ignore[union-attr]
    assert runner.remaining_s() == pytest.approx(2)
    runner.resume()
    assert runner.state is TourState.RUNNING
    clock.advance(1.9)
    assert runner.due() is None
    clock.advance(0.1)
    assert runner.due().camera_ids == (2,)  # type: ignore[union-attr]
    runner.resume()  # resuming a running tour changes nothing
    assert runner.state is TourState.RUNNING


def test_next_and_previous_skip_and_restart_the_dwell() -> None:
    runner, clock = _runner()
    with pytest.raises(RuntimeError):
        runner.next()
    runner.start()
    clock.advance(4)
    assert runner.next().camera_ids == (2,)
    clock.advance(4)
    assert runner.due() is None  # next() gave camera 2 a full dwell
    assert runner.previous().camera_ids == (1,)
    assert runner.previous().camera_ids == (3,)  # wraps backwards too
    runner.pause()
    assert runner.next().camera_ids == (1,)
    assert runner.state is TourState.PAUSED and runner.remaining_s() == 5
    runner.stop()
    assert runner.state is TourState.STOPPED and runner.current is None
    assert runner.due() is None


def test_whole_wall_pages_fill_every_tile() -> None:
    runner, clock = _runner(ids=tuple(range(1, 11)), slots=4)
    assert runner.page_count == 3
    assert runner.start().camera_ids == (1, 2, 3, 4)
    clock.advance(5)
    assert runner.due().camera_ids == (5, 6, 7, 8)  # type: ignore[union-attr]
    clock.advance(5)
    # The short last page is filled from the start of the list, no tile goes blank.
    assert runner.due().camera_ids == (9, 10, 1, 2)  # type: ignore[union-attr]
    clock.advance(5)
    assert runner.due().camera_ids == (1, 2, 3, 4)  # type: ignore[union-attr]
    # Fewer cameras than tiles: only as many tiles as cameras, never a camera twice.
    few, _ = _runner(ids=(7, 8), slots=9)
    assert few.slots == 2 and few.page_count == 1
    assert few.start().camera_ids == (7, 8)


def test_tours_are_saved_per_user(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    store = TourStore(migrated_db, world.audit)
    officer, investigator = world.by_role["duty_officer"], world.by_role["investigator"]
    cam1, cam2 = world.cameras
    saved = store.save(officer, Tour("Cổng", (cam1, cam2), 8))
    assert saved.id is not None and saved.camera_ids == (cam1, cam2)
    store.save(investigator, Tour("Cổng", (cam2,), 4))  # same name, another user: fine
    assert [t.camera_ids for t in store.list_tours(officer)] == [(cam1, cam2)]
    assert [t.camera_ids for t in store.list_tours(investigator)] == [(cam2,)]
    with pytest.raises(TourError, match="already have a tour"):
        store.save(officer, Tour("Cổng", (cam1,), 5))
    updated = store.save(officer, Tour("Cổng sau", (cam2, cam1), 12.5, id=saved.id))
    assert store.list_tours(officer) == [updated]
    with pytest.raises(TourError, match="no longer exists"):  # not someone else's tour
        store.save(investigator, Tour("Lấy", (cam1,), 5, id=saved.id))
    with pytest.raises(TourError, match="#999"):
        store.save(officer, Tour("Ma", (cam1, 999), 5))
    with pytest.raises(PermissionDenied):
        store.save(None, Tour("Ẩn danh", (cam1,), 5))
    entries = world.audit.query(world.by_role["supervisor"], AuditQuery(action=TOUR_SAVED))
    assert entries.total == 3
    store.delete(officer, saved.id)  # type: ignore[arg-type]
    store.delete(officer, saved.id)  # type: ignore[arg-type]
    assert store.list_tours(officer) == []
    assert world.audit.verify().ok


def test_database_refuses_a_short_dwell(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    with pytest.raises(Exception), migrated_db.session() as session:  # noqa: B017
        session.add(WallTour(user_id=world.admin.user_id, name="x", camera_ids=[1],
                             dwell_s=1.0))
    with migrated_db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(WallTour)) == 0
