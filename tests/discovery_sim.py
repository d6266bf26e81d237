"""Simulated ONVIF cameras on consecutive loopback ports, for discovery tests.

Only the simulator's SOAP services run (no RTSP process): discovery and registration talk
ONVIF only, and starting these takes milliseconds. Ports come from a free consecutive block,
so an address list like ``127.0.0.1:{first}-{last}`` covers them, with one more closed port
at the end (refused).
"""
from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.sim.camera import MANUFACTURER, CameraFaults, SimCamera
from app.sim.soap_server import CameraSoapServer

USERNAME = "admin"
PASSWORD = "Mat-khau-2025"


@dataclass
class SoapCameraFarm:
    servers: list[CameraSoapServer]
    cameras: list[SimCamera]
    faults: list[CameraFaults]
    closed_port: int  # the port after the last camera: nothing listens there

    @property
    def first_port(self) -> int:
        return self.cameras[0].onvif_port

    @property
    def address_range(self) -> str:
        """All cameras plus the closed port after them."""
        return f"127.0.0.1:{self.first_port}-{self.closed_port}"


def _free_block(count: int) -> int:
    """A first port such that ``count`` consecutive ports are free now."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65000:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free loopback ports")


def sim_camera(index: int, port: int) -> SimCamera:
    base = f"http://127.0.0.1:{port}"
    return SimCamera(
        index=index, name=f"Camera {index:02d}", uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, base)),
        onvif_url=f"{base}/onvif/device_service",
        rtsp_main=f"rtsp://127.0.0.1:8554/cam{index}/main",
        rtsp_sub=f"rtsp://127.0.0.1:8554/cam{index}/sub",
        snapshot_url=f"{base}/onvif/snapshot.jpg", manufacturer=MANUFACTURER,
        model="TB-IPC100", firmware="1.4.2", serial=f"TBSIM{index:06d}",
        mac=f"02:54:42:00:00:{index:02x}", ptz=False, main=(1280, 720), sub=(640, 360),
        scopes=(f"onvif://www.onvif.org/name/Camera%20{index:02d}",))


@contextmanager
def soap_cameras(count: int, tmp_path: Path) -> Iterator[SoapCameraFarm]:
    snapshot = tmp_path / "snapshot.jpg"
    snapshot.write_bytes(b"\xff\xd8\xff\xd9")
    base = _free_block(count + 1)
    servers: list[CameraSoapServer] = []
    cameras: list[SimCamera] = []
    faults: list[CameraFaults] = []
    try:
        for index in range(1, count + 1):
            fault = CameraFaults()
            fault.slow_soap_seconds = 20.0
            server = CameraSoapServer("127.0.0.1", base + index - 1, USERNAME, PASSWORD, fault,
                                      snapshot)
            camera = sim_camera(index, server.port)
            server.attach(camera)
            server.start()
            servers.append(server)
            cameras.append(camera)
            faults.append(fault)
        yield SoapCameraFarm(servers, cameras, faults, base + count)
    finally:
        # Each stop waits for its serve_forever poll (0.5 s): stop them side by side.
        stoppers = [threading.Thread(target=server.stop) for server in servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join(10)
