"""The camera list as CSV for Excel, and bulk edits.

Exports are UTF-8 with a BOM (without it Excel shows Vietnamese as mojibake) and never carry a
password; an import may carry one, which is sealed by the credential vault at once. Imports
are checked completely before anything is written: with errors nothing is written, and the
report names the line, the field and what is wrong. Excel set to Vietnamese regional settings
saves ';'-separated files with decimal commas; both are understood.
"""
from __future__ import annotations

import csv
import io
import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from app.security.secrets import CredentialError, Credentials, CredentialVault
from app.storage.dto import CameraCreate, CameraDTO, SiteDTO
from app.storage.errors import StorageError
from app.storage.models import CAMERA_PURPOSES
from app.storage.repositories import CameraRepository, SiteRepository
from app.storage.repositories.sites import clean_name

log = logging.getLogger(__name__)

EXPORT_COLUMNS = ("name", "site_path", "host", "port", "purpose", "latitude", "longitude",
                  "tags", "notes", "username")
IMPORT_COLUMNS = (*EXPORT_COLUMNS, "password")
REQUIRED_COLUMNS = ("name", "host")
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
# Excel runs cells starting with these as formulas (CSV injection); text cells that start with
# one are written with a leading apostrophe, which Excel hides and the import removes.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BULK_FIELDS = frozenset({"purpose", "site_id", "enabled", "latitude", "longitude", "notes",
                          "tags"})


@dataclass(frozen=True)
class ImportIssue:
    line: int  # line in the file (1 = header)
    field: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    rows: int
    created: int
    updated: int
    errors: tuple[ImportIssue, ...]
    warnings: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class BulkUpdateReport:
    updated: tuple[CameraDTO, ...]
    conflicts: tuple[tuple[int, str], ...]  # (camera id, why it was not changed)


@dataclass
class _Row:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    site_path: tuple[str, ...] = ()
    credentials: Credentials | None = None


def site_paths(sites: Sequence[SiteDTO]) -> dict[int, str]:
    """Each site's path "Province/Commune/Location" by id."""
    by_id = {s.id: s for s in sites}
    paths: dict[int, str] = {}
    for site in sites:
        names: list[str] = []
        current: SiteDTO | None = site
        hops = 0
        while current is not None and hops < 32:  # guards against a cycle in damaged data
            names.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
            hops += 1
        paths[site.id] = "/".join(reversed(names))
    return paths


def _protect(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unprotect(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


class CameraInventory:
    def __init__(self, cameras: CameraRepository, sites: SiteRepository,
                 vault: CredentialVault) -> None:
        self._cameras = cameras
        self._sites = sites
        self._vault = vault

    # ------------------------------------------------------------------- export
    def export_csv(self, target: Path | TextIO, camera_ids: Iterable[int] | None = None) -> int:
        """Write the cameras (all, or those given); the number of rows written."""
        wanted = set(camera_ids) if camera_ids is not None else None
        paths = site_paths(self._sites.list_sites())
        cameras = [c for c in self._cameras.list_cameras() if wanted is None or c.id in wanted]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for camera in cameras:
            writer.writerow([
                _protect(camera.name), _protect(paths.get(camera.site_id, "")
                                                if camera.site_id else ""),
                camera.host, camera.port, camera.purpose,
                "" if camera.latitude is None else repr(camera.latitude),
                "" if camera.longitude is None else repr(camera.longitude),
                _protect(";".join(camera.tags)), _protect(camera.notes),
                _protect(self._username(camera))])
        text = buffer.getvalue()
        if isinstance(target, Path):
            target.write_text(text, encoding="utf-8-sig", newline="")
        else:
            target.write("\ufeff" + text)
        return len(cameras)

    def _username(self, camera: CameraDTO) -> str:
        if not camera.has_credentials:
            return ""
        sealed = self._cameras.get_credential_ciphertext(camera.id)
        try:
            return self._vault.open_sealed(sealed).username if sealed else ""
        except CredentialError:
            return ""

    # ------------------------------------------------------------------- import
    def import_csv(self, source: Path | TextIO, *, dry_run: bool,
                   progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """Check (and unless `dry_run`, apply) a camera list. Cameras are matched by
        host:port: new ones are added, known ones updated. With any error nothing is written."""
        try:
            text = self._read(source)
        except ValueError as exc:
            return ImportReport(dry_run, 0, 0, 0, (ImportIssue(0, "file", str(exc)),))
        errors: list[ImportIssue] = []
        warnings: list[ImportIssue] = []
        rows = self._parse(text, errors, warnings)
        existing = {(c.host, c.port): c for c in self._cameras.list_cameras()}
        created = sum(1 for r in rows if (r.values.get("host"), r.values.get("port"))
                      not in existing)
        updated = len(rows) - created
        if errors or dry_run:
            return ImportReport(dry_run, len(rows), 0 if errors else created,
                                0 if errors else updated, tuple(errors), tuple(warnings))
        done_created = done_updated = 0
        for number, row in enumerate(rows, start=1):
            try:
                if self._apply(row, existing):
                    done_created += 1
                else:
                    done_updated += 1
            except (StorageError, ValueError) as exc:
                # Checked beforehand, so this is a race (someone edited meanwhile): report it.
                errors.append(ImportIssue(row.line, "row", str(exc)))
            if progress is not None:
                progress(number, len(rows))
        return ImportReport(False, len(rows), done_created, done_updated, tuple(errors),
                            tuple(warnings))

    @staticmethod
    def _read(source: Path | TextIO) -> str:
        if isinstance(source, Path):
            try:
                if source.stat().st_size > MAX_IMPORT_BYTES:
                    raise ValueError(f"{source.name} is larger than 10 MB; split the list.")
                raw = source.read_bytes()
            except OSError as exc:
                raise ValueError(f"{source} cannot be read ({exc.strerror or exc}).") from None
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValueError(
                    f"{source.name} is not UTF-8 text. In Excel use “Save As” → “CSV UTF-8 "
                    f"(Comma delimited)”.") from None
        text = source.read(MAX_IMPORT_BYTES + 1)
        if len(text) > MAX_IMPORT_BYTES:
            raise ValueError("The list is larger than 10 MB; split it.")
        return text.removeprefix("\ufeff")

    def _parse(self, text: str, errors: list[ImportIssue],
               warnings: list[ImportIssue]) -> list[_Row]:
        first_line = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            errors.append(ImportIssue(1, "header", "The file is empty."))
            return []
        except csv.Error as exc:
            errors.append(ImportIssue(1, "header", f"Not a CSV file ({exc})."))
            return []
        unknown = [h for h in header if h and h not in IMPORT_COLUMNS]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        for name in unknown:
            errors.append(ImportIssue(1, name, f"Unknown column; known columns: "
                                               f"{', '.join(IMPORT_COLUMNS)}."))
        for name in missing:
            errors.append(ImportIssue(1, name, "Required column is missing."))
        if missing or unknown:
            return []
        rows: list[_Row] = []
        seen: dict[tuple[str, int], int] = {}
        decimal_comma = delimiter != ","
        line = reader.line_num + 1
        try:
            for cells in reader:
                row_line, line = line, reader.line_num + 1
                if not any(c.strip() for c in cells):
                    continue
                if len(rows) >= MAX_IMPORT_ROWS:
                    errors.append(ImportIssue(row_line, "file", f"More than {MAX_IMPORT_ROWS} "
                                                                f"cameras; split the list."))
                    break
                if len(cells) > len(header):
                    errors.append(ImportIssue(row_line, "row", f"{len(cells)} cells but the "
                                                               f"header has {len(header)}."))
                    continue
                record = {h: cells[i].strip() if i < len(cells) else ""
                          for i, h in enumerate(header) if h}
                row = self._row(row_line, record, decimal_comma, errors, warnings)
                if row is None:
                    continue
                key = (row.values["host"], row.values["port"])
                if key in seen:
                    errors.append(ImportIssue(row_line, "host", f"{key[0]}:{key[1]} is already "
                                                                f"on line {seen[key]}."))
                    continue
                seen[key] = row_line
                rows.append(row)
        except csv.Error as exc:
            errors.append(ImportIssue(reader.line_num, "row", f"Broken CSV ({exc})."))
        return rows

    @staticmethod
    def _row(line: int, record: dict[str, str], decimal_comma: bool,
             errors: list[ImportIssue], warnings: list[ImportIssue]) -> _Row | None:
        before = len(errors)

        def fail(field_name: str, message: str) -> None:
            errors.append(ImportIssue(line, field_name, message))

        name = " ".join(_unprotect(record.get("name", "")).split())
        if not name:
            fail("name", "A camera needs a name.")
        host = record.get("host", "").strip().lower()
        if not host or any(ch.isspace() or ch in "/@" for ch in host):
            fail("host", f"{record.get('host', '')!r} is not a host name or IP address.")
        port_text = record.get("port", "").strip() or "80"
        port = int(port_text) if port_text.isdigit() else 0
        if not 1 <= port <= 65535:
            fail("port", f"{port_text!r} is not a port number (1–65535).")
        purpose = (record.get("purpose", "").strip().lower() or "traffic")
        if purpose not in CAMERA_PURPOSES:
            fail("purpose", f"{purpose!r} is not one of {', '.join(CAMERA_PURPOSES)}.")
        coordinates: dict[str, float | None] = {}
        for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
            text = record.get(key, "").strip()
            if decimal_comma:
                text = text.replace(",", ".")
            try:
                value = float(text) if text else None
            except ValueError:
                fail(key, f"{record.get(key)!r} is not a number.")
                continue
            if value is not None and (not math.isfinite(value) or abs(value) > limit):
                fail(key, f"must be between -{limit:g} and {limit:g}.")
                continue
            coordinates[key] = value
        if (coordinates.get("latitude") is None) != (coordinates.get("longitude") is None) \
                and len(coordinates) == 2:
            fail("latitude", "Give both latitude and longitude, or neither.")
        path_text = _unprotect(record.get("site_path", ""))
        site_path = tuple(clean_name(p) for p in path_text.split("/")) if path_text.strip() \
            else ()
        if any(not part for part in site_path):
            fail("site_path", "The site path has an empty part (write “Tỉnh/Phường/Vị trí”).")
        tags = [t.strip() for t in _unprotect(record.get("tags", "")).split(";") if t.strip()]
        username = _unprotect(record.get("username", ""))
        password = record.get("password", "")
        if password and not username:
            fail("username", "A password was given without a user name.")
        if username and not password:
            warnings.append(ImportIssue(line, "password", "No password: enter it in the camera "
                                                          "settings before the camera is used."))
        if len(errors) > before:
            return None
        values = {"name": name, "host": host, "port": port, "purpose": purpose,
                  "latitude": coordinates.get("latitude"),
                  "longitude": coordinates.get("longitude"), "tags": tuple(tags),
                  "notes": _unprotect(record.get("notes", ""))}
        credentials = Credentials(username, password) if username else None
        return _Row(line, values, site_path, credentials)

    def _apply(self, row: _Row, existing: Mapping[tuple[str, int], CameraDTO]) -> bool:
        """Add or update one camera; True when it was added."""
        values = dict(row.values)
        values["site_id"] = self._sites.ensure_path(list(row.site_path)) if row.site_path \
            else None
        sealed = self._vault.seal(row.credentials) if row.credentials else None
        known = existing.get((values["host"], values["port"]))
        if known is None:
            self._cameras.add(CameraCreate(**values, credential_ciphertext=sealed))
            return True
        changes = {k: (list(v) if k == "tags" else v) for k, v in values.items()
                   if k not in ("host", "port")}
        if sealed is not None and (row.credentials and row.credentials.password):
            changes["credential_ciphertext"] = sealed  # a user name alone keeps the stored one
        self._cameras.update(known.id, known.version, **changes)
        return False

    # --------------------------------------------------------------- bulk edit
    def bulk_update(self, camera_ids: Iterable[int], *,
                    expected_versions: Mapping[int, int] | None = None,
                    add_tags: Sequence[str] = (), remove_tags: Sequence[str] = (),
                    site_path: Sequence[str] | None = None, **changes: Any) -> BulkUpdateReport:
        """Apply the same change to many cameras. Each camera is saved only if it is still at
        the version the user saw (`expected_versions`, else the version read now); cameras
        changed by someone else meanwhile are reported, not overwritten."""
        unknown = set(changes) - _BULK_FIELDS
        if unknown:
            raise ValueError(f"Cannot bulk-edit: {', '.join(sorted(unknown))}. Allowed: "
                             f"{', '.join(sorted(_BULK_FIELDS))}, add_tags, remove_tags, "
                             f"site_path.")
        if site_path is not None:
            changes["site_id"] = self._sites.ensure_path(list(site_path)) if site_path else None
        updated: list[CameraDTO] = []
        conflicts: list[tuple[int, str]] = []
        for camera_id in camera_ids:
            camera = self._cameras.get(camera_id)
            if camera is None:
                conflicts.append((camera_id, f"Camera {camera_id} no longer exists."))
                continue
            version = (expected_versions or {}).get(camera_id, camera.version)
            own = dict(changes)
            if add_tags or remove_tags:
                base = list(own.pop("tags", camera.tags))
                removed = {t.strip() for t in remove_tags}
                merged = [t for t in base if t not in removed]
                merged += [t.strip() for t in add_tags if t.strip() and t.strip() not in merged]
                own["tags"] = merged
            try:
                updated.append(self._cameras.update(camera_id, version, **own))
            except (StorageError, ValueError) as exc:
                conflicts.append((camera_id, str(exc)))
        return BulkUpdateReport(tuple(updated), tuple(conflicts))
