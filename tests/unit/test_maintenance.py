"""Maintenance tickets (lifecycle, photos with SHA-256) and schedules with overdue warnings."""
from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.cameras.maintenance import (
    CLOSED,
    DONE,
    IN_PROGRESS,
    OPEN,
    WAITING_PARTS,
    MaintenanceError,
    MaintenanceService,
)
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.errors import ConstraintError, NotFoundError
from app.storage.repositories import CameraRepository, EventRepository, HealthRepository

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def service(migrated_db: Database, tmp_path: Path) -> MaintenanceService:
    return MaintenanceService(migrated_db, evidence_dir=tmp_path / "evidence")


def add_camera(db: Database, name: str = "Ngã tư Hòa Bình", host: str = "10.0.0.5") -> int:
    return CameraRepository(db).add(CameraCreate(name=name, host=host, port=80)).id


def test_ticket_lifecycle(migrated_db: Database, service: MaintenanceService) -> None:
    camera_id = add_camera(migrated_db)
    ticket = service.open_ticket(camera_id, "  Mất  hình  ", assignee="Trần Văn B")
    assert (ticket.title, ticket.status, ticket.is_open) == ("Mất hình", OPEN, True)
    assert service.open_ticket_counts() == {camera_id: 1}
    ticket = service.assign(ticket.id, "Nguyễn Thị C")
    ticket = service.set_status(ticket.id, IN_PROGRESS)
    ticket = service.set_status(ticket.id, WAITING_PARTS, note="Chờ nguồn 12V")
    assert "Chờ nguồn 12V" in ticket.notes and ticket.assignee == "Nguyễn Thị C"
    with pytest.raises(MaintenanceError, match="cannot become open"):
        service.set_status(ticket.id, OPEN)
    with pytest.raises(MaintenanceError, match="Unknown ticket status"):
        service.set_status(ticket.id, "lost")
    with pytest.raises(MaintenanceError, match="non-negative"):
        service.set_cost(ticket.id, -5)
    ticket = service.set_status(ticket.id, IN_PROGRESS)
    ticket = service.set_status(ticket.id, DONE)
    assert ticket.closed_at is not None and not ticket.is_open
    ticket = service.close(ticket.id, note="Đã thay nguồn", cost_vnd=1_250_000)
    assert (ticket.status, ticket.cost_vnd) == (CLOSED, 1_250_000)
    assert service.open_ticket_counts() == {}
    assert service.tickets(camera_id, open_only=True) == []
    reopened = service.reopen(ticket.id, note="Hỏng lại")
    assert reopened.status == OPEN and reopened.closed_at is None
    assert [t.id for t in service.tickets(open_only=True)] == [ticket.id]
    kinds = [e.kind for e in EventRepository(migrated_db).recent(20, camera_id=camera_id)]
    assert kinds.count("maintenance_ticket_status") == 6
    assert "maintenance_ticket_opened" in kinds
    # Tickets are history: the camera cannot be deleted while it has one.
    with pytest.raises(ConstraintError):
        CameraRepository(migrated_db).delete(camera_id)


def test_open_from_broken_camera_carries_the_health_reason(
        migrated_db: Database, service: MaintenanceService) -> None:
    camera_id = add_camera(migrated_db)
    HealthRepository(migrated_db).add_sample(
        camera_id, onvif_ok=True, stream_ok=False, state="broken",
        message="Stream: the stream port is closed (connection refused)",
        time=datetime(2026, 11, 2, 3, 0, tzinfo=UTC))
    ticket = service.open_from_broken(camera_id, assignee="Tổ kỹ thuật")
    assert ticket.title.startswith("Camera broken: Stream: the stream port is closed")
    assert "Health state: broken" in ticket.notes and "2026-11-02T03:00:00" in ticket.notes
    other = add_camera(migrated_db, "Cổng UBND", "10.0.0.6")
    assert "never_connected" in service.open_from_broken(other).title
    with pytest.raises(NotFoundError):
        service.open_from_broken(9999)


def test_photos_are_copied_with_their_hash(migrated_db: Database, service: MaintenanceService,
                                           tmp_path: Path) -> None:
    ticket = service.open_ticket(add_camera(migrated_db), "Ống kính mờ")
    source = tmp_path / "ảnh hiện trường.png"
    source.write_bytes(PNG)
    photo = service.add_photo(ticket.id, source)
    digest = hashlib.sha256(PNG).hexdigest()
    assert photo.sha256 == digest and photo.path.read_bytes() == PNG
    assert photo.path == tmp_path / "evidence" / "maintenance" / str(ticket.id) / f"{digest}.png"
    again = service.add_photo(ticket.id, source)  # the same picture is kept once
    assert again == photo and service.get(ticket.id).photos == (photo,)
    assert service.verify_photo(photo)
    photo.path.write_bytes(PNG + b"tampered")
    assert not service.verify_photo(photo)
    assert not list(photo.path.parent.glob("*.partial"))
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    with pytest.raises(MaintenanceError, match="not a photo"):
        service.add_photo(ticket.id, text)
    with pytest.raises(MaintenanceError, match="cannot be read"):
        service.add_photo(ticket.id, tmp_path / "missing.jpg")
    with pytest.raises(NotFoundError):
        service.add_photo(9999, source)


def test_schedule_and_overdue_warnings(migrated_db: Database,
                                       service: MaintenanceService) -> None:
    first = add_camera(migrated_db, "Cam A", "10.0.0.7")
    second = add_camera(migrated_db, "Cam B", "10.0.0.8")
    service.set_schedule(first, 90, next_due=date(2026, 10, 1))
    schedule = service.set_schedule(second, 30, today=date(2026, 11, 1))
    assert schedule.next_due == date(2026, 12, 1)
    warnings = service.overdue(datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    assert [(w.camera_name, w.days_overdue) for w in warnings] == [("Cam A", 32)]
    assert [s.camera_name for s in service.due_within(date(2026, 11, 2), 30)] == ["Cam B"]
    done = service.record_maintenance_done(first, date(2026, 11, 2))
    assert (done.last_done, done.next_due) == (date(2026, 11, 2), date(2027, 1, 31))
    assert service.overdue(date(2026, 11, 2)) == []
    assert [w.camera_name for w in service.overdue(date(2026, 12, 5))] == ["Cam B"]
    with pytest.raises(MaintenanceError, match="1–3660"):
        service.set_schedule(first, 0)
    service.remove_schedule(second)
    assert [s.camera_id for s in service.schedules()] == [first]
    with pytest.raises(NotFoundError, match="no maintenance schedule"):
        service.record_maintenance_done(second, date(2026, 11, 2))
