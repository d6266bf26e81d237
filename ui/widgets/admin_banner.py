"""Banner shown while the workstation runs without sign-in and roles."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget


class LocalAdminBanner(QToolBar):
    """A fixed strip across the whole top of the window (a toolbar, so that it spans the docks
    too) that cannot be moved or hidden: everyone at the desk must see that actions are not
    attributed to a signed-in officer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("localAdminBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.setAllowedAreas(Qt.ToolBarArea.TopToolBarArea)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.toggleViewAction().setVisible(False)  # not offered in the window's popup menu
        self.label = QLabel()
        self.label.setObjectName("localAdminBannerText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.addWidget(self.label)
        self.retranslate_ui()

    def text(self) -> str:
        return self.label.text()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Local administrator mode"))
        self.label.setText(self.tr("Local administrator mode — sign-in and roles are not "
                                   "enabled yet"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
