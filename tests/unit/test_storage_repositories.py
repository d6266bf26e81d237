"""Repositories on SQLite and on a real PostgreSQL server (db_url is parametrized)."""
from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO, ProfileCreate
from app.storage.errors import ConcurrentUpdateError, ConstraintError, NotFoundError
from app.storage.models import Evidence, MaintenanceTicket
from app.storage.repositories import (
    CameraRepository,
    EventRepository,
    HealthRepository,
    SiteRepository,
)

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def _profiles() -> tuple[ProfileCreate, ...]:
    return (
        ProfileCreate(token="prof_main", kind="main", width=1920, height=1080, fps=25.0,
                      encoding="H264", stream_uri="rtsp://10.0.0.5:554/main",
                      snapshot_uri="http://10.0.0.5/snap.jpg", name="Main"),
        ProfileCreate(token="prof_sub", kind="sub", width=640, height=360, fps=15.0,
                      encoding="H264", stream_uri="rtsp://10.0.0.5:554/sub"),
    )


def _camera(name: str = "Ngã tư Hòa Bình – hướng Bắc", host: str = "10.0.0.5",
            port: int = 80, **extra: object) -> CameraCreate:
    return CameraCreate(name=name, host=host, port=port, profiles=_profiles(), **extra)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- sites
def test_sites_tree_and_ensure_path(migrated_db: Database) -> None:
    sites = SiteRepository(migrated_db)
    leaf = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Xuân Hương", "Ngã tư Hòa Bình"])
    again = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường  Xuân Hương", "Ngã tư Hòa Bình"])
    assert again == leaf
    other = sites.ensure_path(["Tỉnh Lâm Đồng", "Phường Xuân Hương", "Cổng chợ Đà Lạt"])
    assert other != leaf

    by_id = {s.id: s for s in sites.list_sites()}
    assert len(by_id) == 4
    junction = by_id[leaf]
    assert (junction.name, junction.kind) == ("Ngã tư Hòa Bình", "location")
    ward = by_id[junction.parent_id]  # type: ignore[index]
    assert (ward.name, ward.kind) == ("Phường Xuân Hương", "commune")
    province = by_id[ward.parent_id]  # type: ignore[index]
    assert (province.kind, province.parent_id) == ("province", None)
    assert by_id[other].parent_id == ward.id

    added = sites.add_site("Xã Tà Nung", "commune", parent_id=province.id, code="24999")
    assert sites.get(added.id) == added
    assert sites.get(999_999) is None
    with pytest.raises(ValueError, match="kind"):
        sites.add_site("X", "district")
    with pytest.raises(NotFoundError):
        sites.add_site("Orphan", "location", parent_id=999_999)
    with pytest.raises(ValueError):
        sites.ensure_path(["Tỉnh A", "  "])


# ------------------------------------------------------------------------------ cameras
def test_camera_add_get_list_find(migrated_db: Database) -> None:
    site_id = SiteRepository(migrated_db).ensure_path(["Tỉnh Lâm Đồng", "Phường 1", "Cầu"])
    cameras = CameraRepository(migrated_db)
    added = cameras.add(_camera(site_id=site_id, tags=("đèn đỏ", " lấn làn "), ptz=True,
                                latitude=11.94, longitude=108.44,
                                credential_ciphertext=b"\x00sealed"))
    assert isinstance(added, CameraDTO)
    assert added.version == 1 and added.has_credentials and added.ptz
    assert added.tags == ("đèn đỏ", "lấn làn")
    assert [p.token for p in added.profiles] == ["prof_main", "prof_sub"]
    assert added.main_profile is not None and added.main_profile.width == 1920
    assert added.sub_profile is not None and added.sub_profile.token == "prof_sub"
    assert added.main_profile.snapshot_uri == "http://10.0.0.5/snap.jpg"
    with pytest.raises(FrozenInstanceError):
        added.name = "x"  # type: ignore[misc]

    assert cameras.get(added.id) == added
    assert cameras.get(123_456) is None
    second = cameras.add(CameraCreate(name="A camera", host="Cam-2.local", port=8080,
                                      purpose="security"))
    assert second.host == "cam-2.local"
    assert [c.name for c in cameras.list_cameras()] == ["A camera", added.name]
    assert [c.id for c in cameras.list_cameras(site_id=site_id)] == [added.id]
    assert cameras.find_by_address("CAM-2.local", 8080) == second
    assert cameras.find_by_address("cam-2.local", 80) is None
    assert cameras.get_credential_ciphertext(added.id) == b"\x00sealed"
    assert cameras.get_credential_ciphertext(second.id) is None
    assert second.main_profile is None and second.sub_profile is None


def test_camera_rejects_duplicates_and_bad_input(migrated_db: Database) -> None:
    cameras = CameraRepository(migrated_db)
    first = cameras.add(_camera())
    with pytest.raises(ConstraintError, match="10.0.0.5:80"):
        cameras.add(_camera(name="Copy", host="10.0.0.5 "))
    with pytest.raises(ValueError, match="port"):
        cameras.add(_camera(port=70000))
    with pytest.raises(ValueError, match="purpose"):
        cameras.add(_camera(host="10.0.0.9", purpose="parking"))
    with pytest.raises(ValueError, match="name"):
        cameras.add(_camera(name="   ", host="10.0.0.9"))
    with pytest.raises(NotFoundError):
        cameras.add(_camera(host="10.0.0.9", site_id=424242))
    assert [c.id for c in cameras.list_cameras()] == [first.id]


def test_camera_update_with_optimistic_locking(migrated_db: Database) -> None:
    cameras = CameraRepository(migrated_db)
    cam = cameras.add(_camera())
    renamed = cameras.update(cam.id, cam.version, name="Cổng trường", enabled=False,
                             tags=["trường học"])
    assert (renamed.name, renamed.enabled, renamed.tags) == ("Cổng trường", False,
                                                             ("trường học",))
    assert renamed.version == cam.version + 1
    # A second editor still holding the first version loses, and nothing is overwritten.
    with pytest.raises(ConcurrentUpdateError, match="Reload"):
        cameras.update(cam.id, cam.version, name="Stale edit")
    current = cameras.get(cam.id)
    assert current is not None and current.name == "Cổng trường"
    assert current.version == renamed.version

    with pytest.raises(ValueError, match="version"):
        cameras.update(cam.id, current.version, version=99)
    with pytest.raises(NotFoundError):
        cameras.update(987_654, 1, name="nobody")
    other = cameras.add(_camera(name="Other", host="10.0.0.6"))
    with pytest.raises(ConstraintError):
        cameras.update(other.id, other.version, host="10.0.0.5")
    cleared = cameras.update(cam.id, current.version, credential_ciphertext=None,
                             latitude=None)
    assert not cleared.has_credentials


def test_camera_profiles_are_replaced_and_never_hold_credentials(migrated_db: Database) -> None:
    cameras = CameraRepository(migrated_db)
    cam = cameras.add(CameraCreate(name="Cam", host="10.1.1.1", port=80))
    assert cam.profiles == ()
    updated = cameras.set_profiles(cam.id, [
        ProfileCreate(token="prof_main", kind="main", width=2560, height=1440,
                      stream_uri="rtsp://admin:secret@10.1.1.1:554/Streaming/101"),
        ProfileCreate(token="third", kind="other", width=320, height=180,
                      stream_uri="rtsp://10.1.1.1/third"),
    ])
    assert updated.version == cam.version + 1
    assert [p.token for p in updated.profiles] == ["prof_main", "third"]
    assert updated.profiles[0].stream_uri == "rtsp://10.1.1.1:554/Streaming/101"
    # No profile marked "sub": the smallest one stands in.
    assert updated.sub_profile is not None and updated.sub_profile.token == "third"
    # Same tokens again (a re-read from the device) must not collide with the old rows.
    again = cameras.set_profiles(cam.id, list(_profiles()))
    assert [p.token for p in again.profiles] == ["prof_main", "prof_sub"]
    with pytest.raises(ValueError, match="repeated"):
        cameras.set_profiles(cam.id, [_profiles()[0], _profiles()[0]])
    with pytest.raises(NotFoundError):
        cameras.set_profiles(4242, [])
    with pytest.raises(ConcurrentUpdateError):
        cameras.update(cam.id, updated.version, name="edited from a stale form")


def test_camera_delete_keeps_history(migrated_db: Database) -> None:
    cameras = CameraRepository(migrated_db)
    events = EventRepository(migrated_db)
    health = HealthRepository(migrated_db)
    spare = cameras.add(_camera(name="Spare", host="10.0.0.7"))
    event = events.add("camera.offline", "mất kết nối", camera_id=spare.id, time=T0)
    health.add_sample(spare.id, onvif_ok=True, stream_ok=True, state="ok", time=T0)
    cameras.delete(spare.id)
    assert cameras.get(spare.id) is None
    # The activity log survives, unlinked from the deleted camera.
    [kept] = events.recent(10)
    assert kept.id == event.id and kept.camera_id is None
    assert spare.id not in health.latest_per_camera()
    with pytest.raises(NotFoundError):
        cameras.delete(spare.id)

    busy = cameras.add(_camera(name="Busy"))
    with migrated_db.session() as session:
        session.add(MaintenanceTicket(camera_id=busy.id, title="Thay ống kính"))
        session.add(Evidence(camera_id=busy.id, kind="image", path="/e/1.jpg", sha256="0" * 64,
                             captured_at=T0))
    with pytest.raises(ConstraintError, match="Disable"):
        cameras.delete(busy.id)
    assert cameras.get(busy.id) is not None


# ------------------------------------------------------------------------------ events
def test_events_recent_newest_first(migrated_db: Database) -> None:
    cam = CameraRepository(migrated_db).add(_camera())
    events = EventRepository(migrated_db)
    for minute in (5, 1, 3):
        events.add("line.crossed", f"phút {minute}", camera_id=cam.id, severity="info",
                   data={"line": "stop", "minute": minute}, time=T0 + timedelta(minutes=minute))
    events.add("login.failed", "sai mật khẩu", severity="warning", time=T0)
    recent = events.recent(limit=3)
    assert [e.message for e in recent] == ["phút 5", "phút 3", "phút 1"]
    assert recent[0].data == {"line": "stop", "minute": 5}
    assert recent[0].time == T0 + timedelta(minutes=5)
    assert recent[0].time.tzinfo is not None and recent[0].time.utcoffset() == timedelta(0)
    assert len(events.recent(camera_id=cam.id)) == 3
    assert [e.kind for e in events.recent(limit=10)][-1] == "login.failed"
    with pytest.raises(ValueError):
        events.add("x", severity="fatal")
    with pytest.raises(NotFoundError):
        events.add("x", camera_id=99_999)


def test_event_times_in_other_zones_are_stored_as_utc(migrated_db: Database) -> None:
    events = EventRepository(migrated_db)
    hanoi = timezone(timedelta(hours=7))
    stored = events.add("test", time=datetime(2025, 3, 1, 15, 0, tzinfo=hanoi))
    [read] = events.recent(1)
    assert read.time == datetime(2025, 3, 1, 8, 0, tzinfo=UTC) == stored.time
    assert read.time.utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="naive"):
        events.add("test", time=datetime(2025, 3, 1, 15, 0))


# ------------------------------------------------------------------------------ health
def test_health_latest_per_camera(migrated_db: Database) -> None:
    cameras = CameraRepository(migrated_db)
    a = cameras.add(_camera(name="A", host="10.0.0.1"))
    b = cameras.add(_camera(name="B", host="10.0.0.2"))
    health = HealthRepository(migrated_db)
    assert health.latest_per_camera() == {}
    health.add_sample(a.id, onvif_ok=True, stream_ok=True, state="ok", fps=25.0,
                      time=T0 + timedelta(minutes=2))
    # Arrives later but was measured earlier: not the latest.
    health.add_sample(a.id, onvif_ok=False, stream_ok=False, state="offline",
                      time=T0 + timedelta(minutes=1))
    health.add_sample(b.id, onvif_ok=True, stream_ok=False, state="degraded",
                      message="RTSP 454", bitrate_kbps=0.0, clock_drift_s=-3.5, time=T0)
    latest = health.latest_per_camera()
    assert set(latest) == {a.id, b.id}
    assert (latest[a.id].state, latest[a.id].fps) == ("ok", 25.0)
    assert latest[b.id].message == "RTSP 454" and latest[b.id].clock_drift_s == -3.5
    assert latest[b.id].time == T0
    with pytest.raises(NotFoundError):
        health.add_sample(77_777, onvif_ok=True, stream_ok=True, state="ok")
