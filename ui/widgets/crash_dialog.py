"""Non-blocking dialog telling the user that an unexpected error was recorded."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class CrashDialog(QMessageBox):
    """Stays non-modal so that the video wall behind it keeps playing and responding."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setModal(False)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._errors = 0
        self.finished.connect(self._on_finished)

    @property
    def error_count(self) -> int:
        return self._errors

    def _on_finished(self, _result: int) -> None:
        self._errors = 0

    def report(self, crash_log: str) -> None:
        """Show (or update) the dialog for one more error whose details are in crash_log."""
        self._errors += 1
        self.setWindowTitle(self.tr("Unexpected error"))
        if crash_log:
            text = self.tr("An unexpected error occurred; details were saved to {path}. "
                           "The video wall keeps running.").format(path=crash_log)
        else:
            text = self.tr("An unexpected error occurred and its details could not be saved. "
                           "The video wall keeps running.")
        if self._errors > 1:
            text += "\n\n" + self.tr("%n error(s) since this message was first shown.", "",
                                     self._errors)
        self.setText(text)
        ok = self.button(QMessageBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(self.tr("OK"))
        self.show()
        self.raise_()
