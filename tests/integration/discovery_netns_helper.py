"""Run inside a private network namespace (only `lo`): simulated cameras answering
WS-Discovery and ONVIF, and DiscoveryService.search() out of 127.0.0.1.

Usage: python discovery_netns_helper.py CAMERAS WORKDIR. Prints one JSON line per device.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cryptography.fernet import Fernet

from app.cameras.discovery_service import DiscoveryService
from app.cameras.registration import CameraAdminPolicy, CameraRegistrar
from app.security.secrets import Credentials, CredentialVault
from app.sim.discovery import DiscoveryResponder
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.repositories import CameraRepository, SiteRepository
from tests.discovery_sim import PASSWORD, USERNAME, soap_cameras


def main() -> int:
    count, workdir = int(sys.argv[1]), Path(sys.argv[2])
    db = Database.open(f"sqlite:///{workdir / 'trucban.db'}")
    db.upgrade()
    cameras = CameraRepository(db)
    registrar = CameraRegistrar(SiteRepository(db), cameras, CredentialVault(
        Fernet.generate_key()), policy=CameraAdminPolicy(local_admin_mode=True))
    service = DiscoveryService(cameras, registrar, timeout=2.0)
    try:
        with soap_cameras(count, workdir) as farm:
            cameras.add(CameraCreate(name="Đã có", host="127.0.0.1", port=farm.first_port))
            responder = DiscoveryResponder(farm.cameras, "127.0.0.1", 3702)
            responder.start()
            try:
                report = service.search(["127.0.0.1"], Credentials(USERNAME, PASSWORD),
                                        wait=1.0)
            finally:
                responder.stop()
        for device in report.devices:
            print(json.dumps({"address": device.address, "status": device.status.value,
                              "name": device.name, "serial": device.serial,
                              "mac": device.mac, "registered": device.registered_name,
                              "endpoint": device.endpoint}))
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
