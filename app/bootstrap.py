"""Builds the core services the workstation runs on (no Qt here)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.config.settings import Settings, SettingsStore
from app.logs import install_thread_excepthook, setup_logging
from app.paths import AppPaths
from app.security.secrets import CredentialVault
from app.storage.database import Database
from app.storage.repositories import (
    CameraRepository,
    EventRepository,
    HealthRepository,
    SiteRepository,
)

log = logging.getLogger(__name__)


def start_logging(version: str, *, console: bool = True) -> AppPaths:
    paths = AppPaths.from_env().ensure()
    log_file = setup_logging(paths.log_dir, console=console)
    install_thread_excepthook(paths.log_dir, version)
    log.info("Trực Ban %s starting; log file %s", version, log_file)
    return paths


@dataclass
class CoreServices:
    """Everything the shell needs, built once and passed in (no globals)."""

    paths: AppPaths
    settings: Settings
    settings_store: SettingsStore
    database: Database
    sites: SiteRepository
    cameras: CameraRepository
    events: EventRepository
    health: HealthRepository
    vault: CredentialVault
    notices: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.database.dispose()


def open_core(paths: AppPaths, *, language: str | None = None) -> CoreServices:
    """Load settings and open (and migrate) the database.

    Raises StorageError (a user-facing message) when the database cannot be used.
    """
    store = SettingsStore(paths.settings_file)
    loaded = store.load()
    notices = [loaded.problem] if loaded.problem else []
    settings = loaded.settings
    if language:
        settings = SettingsStore.updated(settings, language=language)
    url = settings.database_url or paths.default_database_url
    database = Database.open(url, backup_dir=paths.data_dir / "backups")
    database.upgrade()
    log.info("Database %s ready", database.url_for_display)
    return CoreServices(
        paths=paths,
        settings=settings,
        settings_store=store,
        database=database,
        sites=SiteRepository(database),
        cameras=CameraRepository(database),
        events=EventRepository(database),
        health=HealthRepository(database),
        vault=CredentialVault.open(paths.config_dir),
        notices=notices,
    )


def models_dir(core: CoreServices) -> Path:
    return Path(core.settings.models_dir) if core.settings.models_dir else core.paths.data_dir / "models"
