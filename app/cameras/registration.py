"""Adds a camera to the registry from what it says about itself over ONVIF."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.cameras.onvif_client import OnvifClient
from app.security.secrets import Credentials, CredentialVault
from app.storage.dto import CameraCreate, CameraDTO, ProfileCreate
from app.storage.repositories import CameraRepository, SiteRepository

log = logging.getLogger(__name__)

ClientFactory = Callable[[str, int, str, str], OnvifClient]


@dataclass(frozen=True)
class CameraAddress:
    host: str
    port: int


class CameraRegistrar:
    """Registers cameras: asks the device for its identity and profiles, stores the profile
    URIs without credentials and the credentials sealed by the vault."""

    def __init__(self, sites: SiteRepository, cameras: CameraRepository, vault: CredentialVault,
                 client_factory: ClientFactory = OnvifClient) -> None:
        self._sites = sites
        self._cameras = cameras
        self._vault = vault
        self._client_factory = client_factory

    def register(self, address: CameraAddress, credentials: Credentials, *,
                 name: str | None = None, site_path: Sequence[str] = (),
                 purpose: str = "traffic") -> CameraDTO:
        """Raises OnvifError subclasses with a user-facing message when the camera refuses."""
        client = self._client_factory(address.host, address.port, credentials.username,
                                      credentials.password)
        info = client.device_information()
        ptz = client.has_ptz()
        profiles = tuple(ProfileCreate(
            token=p.token, kind=p.kind, width=p.width, height=p.height, stream_uri=p.stream_uri,
            name=p.name, fps=float(p.fps) if p.fps else None, encoding=p.encoding,
            snapshot_uri=p.snapshot_uri) for p in client.profiles())
        sealed = self._vault.seal(credentials)
        existing = self._cameras.find_by_address(address.host, address.port)
        if existing is not None:
            updated = self._cameras.update(
                existing.id, existing.version, manufacturer=info.manufacturer, model=info.model,
                firmware=info.firmware, serial=info.serial, ptz=ptz,
                credential_ciphertext=sealed)
            log.info("Camera %s at %s:%s refreshed", updated.name, address.host, address.port)
            return self._cameras.set_profiles(updated.id, profiles)
        site_id = self._sites.ensure_path(list(site_path)) if site_path else None
        camera = self._cameras.add(CameraCreate(
            name=name or f"{info.manufacturer} {info.model} ({address.host}:{address.port})",
            host=address.host, port=address.port, purpose=purpose, site_id=site_id,
            manufacturer=info.manufacturer, model=info.model, firmware=info.firmware,
            serial=info.serial, ptz=ptz, credential_ciphertext=sealed, profiles=profiles))
        log.info("Camera %s registered at %s:%s", camera.name, address.host, address.port)
        return camera

    def credentials_for(self, camera_id: int) -> Credentials | None:
        sealed = self._cameras.get_credential_ciphertext(camera_id)
        return None if sealed is None else self._vault.open_sealed(sealed)
