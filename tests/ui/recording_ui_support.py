"""A real RecordingService on a migrated SQLite database, fed by a paced stand-in for the
stream hub (a TS clip looped at its own bit rate), with users of every built-in role."""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from queue import Empty
from typing import Self

from app.config.settings import Settings
from app.recording.admin import RecordingAdmin, recording_settings
from app.recording.service import RecordingService
from app.security.permissions import Principal
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.repositories import CameraRepository, SiteRepository
from app.video.hub import HubError
from app.video.subscription import TS_PACKET
from tests.recording_support import make_clip, sqlite_db
from tests.security_support import World, build_world

CHUNK = TS_PACKET * 40


class PacedSubscription:
    """Hands out the clip in a loop no faster than real time (Empty when ahead)."""

    def __init__(self, data: bytes, seconds: float) -> None:
        self._chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)]
        self._rate = len(data) / seconds
        self._start = time.monotonic()
        self._sent = 0
        self._next = 0

    def get(self, timeout: float | None = None) -> bytes | None:
        if self._sent > (time.monotonic() - self._start) * self._rate:
            time.sleep(min(timeout or 0, 0.05))
            raise Empty
        chunk = self._chunks[self._next % len(self._chunks)]
        self._next += 1
        self._sent += len(chunk)
        return chunk

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class PacedHub:
    """The stream hub's subscribe/register, serving one clip for every registered key."""

    def __init__(self, data: bytes, seconds: float) -> None:
        self._data, self._seconds = data, seconds
        self.registered: dict[str, str] = {}

    def register(self, key: str, url: str) -> None:
        self.registered[key] = url

    def subscribe(self, key: str) -> PacedSubscription:
        if key not in self.registered:
            raise HubError(f"unknown stream: {key}")
        return PacedSubscription(self._data, self._seconds)


@dataclass
class RecordingWorld:
    db: Database
    root: Path
    service: RecordingService
    admin: RecordingAdmin
    hub: PacedHub
    security: World
    cameras: dict[str, int]

    def principal(self, role: str) -> Principal:
        return self.security.by_role[role]

    def resolve(self, config: object) -> tuple[str, str]:
        camera_id, stream = config.camera_id, config.stream  # type: ignore[attr-defined]
        return f"cam{camera_id}-{stream}", f"rtsp://127.0.0.1:8554/cam{camera_id}/{stream}"


def clip_bytes(folder: Path) -> bytes:
    return make_clip(folder / "clip.ts", 4.0, size="160x120", fmt="mpegts").read_bytes()


def recording_world(tmp_path: Path, clip: bytes = b"") -> Iterator[RecordingWorld]:
    db = sqlite_db(tmp_path / "db")
    security = build_world(db)
    sites = SiteRepository(db)
    province = sites.add_site("Thành phố Hà Nội", "province")
    ward = sites.add_site("Phường Hoàn Kiếm", "commune", province.id)
    repo = CameraRepository(db)
    cameras = {name: repo.add(CameraCreate(name=name, host=f"127.0.0.{n + 10}", port=80,
                                           site_id=ward.id)).id
               for n, name in enumerate(("Ngã tư Hàng Bài", "Cổng UBND phường",
                                         "Đinh Tiên Hoàng - Lê Thái Tổ"))}
    root = tmp_path / "recordings"
    hub = PacedHub(clip, 4.0)
    # No retention thread in tests; a small free-space floor so any test disk will do.
    settings = replace(recording_settings(root, Settings()), min_free_bytes=1 << 20,
                       retention_interval_s=0)
    service = RecordingService(db, hub, settings)  # type: ignore[arg-type]
    service.start()
    admin = RecordingAdmin(service, db, security.audit)
    try:
        yield RecordingWorld(db, root, service, admin, hub, security, cameras)
    finally:
        service.stop()
        db.engine.dispose()
