"""The Recordings menu: playback with the timeline, evidence export and imported footage,
and the wall's "open in playback" and instant replay."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ui.playback.playback_window import PlaybackWindow


class PlaybackActions(QObject):
    def __init__(self, window: PlaybackWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.playback_action = QAction(self)
        self.export_action = QAction(self)
        self.import_action = QAction(self)
        self.playback_action.triggered.connect(self.show_playback)
        self.export_action.triggered.connect(self.export)
        self.import_action.triggered.connect(self.import_footage)

    def attach(self, menu: QMenu) -> None:
        for action in (self.playback_action, self.export_action, self.import_action):
            menu.addAction(action)

    def retranslate(self) -> None:
        self.playback_action.setText(self.tr("&Playback and timeline"))
        self.export_action.setText(self.tr("&Export evidence…"))
        self.import_action.setText(self.tr("&Import footage from citizens or businesses…"))

    def show_playback(self) -> None:
        self.window.refresh_sources()
        self.window.resize(1400, 900)
        self.window.show()
        self.window.raise_()

    def export(self) -> None:
        self.show_playback()
        self.window.open_export_dialog()

    def import_footage(self) -> None:
        self.show_playback()
        self.window.open_import_dialog()

    def open_at(self, camera_id: int, when: datetime) -> None:
        self.window.open_at(camera_id, when)

    def replay(self, camera_id: int, start: datetime, _end: datetime) -> None:
        """Instant replay: the last seconds of a live camera, from their start."""
        self.window.open_at(camera_id, start)
        self.window.group.play()
