"""Status-bar label with the number of cameras overdue for maintenance (polled, not pushed)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.cameras.maintenance import MaintenanceService
from ui.dashboards.background import BackgroundRunner

POLL_INTERVAL_MS = 10 * 60 * 1000  # due dates change once a day; the window pushes edits


class OverdueIndicator(QLabel):
    """Hidden while nothing is overdue; clicking it asks to open the maintenance schedule."""

    clicked = Signal()

    def __init__(self, service: MaintenanceService, *, runner: BackgroundRunner | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdueIndicator")
        self.setStyleSheet("color: #ff7b72; font-weight: bold;")
        self._service = service
        self._today = today
        self._runner = runner or BackgroundRunner(parent=self, name="overdue-count")
        self._busy = False
        self.count = 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh)
        self.set_count(0)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._runner.run(self._service.overdue_count, self._today(), on_done=self._on_counted,
                         on_failed=self._on_failed)

    def _on_counted(self, count: object) -> None:
        self._busy = False
        self.set_count(int(count))  # type: ignore[call-overload]

    def _on_failed(self, _exc: BaseException) -> None:
        self._busy = False

    def set_count(self, count: int) -> None:
        """Also connected to MaintenanceWindow.overdue_count_changed for immediate updates."""
        self.count = count
        self.setText(self.tr("%n camera(s) overdue for maintenance", "", count))
        self.setVisible(count > 0)

    def mousePressEvent(self, event: object) -> None:  # type: ignore[override]
        self.clicked.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.set_count(self.count)
        super().changeEvent(event)

    def shutdown(self) -> None:
        self.timer.stop()
        self._runner.shutdown()
