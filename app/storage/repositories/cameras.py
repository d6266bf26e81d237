"""Cameras and their media profiles."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc
from sqlalchemy.orm import Session, selectinload

from app.storage.database import Database
from app.storage.dto import CameraCreate, CameraDTO, CameraProfileDTO, ProfileCreate
from app.storage.errors import ConcurrentUpdateError, ConstraintError, NotFoundError
from app.storage.models import (
    CAMERA_PURPOSES,
    PROFILE_KINDS,
    Camera,
    CameraProfile,
    Evidence,
    MaintenanceTicket,
    Recording,
    Site,
    Violation,
)
from app.storage.types import utc_now

log = logging.getLogger(__name__)

# Fields update() may change; the rest (id, version, times) are the database's business.
UPDATABLE_FIELDS = frozenset({
    "name", "site_id", "host", "port", "purpose", "manufacturer", "model", "firmware",
    "serial", "mac", "ptz", "enabled", "latitude", "longitude", "tags", "notes",
    "credential_ciphertext",
})

# History that must survive the camera; deleting is refused while any of it exists.
_KEPT_HISTORY: tuple[tuple[str, Any], ...] = (
    ("recordings", Recording), ("violations", Violation), ("evidence items", Evidence),
    ("maintenance tickets", MaintenanceTicket),
)


def strip_credentials(uri: str) -> str:
    """The URI without user:password@ (devices sometimes embed them in stream URIs)."""
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    log.warning("credentials removed from a stream URI before storing it")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def profile_dto(row: CameraProfile) -> CameraProfileDTO:
    return CameraProfileDTO(
        id=row.id, token=row.token, name=row.name, kind=row.kind, width=row.width,
        height=row.height, fps=row.fps, encoding=row.encoding, stream_uri=row.stream_uri,
        snapshot_uri=row.snapshot_uri)


def camera_dto(row: Camera) -> CameraDTO:
    return CameraDTO(
        id=row.id, name=row.name, site_id=row.site_id, host=row.host, port=row.port,
        purpose=row.purpose, manufacturer=row.manufacturer, model=row.model,
        firmware=row.firmware, serial=row.serial, mac=row.mac, ptz=row.ptz,
        enabled=row.enabled, latitude=row.latitude, longitude=row.longitude,
        tags=tuple(row.tags or ()), notes=row.notes,
        profiles=tuple(profile_dto(p) for p in row.profiles),
        has_credentials=row.credential_ciphertext is not None, version=row.version)


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    """Checks and normalises camera fields; raises ValueError naming the field."""
    out = dict(values)
    if "name" in out:
        out["name"] = " ".join(str(out["name"]).split())
        if not out["name"]:
            raise ValueError("name: a camera needs a name.")
    if "host" in out:
        out["host"] = str(out["host"]).strip().lower()  # host names are case-insensitive
        if not out["host"] or any(ch.isspace() or ch in "/@" for ch in out["host"]):
            raise ValueError(f"host: {values['host']!r} is not a host name or IP address.")
    if "port" in out and (isinstance(out["port"], bool) or not isinstance(out["port"], int)
                          or not 1 <= out["port"] <= 65535):
        raise ValueError(f"port: must be a whole number 1–65535, not {out['port']!r}.")
    if "purpose" in out and out["purpose"] not in CAMERA_PURPOSES:
        raise ValueError(f"purpose: must be one of {', '.join(CAMERA_PURPOSES)}.")
    for field, limit in (("latitude", 90.0), ("longitude", 180.0)):
        value = out.get(field)
        if value is not None and not -limit <= float(value) <= limit:
            raise ValueError(f"{field}: must be between -{limit:g} and {limit:g}.")
    if "tags" in out:
        if isinstance(out["tags"], str):
            raise ValueError("tags: give a list of tags, not one string.")
        out["tags"] = [" ".join(str(t).split()) for t in out["tags"] if str(t).strip()]
    if "credential_ciphertext" in out and out["credential_ciphertext"] is not None:
        out["credential_ciphertext"] = bytes(out["credential_ciphertext"])
    return out


def _profile_rows(profiles: Iterable[ProfileCreate]) -> list[CameraProfile]:
    rows = []
    seen: set[str] = set()
    for p in profiles:
        if not p.token or p.token in seen:
            raise ValueError(f"profiles: token {p.token!r} is empty or repeated.")
        if p.kind not in PROFILE_KINDS:
            raise ValueError(f"profiles: kind must be one of {', '.join(PROFILE_KINDS)}.")
        if p.width <= 0 or p.height <= 0:
            raise ValueError(f"profiles: {p.token} has no valid resolution.")
        seen.add(p.token)
        rows.append(CameraProfile(
            token=p.token, name=p.name, kind=p.kind, width=p.width, height=p.height,
            fps=p.fps, encoding=p.encoding, stream_uri=strip_credentials(p.stream_uri),
            snapshot_uri=strip_credentials(p.snapshot_uri) if p.snapshot_uri else None))
    return rows


class CameraRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, camera: CameraCreate) -> CameraDTO:
        values = _validated({
            "name": camera.name, "host": camera.host, "port": camera.port,
            "purpose": camera.purpose, "site_id": camera.site_id,
            "manufacturer": camera.manufacturer, "model": camera.model,
            "firmware": camera.firmware, "serial": camera.serial, "mac": camera.mac,
            "ptz": camera.ptz, "enabled": camera.enabled, "latitude": camera.latitude,
            "longitude": camera.longitude, "tags": camera.tags, "notes": camera.notes,
            "credential_ciphertext": camera.credential_ciphertext,
        })
        profiles = _profile_rows(camera.profiles)
        with self._db.session() as session:
            self._check_site(session, values["site_id"])
            self._check_address_free(session, values["host"], values["port"], None)
            row = Camera(**values)
            row.profiles = profiles
            session.add(row)
            session.flush()
            return camera_dto(row)

    def get(self, camera_id: int) -> CameraDTO | None:
        with self._db.session() as session:
            row = session.get(Camera, camera_id, options=[selectinload(Camera.profiles)])
            return camera_dto(row) if row else None

    def list_cameras(self, site_id: int | None = None) -> list[CameraDTO]:
        """All cameras (or those directly at ``site_id``), by name."""
        query = (sa.select(Camera).options(selectinload(Camera.profiles))
                 .order_by(Camera.name, Camera.id))
        if site_id is not None:
            query = query.where(Camera.site_id == site_id)
        with self._db.session() as session:
            return [camera_dto(row) for row in session.scalars(query)]

    def find_by_address(self, host: str, port: int) -> CameraDTO | None:
        query = (sa.select(Camera).options(selectinload(Camera.profiles))
                 .where(Camera.host == host.strip().lower(), Camera.port == port))
        with self._db.session() as session:
            row = session.scalars(query).first()
            return camera_dto(row) if row else None

    def get_credential_ciphertext(self, camera_id: int) -> bytes | None:
        with self._db.session() as session:
            row = self._load(session, camera_id)
            return row.credential_ciphertext

    def update(self, camera_id: int, expected_version: int, **changes: Any) -> CameraDTO:
        """Apply ``changes`` if the camera is still at ``expected_version``.

        Raises ConcurrentUpdateError when someone saved it in between (reload, then retry).
        """
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise ValueError(f"Cannot change camera field(s): {', '.join(sorted(unknown))}.")
        values = _validated(changes)
        with self._db.session() as session:
            row = self._load(session, camera_id)
            if row.version != expected_version:
                raise ConcurrentUpdateError(
                    f"Camera “{row.name}” was changed by someone else (version "
                    f"{row.version}, you edited {expected_version}). Reload it and make your "
                    f"change again.")
            if "site_id" in values:
                self._check_site(session, values["site_id"])
            if "host" in values or "port" in values:
                self._check_address_free(session, values.get("host", row.host),
                                         values.get("port", row.port), camera_id)
            for field, value in values.items():
                setattr(row, field, value)
            session.flush()  # the version check in the UPDATE happens here
            return camera_dto(row)

    def set_profiles(self, camera_id: int, profiles: Sequence[ProfileCreate]) -> CameraDTO:
        """Replace the camera's profiles (as read from the device); bumps its version."""
        rows = _profile_rows(profiles)
        with self._db.session() as session:
            row = self._load(session, camera_id)
            row.profiles.clear()
            # Deletes first: the new rows may reuse the old tokens (unique per camera).
            session.flush()
            row.profiles.extend(rows)
            row.updated_at = utc_now()  # a camera row change, so its version moves on
            session.flush()
            return camera_dto(row)

    def refresh_from_device(self, camera_id: int, expected_version: int,
                            profiles: Sequence[ProfileCreate], **changes: Any) -> CameraDTO:
        """Apply ``changes`` and replace the profiles in one transaction, so a camera read
        again from the device is never left with new identity and old profiles (or the
        reverse). Raises ConcurrentUpdateError like update()."""
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise ValueError(f"Cannot change camera field(s): {', '.join(sorted(unknown))}.")
        values = _validated(changes)
        rows = _profile_rows(profiles)
        with self._db.session() as session:
            row = self._load(session, camera_id)
            if row.version != expected_version:
                raise ConcurrentUpdateError(
                    f"Camera “{row.name}” was changed by someone else (version "
                    f"{row.version}, you edited {expected_version}). Reload it and make your "
                    f"change again.")
            if "site_id" in values:
                self._check_site(session, values["site_id"])
            for field, value in values.items():
                setattr(row, field, value)
            row.profiles.clear()
            session.flush()  # deletes first: the new rows may reuse the old tokens
            row.profiles.extend(rows)
            row.updated_at = utc_now()
            session.flush()
            return camera_dto(row)

    def delete(self, camera_id: int) -> None:
        """Delete a camera with no kept history; otherwise raise ConstraintError."""
        with self._db.session() as session:
            row = self._load(session, camera_id)
            held = []
            for label, table in _KEPT_HISTORY:
                count = session.scalar(sa.select(sa.func.count()).select_from(table)
                                       .where(table.camera_id == camera_id))
                if count:
                    held.append(f"{count} {label}")
            if held:
                raise ConstraintError(
                    f"Camera “{row.name}” still has {', '.join(held)}, which must be kept. "
                    f"Disable the camera instead of deleting it.")
            session.delete(row)
            try:
                session.flush()
            except sa_exc.IntegrityError as exc:
                raise ConstraintError(
                    f"Camera “{row.name}” is still referenced by kept records and was not "
                    f"deleted ({self._db.error_for(exc)}). Disable it instead.") from None

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def _load(session: Session, camera_id: int) -> Camera:
        row = session.get(Camera, camera_id, options=[selectinload(Camera.profiles)])
        if row is None:
            raise NotFoundError(f"Camera {camera_id} does not exist (it may have been deleted).")
        return row

    @staticmethod
    def _check_site(session: Session, site_id: int | None) -> None:
        if site_id is not None and session.get(Site, site_id) is None:
            raise NotFoundError(f"Site {site_id} does not exist.")

    @staticmethod
    def _check_address_free(session: Session, host: str, port: int, own_id: int | None) -> None:
        query = sa.select(Camera.id, Camera.name).where(Camera.host == host, Camera.port == port)
        if own_id is not None:
            query = query.where(Camera.id != own_id)
        other = session.execute(query).first()
        if other is not None:
            raise ConstraintError(
                f"Camera “{other.name}” already uses the address {host}:{port}. Each ONVIF "
                f"address can be registered once.")
