"""A realistic commune for the health/maintenance/map UI tests: sites, cameras, samples."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.storage.database import Database
from app.storage.dto import CameraCreate, ProfileCreate
from app.storage.models import HealthSample
from app.storage.repositories import CameraRepository, SiteRepository

SUB = ProfileCreate(token="sub", kind="sub", width=640, height=360, fps=25.0,
                    stream_uri="rtsp://127.0.0.1:8554/sub")


@dataclass(frozen=True)
class Commune:
    commune_id: int
    province_id: int
    cameras: dict[str, int]  # name → id

    def id(self, name: str) -> int:
        return self.cameras[name]


# name, location, purpose, lat, lon, state history: list of (hours_ago_from, state)
CAMERAS = [
    ("Ngã tư Hàng Bài – Tràng Tiền", "Ngã tư Hàng Bài", "traffic", 21.0245, 105.8532, "working"),
    ("Đinh Tiên Hoàng – hướng Bắc", "Hồ Hoàn Kiếm", "traffic", 21.0302, 105.8528, "working"),
    ("Cổng UBND phường", "Trụ sở UBND", "security", 21.0281, 105.8560, "degraded"),
    ("Chợ Hàng Da – lối vào", "Chợ Hàng Da", "security", 21.0318, 105.8467, "broken_long"),
    ("Phố Huế – Hàng Bài", "Ngã tư Hàng Bài", "traffic", 21.0209, 105.8514, "broken_recent"),
    ("Lý Thái Tổ – Tràng Tiền", "Hồ Hoàn Kiếm", "traffic", 21.0262, 105.8560, "working"),
    ("Camera chưa đấu nối", "Trụ sở UBND", "security", None, None, "none"),
]


def seed_commune(db: Database, now: datetime, *, days: int = 8,
                 step: timedelta = timedelta(minutes=30)) -> Commune:
    sites = SiteRepository(db)
    commune_id = sites.ensure_path(["Thành phố Hà Nội", "Phường Hoàn Kiếm"])
    province_id = sites.get(commune_id).parent_id  # type: ignore[union-attr]
    repo = CameraRepository(db)
    ids: dict[str, int] = {}
    rows: list[HealthSample] = []
    for n, (name, location, purpose, lat, lon, story) in enumerate(CAMERAS):
        site_id = sites.ensure_path(["Thành phố Hà Nội", "Phường Hoàn Kiếm", location])
        camera = repo.add(CameraCreate(name=name, host=f"127.0.0.{10 + n}", port=8000 + n,
                                       purpose=purpose, site_id=site_id, latitude=lat,
                                       longitude=lon, profiles=(SUB,)))
        ids[name] = camera.id
        if story == "none":
            continue
        count = int(timedelta(days=days) / step)
        for k in range(count, 0, -1):
            at = now - k * step
            hours_ago = (now - at).total_seconds() / 3600
            wave = math.sin(k / 7.0 + n)
            state, ok, fps, rate, msg = "working", True, 24.5 + wave, 900 + 150 * wave, ""
            if story == "degraded":
                state, fps, msg = "degraded", 8 + 2 * wave, "Frame rate 8.0 fps is below 50%"
            elif story == "broken_long" and hours_ago < 60:
                state, ok, fps, rate, msg = "broken", False, None, None, \
                    "Stream: the stream port is closed (connection refused)"
            elif story == "broken_recent" and hours_ago < 5:
                state, ok, fps, rate, msg = "broken", False, None, None, \
                    "Stream: no complete picture within 8 s (stream stalled or too slow)"
            elif story == "working" and n == 1 and 30 < hours_ago < 40:
                state, ok, fps, rate, msg = "broken", False, None, None, "Stream: timed out"
            rows.append(HealthSample(camera_id=camera.id, time=at, onvif_ok=True, stream_ok=ok,
                                     state=state, message=msg, fps=fps, bitrate_kbps=rate,
                                     width=640 if ok else None, height=360 if ok else None))
    with db.session() as session:
        session.add_all(rows)
    return Commune(commune_id, province_id, ids)


def open_database(folder) -> Database:  # type: ignore[no-untyped-def]
    """A migrated SQLite database in `folder` (the UI tests' real database)."""
    db = Database.open(f"sqlite:///{folder / 'trucban.db'}")
    db.upgrade()
    return db
