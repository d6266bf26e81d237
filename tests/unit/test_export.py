"""Evidence export: MP4 + manifest in a zip, verification, burned-in text, audit, rights."""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from app.recording.cli import run_export
from app.recording.dto import SourceRef
from app.recording.errors import ExportCancelled, RecordingError
from app.recording.export import ExportRequest, ExportService
from app.recording.index import SegmentIndex
from app.recording.manifest import verify_export
from app.recording.probe import probe
from app.security.audit import AuditAction, AuditQuery
from app.security.permissions import PermissionDenied
from tests.recording_support import T0, make_clip, split_ts, sqlite_db
from tests.security_support import PASSWORD, World, build_world

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


@pytest.fixture
def world(tmp_path: Path) -> World:
    world = build_world(sqlite_db(tmp_path / "db"))
    index = SegmentIndex(world.db)
    clip = make_clip(tmp_path / "clip.ts", 6.0, fmt="mpegts")
    for n, part in enumerate(split_ts(clip, tmp_path / "rec")):
        start = T0 + timedelta(seconds=2 * n)
        segment_id = index.open_segment(world.cameras[0], start, str(part))
        index.close_segment(segment_id, start + timedelta(seconds=2), part.stat().st_size, None)
    return world


def _request(tmp_path: Path, name: str = "out.zip", **kw: object) -> ExportRequest:
    return ExportRequest(sources=kw.pop("sources", (SourceRef.camera(1),)),  # type: ignore[arg-type]
                         start=T0 + timedelta(seconds=1), end=T0 + timedelta(seconds=5),
                         destination=tmp_path / name, **kw)  # type: ignore[arg-type]


def _flip_byte_of(zip_path: Path, member: str) -> None:
    with zipfile.ZipFile(zip_path) as archive:
        info = archive.getinfo(member)
    with zip_path.open("r+b") as handle:
        handle.seek(info.header_offset + 26)
        name_len = int.from_bytes(handle.read(2), "little")
        extra_len = int.from_bytes(handle.read(2), "little")
        target = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
        handle.seek(target)
        byte = handle.read(1)[0]
        handle.seek(target)
        handle.write(bytes([byte ^ 0x01]))


def test_export_writes_mp4_and_manifest_and_verify_finds_a_flipped_byte(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    investigator = world.by_role["investigator"]
    progress: list[float] = []
    service = ExportService(world.db, world.audit, clock=world.clock)
    result = service.export(investigator, _request(tmp_path, case_number="VV-21/2026"),
                            progress=lambda f, _m: progress.append(f))

    assert result.zip_path.is_file() and progress[-1] == 1.0
    assert progress == sorted(progress)
    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        archive.extract(result.files[0].name, tmp_path / "x")
    assert names[0] == "manifest.json" and len(result.files) == 1
    mp4 = tmp_path / "x" / result.files[0].name
    info = probe(mp4)
    assert info.format_name.startswith("mov,mp4") and info.has_video
    assert info.duration_s is not None and 3.5 <= info.duration_s <= 5.1
    assert manifest["case_number"] == "VV-21/2026"
    assert manifest["exported_by"]["username"] == investigator.username
    assert manifest["software"]["version"]
    assert manifest["time_range"] == {"start": (T0 + timedelta(seconds=1)).isoformat(),
                                      "end": (T0 + timedelta(seconds=5)).isoformat()}
    assert manifest["files"][0]["sha256"] == result.files[0].sha256
    assert manifest["sources"] == [{"kind": "camera", "id": 1, "name": "Camera 1"}]
    assert not manifest["re_encoded"]
    assert not list(tmp_path.glob(".export-*")) and not list(tmp_path.glob("*.part"))

    # Audited, and the exported range of the case is now held from retention.
    page = world.audit.query(world.admin, AuditQuery(action=AuditAction.EVIDENCE_EXPORTED))
    assert len(page.records) == 1 and page.records[0].details["case_number"] == "VV-21/2026"
    holds = SegmentIndex(world.db).holds(1)
    assert [(h.case_number, h.start_at) for h in holds] == [("VV-21/2026",
                                                              T0 + timedelta(seconds=1))]

    assert verify_export(result.zip_path).ok
    assert run_export(["verify", str(result.zip_path)]) == 0
    assert "OK: 1 files" in capsys.readouterr().out
    _flip_byte_of(result.zip_path, result.files[0].name)
    report = verify_export(result.zip_path)
    assert not report.ok and report.problem is not None
    assert report.problem.startswith(result.files[0].name)
    assert run_export(["verify", str(result.zip_path)]) == 1
    assert result.files[0].name in capsys.readouterr().err


def test_verify_reports_an_unlisted_file_and_a_missing_manifest(world: World,
                                                                tmp_path: Path) -> None:
    result = ExportService(world.db, world.audit).export(world.by_role["supervisor"],
                                                         _request(tmp_path))
    with zipfile.ZipFile(result.zip_path, "a") as archive:
        archive.writestr("extra.mp4", b"smuggled")
    assert verify_export(result.zip_path).problem == (
        "extra.mp4: in the export but not listed in the manifest.")
    bare = tmp_path / "bare.zip"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("a.mp4", b"x")
    assert "manifest.json is missing" in (verify_export(bare).problem or "")
    assert not verify_export(tmp_path / "nothing.zip").ok


def test_burned_in_timestamp_and_vietnamese_watermark(world: World, tmp_path: Path) -> None:
    world.users.create_user(world.admin, "hang", PASSWORD, "Nguyễn Thị Hằng Đức",
                            "investigator")
    user = world.users.authenticate("hang", PASSWORD)
    service = ExportService(world.db, world.audit)
    plain = service.export(user, _request(tmp_path, "plain.zip"))
    marked = service.export(user, _request(tmp_path, "marked.zip", burn_timestamp=True,
                                           watermark=True))
    frames = {}
    for label, result in (("plain", plain), ("marked", marked)):
        with zipfile.ZipFile(result.zip_path) as archive:
            archive.extract(result.files[0].name, tmp_path / label)
        png = tmp_path / f"{label}.png"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-ss", "1", "-i",
                        str(tmp_path / label / result.files[0].name), "-frames:v", "1",
                        str(png)], check=True, timeout=60)
        frames[label] = png
    assert json.loads(zipfile.ZipFile(marked.zip_path).read("manifest.json"))["re_encoded"]
    import cv2
    a = cv2.imread(str(frames["plain"]))
    b = cv2.imread(str(frames["marked"]))
    height, width = a.shape[:2]
    diff = cv2.absdiff(a, b).sum(axis=2) > 60
    # Text was drawn top-left (clock) and bottom-right (watermark), little elsewhere.
    assert diff[: height // 6, : width // 2].mean() > 0.05
    assert diff[-height // 6:, width // 3:].mean() > 0.05
    assert diff[height // 3: 2 * height // 3, :].mean() < 0.02


def test_export_rights_bad_ranges_existing_files_and_cancel(world: World,
                                                            tmp_path: Path) -> None:
    service = ExportService(world.db, world.audit)
    with pytest.raises(PermissionDenied):
        service.export(world.by_role["duty_officer"], _request(tmp_path))
    with pytest.raises(RecordingError, match="no footage"):
        service.export(world.by_role["supervisor"],
                       _request(tmp_path, sources=(SourceRef.camera(2),)))
    bad = ExportRequest((SourceRef.camera(1),), T0, T0 - timedelta(seconds=1), tmp_path / "a.zip")
    with pytest.raises(RecordingError, match="after its start"):
        service.export(world.by_role["supervisor"], bad)
    (tmp_path / "taken.zip").write_bytes(b"")
    with pytest.raises(RecordingError, match="already exists"):
        service.export(world.by_role["supervisor"], _request(tmp_path, "taken.zip"))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExportCancelled):
        service.export(world.by_role["supervisor"], _request(tmp_path, "c.zip"), cancel=cancel)
    assert not (tmp_path / "c.zip").exists() and not list(tmp_path.glob(".export-*"))
    page = world.audit.query(world.admin, AuditQuery(action=AuditAction.EVIDENCE_EXPORTED))
    assert page.total == 0
