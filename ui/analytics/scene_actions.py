"""Saving, copying, exporting and importing in the scene editor (a part of SceneEditor)."""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog

from app.analytics.scene import SceneConfig, SceneError
from app.security.permissions import PermissionDenied
from app.storage.errors import ConcurrentUpdateError, StorageError
from ui.analytics.scene_copy import CopyTargetsDialog
from ui.analytics.scene_forms import explain
from ui.analytics.scene_items import ItemKey, scene_from_json, scene_to_json


class SceneFileActions:
    """Mixed into SceneEditor (a QDialog), which provides these:"""

    scene: SceneConfig
    version: int | None
    errors: dict[ItemKey, str]
    dirty: bool
    camera: Any
    _scenes: Any
    _cameras: list[Any]
    saved: Any  # Signal(int)

    if TYPE_CHECKING:  # stubs for the type checker only: SceneEditor defines them
        def _show(self, text: str, *, error: bool = False) -> None: ...
        def _set_scene(self, scene: SceneConfig, selected: ItemKey | None) -> None: ...
        def open_image(self, path: Path) -> bool: ...

    def save(self) -> bool:
        if self.errors:
            self._show(QCoreApplication.translate(
                "SceneEditor", "Not saved: fix or delete the items marked ⚠ first."), error=True)
            return False
        try:
            self.version = self._scenes.save(self.camera.id, self.scene, self.version)
        except ConcurrentUpdateError:
            self._show(QCoreApplication.translate(
                "SceneEditor", "Not saved: someone else changed this camera's scene meanwhile. "
                "Export your drawing if you want to keep it, then close and reopen the "
                "editor."), error=True)
            return False
        except (SceneError, PermissionDenied, StorageError) as exc:
            self._show(QCoreApplication.translate("SceneEditor", "Not saved: {error}").format(
                error=explain(str(exc))), error=True)
            return False
        self.dirty = False
        self.saved.emit(self.camera.id)
        self._show(QCoreApplication.translate("SceneEditor", "Saved (version {version}).").format(
            version=self.version))
        return True

    def copy_to(self, camera_ids: Sequence[int]) -> list[int]:
        """Save if needed, then copy the stored scene to the given cameras."""
        if (self.dirty or self.version is None) and not self.save():
            return []
        try:
            written = self._scenes.copy(self.camera.id, list(camera_ids))
        except (SceneError, PermissionDenied, StorageError) as exc:
            self._show(QCoreApplication.translate("SceneEditor", "Not copied: {error}").format(
                error=explain(str(exc))), error=True)
            return []
        for camera_id in written:
            self.saved.emit(camera_id)
        self._show(QCoreApplication.translate("SceneEditor", "Copied to {n} cameras.").format(
            n=len(written)))
        return written

    def export_to(self, path: Path) -> bool:
        if self.errors:
            self._show(QCoreApplication.translate(
                "SceneEditor", "Not exported: fix or delete the items marked ⚠ first."),
                error=True)
            return False
        try:
            data = scene_to_json(self.scene, self.camera.id)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2),
                                 encoding="utf-8")
            os.replace(temporary, path)
        except (SceneError, OSError) as exc:
            error = exc.strerror if isinstance(exc, OSError) else explain(str(exc))
            self._show(QCoreApplication.translate("SceneEditor", "Not exported: {error}").format(
                error=error or exc), error=True)
            return False
        self._show(QCoreApplication.translate("SceneEditor", "Exported to {file}.").format(
            file=path))
        return True

    def import_from(self, path: Path) -> bool:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            scene = scene_from_json(data)
        except (OSError, ValueError) as exc:  # SceneError is a ValueError
            message = explain(str(exc)) if isinstance(exc, SceneError) else str(exc)
            self._show(QCoreApplication.translate(
                "SceneEditor", "{file} cannot be imported: {error}").format(
                    file=path.name, error=message), error=True)
            return False
        self._set_scene(scene, None)
        self._show(QCoreApplication.translate(
            "SceneEditor", "Imported {file}; save to keep it.").format(file=path.name))
        return True

    def _on_open_image_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,  # type: ignore[arg-type]
            QCoreApplication.translate("SceneEditor", "Open an image of this view"), "",
            QCoreApplication.translate("SceneEditor", "Images (*.png *.jpg *.jpeg *.bmp)"))
        if path:
            self.open_image(Path(path))

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,  # type: ignore[arg-type]
            QCoreApplication.translate("SceneEditor", "Import a scene"), "",
            QCoreApplication.translate("SceneEditor", "Scene (*.json)"))
        if path:
            self.import_from(Path(path))

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,  # type: ignore[arg-type]
            QCoreApplication.translate("SceneEditor", "Export the scene"),
            f"scene-camera-{self.camera.id}.json",
            QCoreApplication.translate("SceneEditor", "Scene (*.json)"))
        if path:
            self.export_to(Path(path))

    def _on_copy_clicked(self) -> None:
        if not self._cameras:
            self._show(QCoreApplication.translate(
                "SceneEditor", "There is no other camera to copy to."), error=True)
            return
        dialog = CopyTargetsDialog(self._cameras, self)  # type: ignore[arg-type]
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            self.copy_to(dialog.chosen())
