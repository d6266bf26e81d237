"""AnalyticsService: analytics off without a road-user model, lazy start, stored on/off state,
restore at start-up, scene saves applied to running channels, checked and audited changes.

The pipeline is a recording stand-in here (the real one needs a model and runs in
tests/integration/test_analytics_service.py)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa

from app.analytics.channel import PlateFn
from app.analytics.scene import CountingLine, SceneConfig, SceneError
from app.analytics.service import AnalyticsService, AnalyticsUnavailable, hub_stream_register
from app.models.store import InstalledBundle
from app.security.audit import AuditTrail
from app.security.permissions import Permission, PermissionDenied, Principal
from app.security.secrets import CredentialError, Credentials
from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO, ProfileCreate
from app.storage.models import AuditEntry
from app.storage.repositories.cameras import CameraRepository

XML = b"<?xml version='1.0'?><net name='tiny'/>"
BIN = bytes(range(256))


def _install_fake_bundle(models: Path, task: str = "detection.road_users") -> None:
    folder = models / "tiny-detector"
    folder.mkdir(parents=True)
    files = {"xml": ("tiny-detector.xml", XML), "bin": ("tiny-detector.bin", BIN)}
    manifest = {
        "format_version": 1, "name": "tiny-detector", "version": "1", "task": task,
        "labels": ["bike", "vehicle", "person"],
        "input": {"name": "input.1", "shape": [1, 3, 64, 64], "layout": "NCHW",
                  "color_order": "BGR"},
        "output": {"decoder": "ssd", "names": ["detection_out"]}, "licence": "Apache-2.0",
        "source": {k: f"https://example.invalid/{p}" for k, (p, _) in files.items()},
        "files": {k: {"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                  for k, (p, d) in files.items()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    for path, data in files.values():
        (folder / path).write_bytes(data)


class FakePipeline:
    def __init__(self) -> None:
        self.channels: dict[int, tuple[str, SceneConfig, float]] = {}
        self.subscribers: list[Any] = []
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def add_channel(self, camera_id: int, url: str, scene: SceneConfig,
                    analysis_fps: float = 5.0) -> None:
        self.channels[camera_id] = (url, scene, analysis_fps)

    def remove_channel(self, camera_id: int) -> None:
        self.channels.pop(camera_id, None)

    def subscribe(self, subscriber: Any) -> None:
        self.subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Any) -> None:
        self.subscribers.remove(subscriber)

    def status(self) -> list[Any]:
        return []


class Factory:
    def __init__(self) -> None:
        self.built: list[FakePipeline] = []

    def __call__(self, bundle: InstalledBundle, device: str,
                 plates: PlateFn | None) -> FakePipeline:
        assert bundle.name == "tiny-detector" and device == "CPU"
        self.built.append(FakePipeline())
        return self.built[-1]


def _camera(db: Database, port: int, name: str = "Ngã tư Hàng Bài") -> CameraDTO:
    return CameraRepository(db).add(CameraCreate(
        name=name, host="127.0.0.1", port=port,
        profiles=(ProfileCreate("main", "main", 1920, 1080, "rtsp://127.0.0.1:8554/main"),
                  ProfileCreate("sub", "sub", 640, 360, "rtsp://127.0.0.1:8554/sub"))))


def _service(db: Database, tmp_path: Path, factory: Factory | None = None,
             **kwargs: Any) -> AnalyticsService:
    registered: list[int] = []

    def hub_register(camera: CameraDTO) -> str:
        registered.append(camera.id)
        return f"http://127.0.0.1:1/live/cam{camera.id}-sub.ts"

    service = AnalyticsService(db, AuditTrail(db), tmp_path / "evidence", tmp_path / "models",
                               tmp_path / "cache", hub_register,
                               pipeline_factory=factory or Factory(),
                               plate_factory=lambda device: None, **kwargs)
    service.registered = registered  # type: ignore[attr-defined]
    return service


def test_without_a_road_user_model_analytics_is_off_and_says_why(
        migrated_db: Database, tmp_path: Path) -> None:
    factory = Factory()
    service = _service(migrated_db, tmp_path, factory)
    camera = _camera(migrated_db, 9001)
    service.start()
    assert not service.available
    assert "no road-user detection model" in service.unavailable_reason
    with pytest.raises(AnalyticsUnavailable, match="no road-user detection model"):
        service.enable(camera)
    assert not service.is_enabled(camera.id) and factory.built == []
    assert service.scenes.enabled_cameras() == []  # nothing half-stored
    # A bundle for another task does not count.
    _install_fake_bundle(tmp_path / "models", task="ocr.text_detection")
    assert not service.available
    service.stop()


def test_enable_is_lazy_registers_the_stream_and_persists(
        migrated_db: Database, tmp_path: Path) -> None:
    _install_fake_bundle(tmp_path / "models")
    factory = Factory()
    service = _service(migrated_db, tmp_path, factory)
    camera = _camera(migrated_db, 9001)
    scene = SceneConfig(lines=(CountingLine("giữa", (0.0, 0.5), (1.0, 0.5)),))
    service.scenes.save(camera.id, scene, None)
    service.start()
    assert service.available and service.unavailable_reason == ""
    assert factory.built == [] and not service.running  # nothing compiled yet

    service.enable(camera, analysis_fps=4)
    pipeline = factory.built[0]
    assert pipeline.started and service.running and service.is_enabled(camera.id)
    assert service.registered == [camera.id]  # type: ignore[attr-defined]
    url, used_scene, fps = pipeline.channels[camera.id]
    assert url.endswith(f"cam{camera.id}-sub.ts") and used_scene == scene and fps == 4
    stored = service.scenes.get(camera.id)
    assert stored is not None and stored.enabled and stored.analysis_fps == 4

    # Updates fan out to subscribers (and one broken subscriber does not stop the others).
    seen: list[int] = []
    service.subscribe(lambda cid, update, frame: 1 / 0)
    service.subscribe(lambda cid, update, frame: seen.append(cid))
    for subscriber in pipeline.subscribers:
        subscriber(camera.id, object(), np.zeros((4, 4, 3), np.uint8))
    assert seen == [camera.id]

    service.disable(camera.id)
    assert camera.id not in pipeline.channels and not service.is_enabled(camera.id)
    assert service.scenes.enabled_cameras() == []
    with pytest.raises(SceneError, match="between 0.2 and 30"):
        service.enable(camera, analysis_fps=100)
    service.stop()
    assert pipeline.stopped and not service.running
    with migrated_db.session() as session:
        actions = list(session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions == ["analytics.enable", "analytics.disable"]


def test_restore_enabled_after_restart_and_saved_scene_reaches_the_channel(
        migrated_db: Database, tmp_path: Path) -> None:
    _install_fake_bundle(tmp_path / "models")
    first, other = _camera(migrated_db, 9001), _camera(migrated_db, 9002, "Cổng UBND")
    before = _service(migrated_db, tmp_path)
    before.start()
    before.enable(first)
    before.stop()  # the workstation closes; the camera stays marked enabled

    factory = Factory()
    after = _service(migrated_db, tmp_path, factory)
    assert after.restore_enabled([first, other]) != {}  # not started yet: reported, kept
    after.start()
    assert after.restore_enabled([first, other]) == {}
    assert after.enabled_cameras() == [first.id]
    pipeline = factory.built[0]
    assert list(pipeline.channels) == [first.id]

    scene = SceneConfig(lines=(CountingLine("vào", (0.1, 0.6), (0.9, 0.6), "a_to_b"),))
    version = after.save(first.id, scene, None if after.get(first.id) is None
                         else after.get(first.id).version)  # type: ignore[union-attr]
    assert pipeline.channels[first.id][1] == scene  # the running channel uses it now
    assert after.copy(first.id, [other.id]) == [other.id]
    copied = after.get(other.id)
    assert copied is not None and copied.scene.lines == scene.lines and version >= 1
    assert other.id not in pipeline.channels  # copying does not switch analysis on
    after.stop()


def test_restore_without_a_model_compiles_nothing(migrated_db: Database, tmp_path: Path) -> None:
    camera = _camera(migrated_db, 9001)
    migrated = _service(migrated_db, tmp_path)
    migrated.scenes.set_enabled(camera.id, True)
    factory = Factory()
    service = _service(migrated_db, tmp_path, factory)
    service.start()
    failed = service.restore_enabled([camera])
    assert "no road-user detection model" in failed[camera.id] and factory.built == []
    service.stop()


def test_a_stream_the_hub_refuses_is_a_clear_message(migrated_db: Database,
                                                      tmp_path: Path) -> None:
    _install_fake_bundle(tmp_path / "models")

    def refuse(camera: CameraDTO) -> str:
        raise RuntimeError("ffmpeg not found: ffmpeg")

    service = AnalyticsService(migrated_db, AuditTrail(migrated_db), tmp_path / "evidence",
                               tmp_path / "models", tmp_path / "cache", refuse,
                               pipeline_factory=Factory(), plate_factory=lambda d: None)
    camera = _camera(migrated_db, 9001)
    service.start()
    with pytest.raises(AnalyticsUnavailable, match="cannot be used: ffmpeg not found"):
        service.enable(camera)
    assert not service.is_enabled(camera.id) and service.scenes.enabled_cameras() == []
    service.stop()


def test_changes_need_the_right_to_manage_cameras(migrated_db: Database,
                                                  tmp_path: Path) -> None:
    _install_fake_bundle(tmp_path / "models")
    viewer = Principal(1, "xem", "Người xem", "viewer", frozenset({Permission.VIEW_LIVE}))
    service = _service(migrated_db, tmp_path, principal=lambda: viewer)
    camera = _camera(migrated_db, 9001)
    service.start()
    with pytest.raises(PermissionDenied):
        service.enable(camera)
    with pytest.raises(PermissionDenied):
        service.save(camera.id, SceneConfig(), None)
    assert service.get(camera.id) is None and not service.is_enabled(camera.id)
    service.stop()



def test_hub_register_uses_the_walls_key_and_the_cameras_credentials(
        migrated_db: Database) -> None:
    camera = _camera(migrated_db, 9001)
    calls: list[tuple[str, str]] = []

    class Hub:
        def register(self, key: str, source_url: str) -> str:
            calls.append((key, source_url))
            return f"http://127.0.0.1:1/live/{key}.ts"

    def credentials(camera_id: int) -> Credentials | None:
        assert camera_id == camera.id
        return Credentials("admin", "mật khẩu")

    register = hub_stream_register(Hub(), credentials)
    assert register(camera) == f"http://127.0.0.1:1/live/cam{camera.id}-sub.ts"
    assert calls == [(f"cam{camera.id}-sub",
                      "rtsp://admin:m%E1%BA%ADt%20kh%E1%BA%A9u@127.0.0.1:8554/sub")]

    def broken(camera_id: int) -> Credentials | None:
        raise CredentialError("the key does not open the stored password")

    hub_stream_register(Hub(), broken)(camera)  # tries without credentials
    assert calls[-1] == (f"cam{camera.id}-sub", "rtsp://127.0.0.1:8554/sub")
    bare = CameraRepository(migrated_db).add(CameraCreate(name="Không luồng", host="127.0.0.1",
                                                          port=9003))
    with pytest.raises(AnalyticsUnavailable, match="no stream address"):
        register(bare)
