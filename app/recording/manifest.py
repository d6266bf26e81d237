"""The export manifest and its verification (`python main.py export verify ZIP`).

manifest.json lists every file of the export with its SHA-256. Verification re-reads each
file from the zip and names the first one that is missing, changed or not listed. (A zip that
was tampered with also fails its own CRC check; that is reported the same way.)
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
FORMAT = "trucban-evidence-export/1"
PRODUCT = "Trực Ban"


def software_version() -> str:
    try:
        return importlib.metadata.version("trucban")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    files_checked: int
    problem: str | None  # the first mismatch, for the user
    manifest: dict[str, Any] | None


def verify_export(zip_path: Path) -> VerifyReport:
    try:
        archive = zipfile.ZipFile(zip_path)
    except FileNotFoundError:
        return VerifyReport(False, 0, f"{zip_path} does not exist.", None)
    except (zipfile.BadZipFile, OSError) as exc:
        return VerifyReport(False, 0, f"{zip_path} is not a readable zip file ({exc}).", None)
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST_NAME).decode("utf-8"))
        except KeyError:
            return VerifyReport(False, 0, f"{MANIFEST_NAME} is missing from the export.", None)
        except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
            return VerifyReport(False, 0, f"{MANIFEST_NAME} is damaged ({exc}).", None)
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if manifest.get("format") != FORMAT or not isinstance(files, list):
            return VerifyReport(False, 0, f"{MANIFEST_NAME} is not a Trực Ban export manifest.",
                                None)
        listed = set()
        checked = 0
        for entry in files:
            name = str(entry.get("name", ""))
            expected = str(entry.get("sha256", "")).lower()
            listed.add(name)
            try:
                actual = _sha256_member(archive, name)
            except KeyError:
                return VerifyReport(False, checked, f"{name}: listed in the manifest but "
                                    f"missing from the export.", manifest)
            except (zipfile.BadZipFile, OSError) as exc:
                return VerifyReport(False, checked, f"{name}: content changed or damaged "
                                    f"({exc}).", manifest)
            if actual != expected:
                return VerifyReport(False, checked, f"{name}: SHA-256 mismatch (manifest "
                                    f"{expected[:16]}…, file {actual[:16]}…).", manifest)
            checked += 1
        extra = sorted(set(archive.namelist()) - listed - {MANIFEST_NAME})
        if extra:
            return VerifyReport(False, checked, f"{extra[0]}: in the export but not listed in "
                                f"the manifest.", manifest)
    return VerifyReport(True, checked, None, manifest)


def _sha256_member(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
