"""Choosing the cameras a scene is copied to (same view: a replaced or twin camera)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class CopyTargetsDialog(QDialog):
    def __init__(self, cameras: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyTargetsDialog")
        self.setWindowTitle(self.tr("Copy the scene to cameras"))
        explain = QLabel(self.tr("The saved scene replaces the scene of each camera ticked "
                                 "here. Use it only for cameras that see the same view."))
        explain.setWordWrap(True)
        self.list = QListWidget()
        for camera in cameras:
            item = QListWidgetItem(str(camera.name))
            item.setData(Qt.ItemDataRole.UserRole, int(camera.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def set_checked(self, camera_ids: Sequence[int]) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in camera_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[int]:
        return [int(self.list.item(r).data(Qt.ItemDataRole.UserRole))
                for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked]
