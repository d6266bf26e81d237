"""Installed model bundles: import (folder, folder of bundles, zip), download, verify, remove.

Every file is checked against the manifest's size and SHA-256 in a staging folder inside the
store; only a fully verified bundle is renamed into place, so a damaged import or an interrupted
download never leaves a half-installed model that analytics would then load.
"""
from __future__ import annotations

import importlib.metadata
import json
import logging
import shutil
import tempfile
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.models.archive import unpack_bundle_zip
from app.models.catalog import ManifestCatalog
from app.models.download import download_hashing
from app.models.errors import BundleRefused, ManifestError, ModelStoreError
from app.models.foreign import find_file, is_foreign_manifest, translate_foreign_manifest
from app.models.integrity import mismatch, read_chunks, verify_folder, write_hashing
from app.models.manifest import (
    BUNDLE_NAME,
    MANIFEST_NAME,
    BundleManifest,
    FileEntry,
    load_manifest,
)

log = logging.getLogger(__name__)

# Writes one file of the bundle to the given path and returns (bytes written, sha256).
FileFetcher = Callable[[str, FileEntry, Path], tuple[int, str]]


@dataclass(frozen=True)
class InstalledBundle:
    manifest: BundleManifest
    path: Path

    @property
    def name(self) -> str:
        return self.manifest.name

    def file(self, logical: str) -> Path:
        return self.path / self.manifest.files[logical].path

    @property
    def model_path(self) -> Path:
        return self.file(self.manifest.model_file)


@dataclass(frozen=True)
class BundleInfo:
    name: str
    version: str
    task: str
    licence: str
    source: Mapping[str, str]
    size_bytes: int
    path: Path


@dataclass(frozen=True)
class Refusal:
    bundle: str
    reason: str


@dataclass(frozen=True)
class InstallReport:
    installed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()  # already installed with the same manifest
    refused: tuple[Refusal, ...] = ()
    notes: tuple[str, ...] = ()  # things not done that are not errors (package absent, ...)

    @property
    def ok(self) -> bool:
        return not self.refused

    def merged(self, other: InstallReport) -> InstallReport:
        return InstallReport(self.installed + other.installed, self.unchanged + other.unchanged,
                             self.refused + other.refused, self.notes + other.notes)


class ModelStore:
    def __init__(self, root: Path, catalog: ManifestCatalog | None = None) -> None:
        self.root = root
        self.catalog = catalog or ManifestCatalog()

    # ----------------------------------------------------------------- queries
    def _bundle_dir(self, name: str) -> Path:
        if not BUNDLE_NAME.match(name):
            raise ModelStoreError(f"{name!r} is not a model bundle name")
        return self.root / name

    def get(self, name: str) -> InstalledBundle:
        path = self._bundle_dir(name)
        if not (path / MANIFEST_NAME).is_file():
            raise ModelStoreError(f"model bundle {name!r} is not installed")
        return InstalledBundle(load_manifest(path / MANIFEST_NAME), path)

    def find_by_task(self, task: str) -> list[InstalledBundle]:
        return [b for b in self._installed() if b.manifest.task == task]

    def verify(self, name: str) -> None:
        """Raises BundleRefused listing every damaged or missing file of an installed bundle."""
        bundle = self.get(name)
        problems = verify_folder(bundle.manifest, bundle.path)
        if problems:
            raise BundleRefused(f"model bundle {name!r} is damaged: " + "; ".join(problems))

    def remove(self, name: str) -> None:
        path = self._bundle_dir(name)
        if not (path / MANIFEST_NAME).is_file():
            raise ModelStoreError(f"model bundle {name!r} is not installed")
        trash = self.root / f".removing-{name}-{uuid.uuid4().hex[:8]}"
        path.rename(trash)  # atomic: readers see the bundle or nothing
        shutil.rmtree(trash, ignore_errors=True)
        log.info("removed model bundle %s", name)

    # ----------------------------------------------------------------- installs
    def install_from_folder(self, path: Path, names: Collection[str] | None = None,
                            ) -> InstallReport:
        """Install a bundle folder, a folder of bundles, or a zipped bundle."""
        if not path.exists():
            raise ModelStoreError(f"{path}: no such file or folder")
        if path.is_file():
            if path.suffix.lower() != ".zip":
                raise ModelStoreError(f"{path}: expected a bundle folder or a .zip bundle")
            return self._install_zip(path, names)
        if (path / MANIFEST_NAME).is_file():
            return self._install_bundle_dir(path, names)
        report = InstallReport()
        candidates = sorted(p for p in path.iterdir()
                            if (p.is_dir() and (p / MANIFEST_NAME).is_file())
                            or (p.is_file() and p.suffix.lower() == ".zip"))
        if not candidates:
            raise ModelStoreError(f"{path}: no model bundle here (no {MANIFEST_NAME} in it or "
                                  f"in its sub-folders, no .zip bundle)")
        for candidate in candidates:
            if candidate.is_file():
                report = report.merged(self._install_zip(candidate, names))
            else:
                report = report.merged(self._install_bundle_dir(candidate, names))
        return report

    def install_from_url(self, manifest: BundleManifest, *,
                         connect_timeout: float = 5.0) -> InstallReport:
        """Download every file from its official URL; raises OfflineError when unreachable."""
        if self._same_as_installed(manifest):
            return InstallReport(unchanged=(manifest.name,))

        def fetch(logical: str, entry: FileEntry, destination: Path) -> tuple[int, str]:
            log.info("downloading %s of %s from %s", entry.path, manifest.name,
                     manifest.source[logical])
            return download_hashing(manifest.source[logical], destination, entry.size,
                                    connect_timeout=connect_timeout)

        return self._install(manifest, fetch)

    def install_from_registry_packages(self, names: Collection[str] | None = None,
                                       ) -> InstallReport:
        """Bundles whose weights ship inside an installed PyPI package (PP-OCR in rapidocr)."""
        report = InstallReport()
        for manifest in self.catalog.all():
            package = manifest.registry_package
            if package is None or (names is not None and manifest.name not in names):
                continue
            try:
                distribution = importlib.metadata.distribution(package.name)
            except importlib.metadata.PackageNotFoundError:
                report = report.merged(InstallReport(notes=(
                    (f"{manifest.name}: Python package {package.name} is not installed "
                    f"(pip install {package.name}=={package.version})"),)))
                continue
            sources = {k: Path(str(distribution.locate_file(p))) for k, p in package.files.items()}
            outcome = self._install_local(manifest, sources)
            if outcome.refused and distribution.version != package.version:
                outcome = InstallReport(refused=tuple(Refusal(r.bundle, (
                    f"{r.reason} (installed {package.name} is {distribution.version}; this "
                    f"manifest is for {package.version})")) for r in outcome.refused))
            report = report.merged(outcome)
        return report

    # ----------------------------------------------------------------- internals
    def _installed(self) -> list[InstalledBundle]:
        if not self.root.is_dir():
            return []
        bundles = []
        for path in sorted(self.root.iterdir()):
            if path.name.startswith(".") or not (path / MANIFEST_NAME).is_file():
                continue
            try:
                bundles.append(InstalledBundle(load_manifest(path / MANIFEST_NAME), path))
            except ManifestError as exc:
                log.warning("ignoring installed bundle with a bad manifest: %s", exc)
        return bundles

    def _install_zip(self, archive: Path, names: Collection[str] | None) -> InstallReport:
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".unpack-", dir=self.root) as unpacked:
            try:
                unpack_bundle_zip(archive, Path(unpacked))
            except BundleRefused as exc:
                return InstallReport(refused=(Refusal(archive.name, str(exc)),))
            folder = Path(unpacked)
            entries = [p for p in folder.iterdir()]
            if not (folder / MANIFEST_NAME).is_file() and len(entries) == 1 and entries[0].is_dir():
                folder = entries[0]  # zipped as "<name>/manifest.json, <name>/..."
            if not (folder / MANIFEST_NAME).is_file():
                return InstallReport(refused=(Refusal(archive.name, (
                    f"{archive.name}: no {MANIFEST_NAME} at the top of the archive")),))
            return self._install_bundle_dir(folder, names, label=archive.name)

    def _install_bundle_dir(self, folder: Path, names: Collection[str] | None, *,
                            label: str | None = None) -> InstallReport:
        label = label or folder.name
        try:
            manifest, sources = self._read_bundle_dir(folder)
        except ManifestError as exc:
            return InstallReport(refused=(Refusal(label, str(exc)),))
        if names is not None and manifest.name not in names:
            return InstallReport()
        return self._install_local(manifest, sources)

    def _read_bundle_dir(self, folder: Path) -> tuple[BundleManifest, dict[str, Path]]:
        where = str(folder / MANIFEST_NAME)
        try:
            data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ManifestError(f"{where}: not a readable JSON file ({exc})") from None
        if not is_foreign_manifest(data):
            manifest = BundleManifest.from_json(data, where=where)
            return manifest, {k: folder / e.path for k, e in manifest.files.items()}
        ours = self.catalog.get(str(data.get("name", "")))
        manifest = ours or translate_foreign_manifest(data, folder, where=where)
        sources = {}
        for kind, entry in manifest.files.items():
            found = find_file(folder, [entry.path, Path(entry.path).name], kind)
            sources[kind] = found or folder / entry.path
        return manifest, sources

    def _install_local(self, manifest: BundleManifest, sources: Mapping[str, Path],
                       ) -> InstallReport:
        problems = []
        for logical, entry in manifest.files.items():
            source = sources[logical]
            if not source.is_file():
                problems.append(f"{source.name}: file is missing")
            elif source.stat().st_size != entry.size:
                problems.append(mismatch(source.name, entry, source.stat().st_size, "") or "")
        if problems:
            return InstallReport(refused=(Refusal(manifest.name, (
                f"model bundle {manifest.name!r} refused, nothing installed: "
                + "; ".join(problems))),))
        if self._same_as_installed(manifest):
            return InstallReport(unchanged=(manifest.name,))

        def copy(logical: str, entry: FileEntry, destination: Path) -> tuple[int, str]:
            with sources[logical].open("rb") as handle:
                return write_hashing(read_chunks(handle), destination, entry.size)

        return self._install(manifest, copy)

    def _same_as_installed(self, manifest: BundleManifest) -> bool:
        path = self.root / manifest.name
        try:
            installed = load_manifest(path / MANIFEST_NAME)
        except ManifestError:
            return False
        return installed == manifest and all(
            (path / e.path).is_file() and (path / e.path).stat().st_size == e.size
            for e in manifest.files.values())

    def _install(self, manifest: BundleManifest, fetch: FileFetcher) -> InstallReport:
        """Fetch every file into a staging folder, verify it, then swap it into place."""
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{manifest.name}-", dir=self.root))
        try:
            problems = []
            for logical, entry in manifest.files.items():
                destination = staging / entry.path
                destination.parent.mkdir(parents=True, exist_ok=True)
                size, sha = fetch(logical, entry, destination)
                problem = mismatch(entry.path, entry, size, sha)
                if problem:
                    problems.append(problem)
            if problems:
                return InstallReport(refused=(Refusal(manifest.name, (
                    f"model bundle {manifest.name!r} refused, nothing installed: "
                    + "; ".join(problems))),))
            (staging / MANIFEST_NAME).write_text(manifest.dumps(), encoding="utf-8")
            self._swap_into_place(staging, self.root / manifest.name)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        log.info("installed model bundle %s %s", manifest.name, manifest.version)
        return InstallReport(installed=(manifest.name,))

    def _swap_into_place(self, staging: Path, target: Path) -> None:
        old = None
        if target.exists():
            old = target.with_name(f".replaced-{target.name}-{uuid.uuid4().hex[:8]}")
            target.rename(old)
        try:
            staging.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)  # put the previous, verified version back
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    # Defined last: inside the class body the name would shadow the built-in in annotations.
    def list(self) -> list[BundleInfo]:
        bundles = []
        for bundle in self._installed():
            m = bundle.manifest
            bundles.append(BundleInfo(m.name, m.version, m.task, m.licence, m.source,
                                      m.total_size, bundle.path))
        return bundles
