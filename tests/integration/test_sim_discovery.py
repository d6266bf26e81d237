"""WS-Discovery: the simulator's responder answers the prober, by multicast and unicast."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cameras.wsdiscovery import probe
from app.sim.discovery import DiscoveryResponder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sim_discovery_probe import fake_camera

HELPER = Path(__file__).resolve().parent / "sim_discovery_probe.py"


def _namespace_available() -> str | None:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "unshare or ip is not installed"
    result = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10,
                            check=False)
    if result.returncode != 0:
        return f"unshare -n is not permitted here: {result.stderr.decode().strip()}"
    return None


@pytest.mark.netns
def test_multicast_probe_finds_every_camera_in_private_namespace() -> None:
    reason = _namespace_available()
    if reason:
        pytest.skip(reason)
    # Multicast must never leave the machine: the namespace has nothing but lo.
    result = subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$1" 3',
         sys.executable, str(HELPER)],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    matches = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(m["xaddrs"][0] for m in matches) == [
        f"http://127.0.0.1:{8000 + i}/onvif/device_service" for i in (1, 2, 3)]
    assert {m["name"] for m in matches} == {"Camera 01", "Camera 02", "Camera 03"}
    assert all("dn:NetworkVideoTransmitter" in m["types"] for m in matches)


def test_unicast_probe_on_loopback() -> None:
    cameras = [fake_camera(1), fake_camera(2)]
    responder = DiscoveryResponder(cameras, "127.0.0.1", 0, multicast=False)
    responder.start()
    try:
        matches = probe("127.0.0.1", timeout=1.0,
                        unicast_targets=[("127.0.0.1", responder.port)])
    finally:
        responder.stop()
    assert sorted(m.endpoint for m in matches) == sorted(f"urn:uuid:{c.uuid}" for c in cameras)
    assert {m.xaddrs for m in matches} == {(c.onvif_url,) for c in cameras}
    assert all(m.source == ("127.0.0.1", responder.port) for m in matches)
