"""Non-modal bar listing start-up notices (broken settings file, analytics disabled, …)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class NoticeBar(QFrame):
    """Shows the notices one per line with a button that hides the bar; never blocks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self._notices: list[str] = []
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("noticeDismiss")
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate_ui()
        self.set_notices([])

    @property
    def notices(self) -> list[str]:
        return list(self._notices)

    def set_notices(self, notices: list[str]) -> None:
        self._notices = [notice for notice in notices if notice]
        self.label.setText("\n".join(f"• {notice}" for notice in self._notices))
        self.setVisible(bool(self._notices))

    def add_notice(self, notice: str) -> None:
        self.set_notices([*self._notices, notice])

    def retranslate_ui(self) -> None:
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Hide these notices"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
