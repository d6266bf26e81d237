"""What the application shell needs from the core, passed in by the composition root."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from app.config.settings import Settings, SettingsStore


class SiteLike(Protocol):
    """The attributes of app.storage.dto.SiteDTO that the shell reads."""

    id: int
    name: str
    kind: str
    parent_id: int | None
    code: str | None


class CameraLike(Protocol):
    """The attributes of app.storage.dto.CameraDTO that the shell reads."""

    id: int
    name: str
    site_id: int | None
    host: str
    port: int
    purpose: str
    manufacturer: str | None
    model: str | None
    ptz: bool
    enabled: bool
    profiles: Any


class EventLike(Protocol):
    """The attributes of app.storage.dto.EventDTO that the shell reads."""

    id: int
    camera_id: int | None
    time: datetime
    kind: str
    severity: str
    message: str


@dataclass
class ShellContext:
    """Everything the main window shows, as plain values and callables (no Qt, no ORM).

    The callables must be cheap: the shell calls them on the GUI thread (the event list polls
    ``recent_events`` once a second), so they should read from a cache the core keeps fresh.
    """

    settings: Settings
    settings_store: SettingsStore
    list_sites: Callable[[], Sequence[SiteLike]]
    list_cameras: Callable[[], Sequence[CameraLike]]
    recent_events: Callable[[], Sequence[EventLike]]
    database_label: str  # already redacted
    notices: list[str] = field(default_factory=list)  # user-facing start-up messages
    local_admin_mode: bool = True
    # Where the window keeps its geometry (QSettings, ini format); None: the user config folder.
    window_state_file: Path | None = None
