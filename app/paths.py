"""Where the workstation keeps its data, settings, logs and caches."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "trucban"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @classmethod
    def from_env(cls) -> AppPaths:
        """Platform folders, or subfolders of $TRUCBAN_HOME when it is set (tests, portable use)."""
        home = os.environ.get("TRUCBAN_HOME")
        if home:
            root = Path(home)
            paths = cls(root / "data", root / "config", root / "logs", root / "cache")
        else:
            paths = cls(
                Path(platformdirs.user_data_dir(APP_NAME)),
                Path(platformdirs.user_config_dir(APP_NAME)),
                Path(platformdirs.user_log_dir(APP_NAME)),
                Path(platformdirs.user_cache_dir(APP_NAME)),
            )
        return paths

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def default_database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'trucban.db'}"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"
