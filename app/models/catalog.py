"""The manifests the product ships (repository folder ``models/``): names, URLs, checksums.

They are preferred over any manifest found next to imported weights, so an import can never
change the labels or decoding of a model we know. ``defaults.txt`` names the bundles that
``models install`` sets up without being told which.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from app.models.errors import ManifestError
from app.models.manifest import BundleManifest

log = logging.getLogger(__name__)

DEFAULT_CATALOG_DIR = Path(__file__).resolve().parents[2] / "models"
DEFAULTS_FILE = "defaults.txt"


class ManifestCatalog:
    def __init__(self, folder: Path = DEFAULT_CATALOG_DIR) -> None:
        self.folder = folder
        self._manifests: dict[str, BundleManifest] | None = None

    def _load(self) -> dict[str, BundleManifest]:
        if self._manifests is None:
            manifests: dict[str, BundleManifest] = {}
            for path in sorted(self.folder.glob("*.json")):
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                    manifest = BundleManifest.from_json(data, where=str(path))
                except (OSError, json.JSONDecodeError) as exc:
                    raise ManifestError(f"{path}: not a readable JSON file ({exc})") from None
                if manifest.name != path.stem:
                    raise ManifestError(f"{path}: field 'name' is {manifest.name!r} but the file "
                                        f"is named {path.name}", "name")
                manifests[manifest.name] = manifest
            self._manifests = manifests
        return self._manifests

    def get(self, name: str) -> BundleManifest | None:
        return self._load().get(name)

    def all(self) -> list[BundleManifest]:
        return list(self._load().values())

    def defaults(self) -> list[str]:
        """Bundle names from defaults.txt (one a line, ``#`` starts a comment)."""
        path = self.folder / DEFAULTS_FILE
        if not path.is_file():
            return []
        names = [line.split("#", 1)[0].strip()
                 for line in path.read_text(encoding="utf-8").splitlines()]
        unknown = [n for n in names if n and self.get(n) is None]
        if unknown:
            raise ManifestError(f"{path}: names bundles without a manifest: {', '.join(unknown)}")
        return [n for n in names if n]
