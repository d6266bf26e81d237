"""Adds a camera to the registry from what it says about itself over ONVIF, and the
registry changes an administrator makes afterwards (details, credentials, sites).

Methods that take an ``actor`` are the ones the workstation's screens call: they check
Permission.MANAGE_CAMERAS in the core and write an audit entry. ``register`` without an actor
is for trusted start-up code (the demo registering its simulated cameras).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.cameras.inventory_csv import BulkUpdateReport, CameraInventory
from app.cameras.onvif_client import OnvifClient, OnvifError
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.security.secrets import Credentials, CredentialVault
from app.storage.dto import CameraCreate, CameraDTO, ProfileCreate, SiteDTO
from app.storage.errors import NotFoundError
from app.storage.repositories import CameraRepository, SiteRepository

log = logging.getLogger(__name__)

ClientFactory = Callable[[str, int, str, str], OnvifClient]

# Fields the camera editor may change; address and identity come from the device.
EDITABLE_FIELDS = frozenset({"name", "site_id", "purpose", "latitude", "longitude", "tags",
                             "notes", "enabled"})


class CameraAuditAction:
    """Audit action names for the camera registry (stable: the audit view filters on them)."""

    REGISTERED = "camera.register"
    UPDATED = "camera.update"
    BULK_UPDATED = "camera.bulk_update"
    CREDENTIALS_CHANGED = "camera.change_credentials"
    IMPORTED = "camera.import"
    EXPORTED = "camera.export"
    SITE_CREATED = "site.create"
    SITE_RENAMED = "site.rename"
    SITE_DELETED = "site.delete"


class CameraAdminPolicy:
    """Who may change the camera registry, and where the changes are recorded.

    ``local_admin_mode`` is the workstation's mode while sign-in is not enabled: an absent
    actor is then the local administrator. Otherwise the actor needs MANAGE_CAMERAS.
    """

    def __init__(self, audit: AuditTrail | None = None, *, local_admin_mode: bool = False
                 ) -> None:
        self._audit = audit
        self.local_admin_mode = local_admin_mode

    def authorize(self, actor: Principal | None) -> None:
        """Raises PermissionDenied (with a user-facing message) when the actor may not."""
        if actor is None and self.local_admin_mode:
            return
        require(actor, Permission.MANAGE_CAMERAS)

    def record(self, actor: Principal | None, action: str, object_type: str,
               object_id: int | str | None, details: Mapping[str, Any] | None = None) -> None:
        if self._audit is not None:
            self._audit.append(actor, action, object_type, object_id, details)


@dataclass(frozen=True)
class CameraAddress:
    host: str
    port: int


class CameraRegistrar:
    """Registers cameras: asks the device for its identity and profiles, stores the profile
    URIs without credentials and the credentials sealed by the vault."""

    def __init__(self, sites: SiteRepository, cameras: CameraRepository, vault: CredentialVault,
                 client_factory: ClientFactory = OnvifClient, *,
                 policy: CameraAdminPolicy | None = None) -> None:
        self._sites = sites
        self._cameras = cameras
        self._vault = vault
        self._client_factory = client_factory
        self.policy = policy or CameraAdminPolicy()

    @property
    def cameras(self) -> CameraRepository:
        return self._cameras

    @property
    def sites(self) -> SiteRepository:
        return self._sites

    def register(self, address: CameraAddress, credentials: Credentials, *,
                 name: str | None = None, site_path: Sequence[str] = (),
                 purpose: str = "traffic", site_id: int | None = None) -> CameraDTO:
        """Raises OnvifError subclasses with a user-facing message when the camera refuses.

        Everything is read from the device before anything is written, and the camera is
        written in one transaction: a refusal half-way leaves nothing behind."""
        client = self._client_factory(address.host, address.port, credentials.username,
                                      credentials.password)
        info = client.device_information()
        ptz = client.has_ptz()
        profiles = tuple(ProfileCreate(
            token=p.token, kind=p.kind, width=p.width, height=p.height, stream_uri=p.stream_uri,
            name=p.name, fps=float(p.fps) if p.fps else None, encoding=p.encoding,
            snapshot_uri=p.snapshot_uri) for p in client.profiles())
        mac = self._mac_of(client)
        sealed = self._vault.seal(credentials)
        existing = self._cameras.find_by_address(address.host, address.port)
        if existing is not None:
            updated = self._cameras.refresh_from_device(
                existing.id, existing.version, profiles, manufacturer=info.manufacturer,
                model=info.model, firmware=info.firmware, serial=info.serial, ptz=ptz,
                credential_ciphertext=sealed, **({"mac": mac} if mac else {}))
            log.info("Camera %s at %s:%s refreshed", updated.name, address.host, address.port)
            return updated
        if site_id is None and site_path:
            site_id = self._sites.ensure_path(list(site_path))
        camera = self._cameras.add(CameraCreate(
            name=name or f"{info.manufacturer} {info.model} ({address.host}:{address.port})",
            host=address.host, port=address.port, purpose=purpose, site_id=site_id,
            manufacturer=info.manufacturer, model=info.model, firmware=info.firmware,
            serial=info.serial, mac=mac, ptz=ptz, credential_ciphertext=sealed,
            profiles=profiles))
        log.info("Camera %s registered at %s:%s", camera.name, address.host, address.port)
        return camera

    @staticmethod
    def _mac_of(client: OnvifClient) -> str:
        """The first MAC the device reports; not every device answers GetNetworkInterfaces."""
        try:
            return next((i.mac for i in client.network_interfaces() if i.mac), "")
        except OnvifError as exc:
            log.debug("no network interfaces from %s: %s", client.where, exc)
            return ""

    def credentials_for(self, camera_id: int) -> Credentials | None:
        sealed = self._cameras.get_credential_ciphertext(camera_id)
        return None if sealed is None else self._vault.open_sealed(sealed)

    # ------------------------------------------------------------ checked changes
    def register_device(self, actor: Principal | None, address: CameraAddress,
                        credentials: Credentials, *, name: str | None = None,
                        site_id: int | None = None, purpose: str = "traffic") -> CameraDTO:
        """register() for a user: checks the right and records it in the audit trail."""
        self.policy.authorize(actor)
        known = self._cameras.find_by_address(address.host, address.port)
        camera = self.register(address, credentials, name=name, site_id=site_id,
                               purpose=purpose)
        self.policy.record(actor, CameraAuditAction.REGISTERED, "camera", camera.id, {
            "address": f"{address.host}:{address.port}", "refreshed": known is not None,
            "username": credentials.username})
        return camera

    def change_credentials(self, actor: Principal | None, camera_id: int,
                           credentials: Credentials, *, timeout: float = 5.0) -> CameraDTO:
        """Store new credentials only after the camera accepted them.

        The camera is asked for its device information with the new user name and password;
        a refusal raises OnvifAuthError (or another OnvifError) and the stored credentials
        stay as they were."""
        self.policy.authorize(actor)
        camera = self._cameras.get(camera_id)
        if camera is None:
            raise NotFoundError(f"Camera {camera_id} does not exist (it may have been deleted).")
        if not credentials.username:
            raise ValueError("Enter the camera's user name.")
        client = self._make_client(camera, credentials, timeout)
        client.device_information()  # raises when the camera refuses them
        updated = self._cameras.update(camera.id, camera.version,
                                       credential_ciphertext=self._vault.seal(credentials))
        self.policy.record(actor, CameraAuditAction.CREDENTIALS_CHANGED, "camera", camera.id,
                           {"username": credentials.username})
        log.info("Credentials of camera %s changed", camera.name)
        return updated

    def _make_client(self, camera: CameraDTO, credentials: Credentials,
                     timeout: float) -> OnvifClient:
        if self._client_factory is OnvifClient:
            return OnvifClient(camera.host, camera.port, credentials.username,
                               credentials.password, timeout=timeout)
        return self._client_factory(camera.host, camera.port, credentials.username,
                                    credentials.password)

    def update_camera(self, actor: Principal | None, camera_id: int, expected_version: int,
                      **changes: Any) -> CameraDTO:
        """Edit a camera's details (EDITABLE_FIELDS) with optimistic locking: raises
        ConcurrentUpdateError when someone saved it since ``expected_version``."""
        self.policy.authorize(actor)
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"Cannot edit camera field(s): {', '.join(sorted(unknown))}.")
        if "tags" in changes:
            changes["tags"] = list(changes["tags"])
        updated = self._cameras.update(camera_id, expected_version, **changes)
        self.policy.record(actor, CameraAuditAction.UPDATED, "camera", camera_id,
                           {"fields": sorted(changes)})
        return updated

    def bulk_update(self, actor: Principal | None, camera_ids: Iterable[int], *,
                    expected_versions: Mapping[int, int] | None = None,
                    add_tags: Sequence[str] = (), remove_tags: Sequence[str] = (),
                    **changes: Any) -> BulkUpdateReport:
        """The same change to many cameras; cameras changed meanwhile are reported as
        conflicts, not overwritten (see CameraInventory.bulk_update)."""
        self.policy.authorize(actor)
        ids = list(camera_ids)
        report = CameraInventory(self._cameras, self._sites, self._vault).bulk_update(
            ids, expected_versions=expected_versions, add_tags=add_tags,
            remove_tags=remove_tags, **changes)
        self.policy.record(actor, CameraAuditAction.BULK_UPDATED, "camera",
                           ",".join(str(c.id) for c in report.updated), {
                               "fields": sorted(changes), "add_tags": list(add_tags),
                               "remove_tags": list(remove_tags),
                               "conflicts": [c for c, _ in report.conflicts]})
        return report

    # ------------------------------------------------------------------- sites
    def add_site(self, actor: Principal | None, name: str, parent_id: int | None) -> SiteDTO:
        self.policy.authorize(actor)
        site = self._sites.add_child(name, parent_id)
        self.policy.record(actor, CameraAuditAction.SITE_CREATED, "site", site.id,
                           {"name": site.name, "parent_id": parent_id})
        return site

    def rename_site(self, actor: Principal | None, site_id: int, name: str) -> SiteDTO:
        self.policy.authorize(actor)
        old = self._sites.get(site_id)
        site = self._sites.rename_site(site_id, name)
        self.policy.record(actor, CameraAuditAction.SITE_RENAMED, "site", site.id,
                           {"old": old.name if old else None, "new": site.name})
        return site

    def delete_site(self, actor: Principal | None, site_id: int) -> None:
        self.policy.authorize(actor)
        old = self._sites.get(site_id)
        self._sites.delete_site(site_id)
        self.policy.record(actor, CameraAuditAction.SITE_DELETED, "site", site_id,
                           {"name": old.name if old else None})
