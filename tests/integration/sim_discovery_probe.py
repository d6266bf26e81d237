"""Helper run inside a private network namespace: WS-Discovery responder + multicast probe.

Usage: python sim_discovery_probe.py CAMERAS. Prints the probe matches as JSON lines.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.cameras.wsdiscovery import probe
from app.sim.camera import MANUFACTURER, SimCamera
from app.sim.discovery import DiscoveryResponder


def fake_camera(index: int) -> SimCamera:
    base = f"http://127.0.0.1:{8000 + index}"
    return SimCamera(
        index=index, name=f"Camera {index:02d}", uuid=f"00000000-0000-4000-8000-{index:012d}",
        onvif_url=f"{base}/onvif/device_service", rtsp_main="", rtsp_sub="",
        snapshot_url=f"{base}/onvif/snapshot.jpg", manufacturer=MANUFACTURER,
        model="TB-IPC100", firmware="1", serial=str(index), mac="02:00:00:00:00:01",
        ptz=False, main=(1280, 720), sub=(640, 360),
        scopes=(f"onvif://www.onvif.org/name/Camera%20{index:02d}",
                "onvif://www.onvif.org/hardware/TB-IPC100"))


def main() -> int:
    cameras = [fake_camera(i) for i in range(1, int(sys.argv[1]) + 1)]
    responder = DiscoveryResponder(cameras, "127.0.0.1", 3702)
    responder.start()
    try:
        for match in probe("127.0.0.1", timeout=1.0):
            print(json.dumps({"endpoint": match.endpoint, "xaddrs": list(match.xaddrs),
                              "name": match.name, "types": list(match.types)}))
    finally:
        responder.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
