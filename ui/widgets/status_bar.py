"""Status bar: database in use, number of cameras and a clock."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


class ShellStatusBar(QStatusBar):
    def __init__(self, database_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shellStatusBar")
        self._database_label = database_label
        self._camera_count = 0
        self.database_label = QLabel()
        self.database_label.setObjectName("databaseLabel")
        self.camera_count_label = QLabel()
        self.camera_count_label.setObjectName("cameraCountLabel")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockLabel")
        self.addWidget(self.database_label, 1)
        self.addPermanentWidget(self.camera_count_label)
        self.addPermanentWidget(self.clock_label)
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._on_clock_timeout)
        self.retranslate_ui()
        self._on_clock_timeout()
        self.clock.start()

    def set_camera_count(self, count: int) -> None:
        self._camera_count = count
        self.camera_count_label.setText(self.tr("%n camera(s)", "", count))

    def retranslate_ui(self) -> None:
        self.database_label.setText(self.tr("Database: {label}").format(
            label=self._database_label))
        self.set_camera_count(self._camera_count)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _on_clock_timeout(self) -> None:
        # Day/month/year order as written in Vietnam, in both languages.
        self.clock_label.setText(datetime.now().strftime("%H:%M:%S  %d/%m/%Y"))
