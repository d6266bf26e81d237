"""Typed, versioned workstation settings stored as JSON.

A broken settings file never stops the workstation: the file is copied aside, the problem is
reported naming the field, and the defaults are used (qutebrowser and Anki do the same).
QSettings is used only for window geometry.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LANGUAGES = ("vi", "en")


class SettingsError(ValueError):
    """A settings value is invalid; the message names the field."""


@dataclass(frozen=True)
class Settings:
    version: int = SCHEMA_VERSION
    language: str = "vi"
    database_url: str = ""  # empty: SQLite in the user data folder
    # libvlc network/live caching: 100 ms keeps camera-to-glass latency near 250 ms on a
    # LAN (bench/latency.py); 0 stops playback altogether.
    network_caching_ms: int = 100
    wall_grid: int = 2
    substream_max_tile_width: int = 960  # tiles wider than this play the main stream
    main_stream_min_tile_height: int = 540  # tiles taller than this (pixels) play the main stream
    reconnect_max_backoff_s: float = 10.0
    idle_lock_minutes: int = 10
    models_dir: str = ""  # empty: models/ in the user data folder
    # Seconds an instant replay jumps back from live.
    instant_replay_s: int = 30
    # Printed documents (notices): the header and the address a recipient is sent to.
    agency_name: str = "CÔNG AN TỈNH"
    agency_address: str = ""
    parent_agency: str = ""  # the line above the agency, e.g. "BỘ CÔNG AN"
    issuing_place: str = ""  # "Hà Nội" in "Hà Nội, ngày ... tháng ... năm ..."
    # Recording storage. Zero means "no limit" for the age and the quota; footage under a
    # hold is never deleted whatever these say.
    recording_max_age_days: int = 30
    recording_quota_gb: float = 0.0  # all recordings together, GiB
    recording_min_free_gb: float = 0.5  # recorders stop (or overwrite) below this, GiB
    recording_overwrite_when_full: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def validated(self) -> Settings:
        _check(self.version == SCHEMA_VERSION, "version", f"unsupported version {self.version}")
        _check(self.language in LANGUAGES, "language", f"must be one of {', '.join(LANGUAGES)}")
        # Below ~80 ms libvlc drops into long stalls on loopback (bench/latency.py); 0 stops it.
        _check(80 <= self.network_caching_ms <= 10_000, "network_caching_ms",
               "must be 80–10000")
        _check(1 <= self.wall_grid <= 8, "wall_grid", "must be 1–8")
        _check(160 <= self.substream_max_tile_width <= 8000, "substream_max_tile_width",
               "must be 160–8000")
        _check(120 <= self.main_stream_min_tile_height <= 8000, "main_stream_min_tile_height",
               "must be 120–8000")
        _check(0.5 <= self.reconnect_max_backoff_s <= 600, "reconnect_max_backoff_s",
               "must be 0.5–600")
        _check(0 <= self.idle_lock_minutes <= 24 * 60, "idle_lock_minutes", "must be 0–1440")
        _check(5 <= self.instant_replay_s <= 300, "instant_replay_s", "must be 5–300")
        _check(0 <= self.recording_max_age_days <= 3650, "recording_max_age_days",
               "must be 0–3650")
        _check(0 <= self.recording_quota_gb <= 1_000_000, "recording_quota_gb",
               "must be 0–1000000")
        _check(0.1 <= self.recording_min_free_gb <= 10_000, "recording_min_free_gb",
               "must be 0.1–10000")
        return self


def _check(ok: bool, name: str, why: str) -> None:
    if not ok:
        raise SettingsError(f"{name}: {why}")


def _from_mapping(raw: Any) -> Settings:
    if not isinstance(raw, dict):
        raise SettingsError("the file must hold a JSON object")
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in raw.items():
        if key not in known:
            raise SettingsError(f"{key}: unknown setting")
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SettingsError(f"{key}: expected {expected.__name__}, got {type(value).__name__}")
        values[key] = value
    return Settings(**values).validated()


@dataclass(frozen=True)
class LoadResult:
    settings: Settings
    problem: str | None = None  # user-facing message when the file was broken
    backup: Path | None = None


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> LoadResult:
        if not self.path.exists():
            return LoadResult(Settings())
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return LoadResult(_from_mapping(raw))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, SettingsError) as exc:
            backup = self._backup()
            where = f"{exc}" if isinstance(exc, SettingsError) else f"not valid JSON ({exc})"
            message = (f"Settings file {self.path} is broken — {where}. It was copied to "
                       f"{backup} and the defaults are used.")
            log.warning(message)
            return LoadResult(Settings(), message, backup)

    def save(self, settings: Settings) -> None:
        settings.validated()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(asdict(settings), ensure_ascii=False, indent=2)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _backup(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        shutil.copy2(self.path, backup)
        return backup

    @staticmethod
    def updated(settings: Settings, **changes: Any) -> Settings:
        return replace(settings, **changes).validated()
