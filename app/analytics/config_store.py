"""Scene configurations per camera in AnalyticsConfig: load, save with a version check, copy
to other cameras, switch live analysis on or off."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from app.analytics.scene import SceneConfig, SceneError, copy_scene, validate
from app.storage.database import Database
from app.storage.errors import ConcurrentUpdateError
from app.storage.models import AnalyticsConfig, Camera


@dataclass(frozen=True)
class CameraAnalytics:
    camera_id: int
    scene: SceneConfig
    version: int
    enabled: bool
    analysis_fps: float


class SceneStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, camera_id: int) -> CameraAnalytics | None:
        with self._db.session() as session:
            row = session.scalar(sa.select(AnalyticsConfig).where(
                AnalyticsConfig.camera_id == camera_id))
            if row is None:
                return None
            scene = SceneConfig.from_columns(row.lines, row.zones, row.lanes, row.stop_line,
                                             row.signal_roi, row.options)
            return CameraAnalytics(camera_id, scene, row.version, row.enabled, row.analysis_fps)

    def save(self, camera_id: int, scene: SceneConfig, expected_version: int | None) -> int:
        """Store a validated scene; ``expected_version`` None creates the first one. Returns
        the new version. Someone else's save in between raises ConcurrentUpdateError."""
        validate(scene)
        with self._db.session() as session:
            if session.get(Camera, camera_id) is None:
                raise SceneError(f"camera #{camera_id} does not exist")
            row = session.scalar(sa.select(AnalyticsConfig).where(
                AnalyticsConfig.camera_id == camera_id).with_for_update())
            columns = scene.to_columns()
            if row is None:
                if expected_version is not None:
                    raise ConcurrentUpdateError("the configuration was deleted meanwhile")
                row = AnalyticsConfig(camera_id=camera_id, version=1, **columns)
                session.add(row)
            else:
                if expected_version != row.version:
                    raise ConcurrentUpdateError(
                        f"the configuration of camera #{camera_id} was changed meanwhile "
                        f"(version {row.version}, you edited {expected_version})")
                for key, value in columns.items():
                    setattr(row, key, value)
                row.version += 1
            session.flush()
            return row.version

    def copy(self, source_camera_id: int, target_camera_ids: Sequence[int]) -> list[int]:
        """Copy one camera's scene to others (same view, e.g. a replaced camera); returns the
        cameras written."""
        found = self.get(source_camera_id)
        if found is None:
            raise SceneError(f"camera #{source_camera_id} has no scene configuration")
        scene = copy_scene(found.scene)
        written = []
        for target in target_camera_ids:
            if target == source_camera_id:
                continue
            current = self.get(target)
            self.save(target, scene, current.version if current else None)
            written.append(target)
        return written

    def set_enabled(self, camera_id: int, enabled: bool, analysis_fps: float | None = None) -> None:
        if analysis_fps is not None and not 0.2 <= analysis_fps <= 30:
            raise SceneError("the analysis rate must be between 0.2 and 30 frames per second")
        with self._db.session() as session:
            row = session.scalar(sa.select(AnalyticsConfig).where(
                AnalyticsConfig.camera_id == camera_id))
            if row is None:
                if session.get(Camera, camera_id) is None:
                    raise SceneError(f"camera #{camera_id} does not exist")
                row = AnalyticsConfig(camera_id=camera_id, version=1,
                                      **SceneConfig().to_columns())
                session.add(row)
            row.enabled = enabled
            if analysis_fps is not None:
                row.analysis_fps = analysis_fps
            session.flush()

    def enabled_cameras(self) -> list[int]:
        with self._db.session() as session:
            return list(session.scalars(sa.select(AnalyticsConfig.camera_id).where(
                AnalyticsConfig.enabled.is_(True))))
