"""Snapshots kept as evidence (file, SHA-256, Evidence row, audit), frame grabs, PTZ ordering."""
from __future__ import annotations

import shutil
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
import sqlalchemy as sa

from app.hashing import sha256_file
from app.review.snapshots import SNAPSHOT_TAKEN, SnapshotService
from app.security.audit import AuditQuery
from app.security.permissions import Permission, PermissionDenied, Principal
from app.storage.database import Database
from app.storage.models import Evidence
from app.video.snapshot import SnapshotError, grab_frame, grab_from_stream, is_png
from app.wall.ptz import PtzControl, PtzInputError
from tests.security_support import T0, build_world


def _write_picture(path: Path) -> str:
    gradient = np.tile(np.arange(0, 256, 2, dtype=np.uint8), (96, 1))
    assert cv2.imwrite(str(path), cv2.merge([gradient, gradient[::-1], gradient]))
    return "player"


def test_snapshot_is_stored_hashed_recorded_and_audited(migrated_db: Database,
                                                        tmp_path: Path) -> None:
    world = build_world(migrated_db)
    evidence_dir = tmp_path / "evidence"
    service = SnapshotService(migrated_db, world.audit, evidence_dir, clock=world.clock)
    officer = world.by_role["duty_officer"]
    camera = world.cameras[0]
    first = service.take(officer, camera, _write_picture)
    second = service.take(officer, camera, _write_picture)  # never overwrites the first
    assert first.path != second.path and first.sha256 == second.sha256
    assert first.path.parent == evidence_dir / "snapshots" / T0.strftime("%Y-%m-%d")
    assert is_png(first.path) and sha256_file(first.path) == first.sha256
    assert first.captured_at - T0 < timedelta(seconds=1) and first.method == "player"
    assert not list(evidence_dir.rglob("*.partial*"))
    with migrated_db.session() as session:
        rows = session.scalars(sa.select(Evidence).order_by(Evidence.id)).all()
        assert [(r.kind, r.camera_id, r.source, r.sha256, r.path) for r in rows] == [
            ("snapshot", camera, "wall", first.sha256, str(first.path)),
            ("snapshot", camera, "wall", second.sha256, str(second.path))]
        assert rows[0].violation_id is None and rows[0].captured_at == first.captured_at
    audit = world.audit.query(world.by_role["supervisor"], AuditQuery(action=SNAPSHOT_TAKEN))
    assert audit.total == 2
    assert {r.object_id for r in audit.records} == {str(first.evidence_id),
                                                   str(second.evidence_id)}
    assert world.audit.verify().ok


def test_refusals_leave_nothing_behind(migrated_db: Database, tmp_path: Path) -> None:
    world = build_world(migrated_db)
    evidence_dir = tmp_path / "evidence"
    service = SnapshotService(migrated_db, world.audit, evidence_dir)
    grabbed: list[Path] = []

    def spy(path: Path) -> str:
        grabbed.append(path)
        return _write_picture(path)

    viewer = Principal(99, "xem", "Người xem", "viewer", frozenset())
    with pytest.raises(PermissionDenied):
        service.take(viewer, world.cameras[0], spy)
    with pytest.raises(SnapshotError, match="does not exist"):
        service.take(world.by_role["duty_officer"], 12345, spy)
    assert grabbed == []

    def broken(path: Path) -> str:
        path.write_bytes(b"")  # libvlc wrote nothing useful
        return "player"

    with pytest.raises(SnapshotError, match="empty"):
        service.take(world.by_role["duty_officer"], world.cameras[0], broken)

    def failing(path: Path) -> str:
        raise SnapshotError("No picture could be read from the stream.")

    with pytest.raises(SnapshotError, match="No picture"):
        service.take(world.by_role["duty_officer"], world.cameras[0], failing)
    assert [p for p in evidence_dir.rglob("*") if p.is_file()] == []
    with migrated_db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


class FakePlayer:
    def __init__(self, works: bool) -> None:
        self.works = works

    def take_snapshot(self, path: Path, width: int = 0, height: int = 0) -> bool:
        if self.works:
            _write_picture(path)
        return self.works


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_grab_prefers_the_player_and_falls_back_to_the_stream(tmp_path: Path) -> None:
    clip = tmp_path / "clip.ts"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "smptebars=size=160x120:rate=10", "-t", "1", "-c:v", "libx264",
                    "-f", "mpegts", str(clip)], check=True, timeout=60)
    target = tmp_path / "frame.png"
    assert grab_frame(target, player=FakePlayer(True), stream_url=str(clip)) == "player"
    assert grab_frame(target, player=FakePlayer(False), stream_url=str(clip)) == "stream"
    picture = cv2.imread(str(target))
    assert picture.shape[:2] == (120, 160) and picture.std() > 20
    with pytest.raises(SnapshotError, match="no picture to save"):
        grab_frame(target, player=FakePlayer(False))
    with pytest.raises(SnapshotError, match="No picture could be read"):
        grab_from_stream(str(tmp_path / "missing.ts"), target)
    assert not target.exists()


class SlowPtz:
    """Records PTZ commands; the first one blocks until released (a slow camera)."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.gate = threading.Event()

    def ptz_continuous_move(self, token: str, pan: float, tilt: float, zoom: float) -> None:
        if not self.calls:
            self.calls.append(("move", pan, tilt, zoom))
            self.gate.wait(10)
            return
        self.calls.append(("move", pan, tilt, zoom))

    def ptz_stop(self, token: str) -> None:
        self.calls.append(("stop",))

    def ptz_presets(self, token: str) -> list[object]:
        return []

    def ptz_goto_preset(self, token: str, preset: str) -> None:
        self.calls.append(("goto", preset))

    def ptz_set_preset(self, token: str, name: str) -> str:
        self.calls.append(("save", name))
        return "2"

    def ptz_position(self, token: str) -> tuple[float, float, float]:
        return (0.0, 0.0, 0.0)


def test_ptz_commands_keep_their_order_and_stale_moves_are_skipped() -> None:
    officer = Principal(1, "a", "A", "duty_officer", frozenset({Permission.PTZ_CONTROL}))
    client = SlowPtz()
    control = PtzControl(client, "profile_main", 3, lambda: officer)
    first = control.move(0.5, 0, 0)  # blocks in the "camera"
    control.move(2.0, 0, 0)  # superseded before it was sent
    control.move(0, -0.5, 0)  # superseded too
    stop = control.stop()
    assert control.moving is False
    client.gate.set()
    stop.result(5)
    first.result(5)
    assert client.calls == [("move", 0.5, 0.0, 0.0), ("stop",)]
    assert control.save_preset("  Cổng   sau ").result(5) == "2"
    assert client.calls[-1] == ("save", "Cổng sau")
    with pytest.raises(PtzInputError):
        control.save_preset("  ")
    nobody = PtzControl(client, "profile_main", 3, lambda: None)
    with pytest.raises(PermissionDenied):
        nobody.goto_preset("1").result(5)
    control.move(1, 0, 0).result(5)
    control.close()  # a camera left moving is stopped on close
    control.join()
    nobody.close()
    assert client.calls[-1] == ("stop",)
    with pytest.raises(RuntimeError):
        control.move(1, 0, 0)
