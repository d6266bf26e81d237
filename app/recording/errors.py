"""Problems the user can act on; their message is shown as it is."""
from __future__ import annotations


class RecordingError(Exception):
    """A recording, export or import problem with a message for the user."""


class ExportCancelled(RecordingError):
    """The user cancelled an export; nothing was left behind."""


class FootageRefused(RecordingError):
    """An imported file was refused (unreadable, not a video, already imported...)."""
