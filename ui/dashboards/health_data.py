"""What the health dashboard shows, gathered in one background call (plain values, no Qt)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.cameras.health import DailyUptime, HealthService
from app.cameras.maintenance import MaintenanceService
from app.storage.dto import CameraDTO, HealthSampleDTO, SiteDTO
from app.storage.types import utc_now


@dataclass(frozen=True)
class ProblemRow:
    camera_id: int
    camera_name: str
    site_name: str
    state: str
    reason: str
    since: datetime | None
    last_seen: datetime | None
    open_tickets: int


@dataclass(frozen=True)
class DashboardSnapshot:
    taken_at: datetime
    counts: dict[str, int]
    problems: tuple[ProblemRow, ...]
    cameras: tuple[tuple[int, str], ...]  # (id, name) for the camera chooser


@dataclass(frozen=True)
class CameraHistory:
    camera_id: int
    days: int
    uptime: tuple[DailyUptime, ...]
    samples: tuple[HealthSampleDTO, ...]


class HealthDashboardData:
    """Composes HealthService, MaintenanceService and the camera/site lists; call it from a
    worker thread."""

    def __init__(self, health: HealthService, maintenance: MaintenanceService,
                 list_cameras: Callable[[], Sequence[CameraDTO]],
                 list_sites: Callable[[], Sequence[SiteDTO]]) -> None:
        self.health = health
        self.maintenance = maintenance
        self._list_cameras = list_cameras
        self._list_sites = list_sites

    def snapshot(self, now: datetime | None = None) -> DashboardSnapshot:
        current = self.health.current()
        cameras = {c.id: c for c in self._list_cameras()}
        sites = {s.id: s.name for s in self._list_sites()}
        tickets = self.maintenance.open_ticket_counts()
        problems = tuple(
            ProblemRow(p.camera_id, p.camera_name,
                       sites.get(cameras[p.camera_id].site_id or -1, "")
                       if p.camera_id in cameras else "",
                       p.state, p.reason, p.since, p.last_seen, tickets.get(p.camera_id, 0))
            for p in self.health.problem_cameras(current))
        return DashboardSnapshot(now or utc_now(), self.health.state_counts(current), problems,
                                 tuple((h.camera_id, h.camera_name) for h in current))

    def history(self, camera_id: int, days: int, now: datetime | None = None) -> CameraHistory:
        now = now or utc_now()
        uptime = self.health.uptime_by_day(camera_id, days, now)
        samples = self.health.samples(camera_id, now - timedelta(days=days), now)
        return CameraHistory(camera_id, days, tuple(uptime), tuple(samples))
