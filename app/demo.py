"""The demo and training environment: simulated cameras, registered like real ones.

Registration goes through the real ONVIF path (device information, profiles, stream URIs), so
the demo exercises what a duty room does with real cameras. Ports are fixed so that running the
demo again refreshes the same cameras instead of adding new ones.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from app.bootstrap import CoreServices
from app.cameras.registration import CameraAddress, CameraRegistrar
from app.security.secrets import Credentials
from app.sim.farm import SimulatorFarm
from app.storage.dto import CameraDTO

log = logging.getLogger(__name__)

DEMO_ONVIF_BASE_PORT = 18080
DEMO_RTSP_PORT = 18554
DEMO_DISCOVERY_PORT = 18702  # unicast look-ups only; the demo never sends multicast
DEMO_SITE = ("Tỉnh Mô phỏng", "Phường Đào tạo")
DEMO_LOCATIONS = ("Ngã tư Trung tâm", "Cổng chợ", "Cầu Đông", "Trường Tiểu học", "Bến xe",
                  "Quảng trường", "Cửa ngõ phía Bắc", "Cửa ngõ phía Nam")

Progress = Callable[[str], None]


class DemoEnvironment:
    """Starts the simulated cameras and registers them in the workstation's database."""

    def __init__(self, core: CoreServices, cameras: int, videos: Sequence[Path] = (), *,
                 fixed_ports: bool = True, cache_dir: Path | None = None,
                 max_video_seconds: float = 300.0) -> None:
        """``fixed_ports=False`` picks free ports (tests, several demos on one machine)."""
        self._core = core
        self.registrar = CameraRegistrar(core.sites, core.cameras, core.vault)
        self.farm = SimulatorFarm(
            cameras=cameras, videos=list(videos) or None,
            onvif_ports=[DEMO_ONVIF_BASE_PORT + i for i in range(cameras)] if fixed_ports
            else None,
            rtsp_port=DEMO_RTSP_PORT if fixed_ports else 0,
            discovery_port=DEMO_DISCOVERY_PORT if fixed_ports else 0,
            cache_dir=cache_dir, max_video_seconds=max_video_seconds)

    def start(self, progress: Progress = lambda _text: None) -> list[CameraDTO]:
        progress("Preparing the simulated cameras' video")
        self.farm.start()
        credentials = Credentials(self.farm.username, self.farm.password)
        registered = []
        for position, sim in enumerate(self.farm.cameras):
            progress(f"Registering {sim.name}")
            host, _, port = sim.onvif_url.split("//", 1)[1].split("/", 1)[0].partition(":")
            location = DEMO_LOCATIONS[position % len(DEMO_LOCATIONS)]
            purpose = "security" if position % 4 == 3 else "traffic"
            camera = self.registrar.register(
                CameraAddress(host, int(port)), credentials,
                name=f"{sim.name} — {location}", site_path=(*DEMO_SITE, location),
                purpose=purpose)
            registered.append(camera)
        self._core.events.add("demo_started", f"{len(registered)} simulated cameras")
        log.info("Demo: %d simulated cameras registered", len(registered))
        return registered

    def stop(self) -> None:
        self.farm.stop()
