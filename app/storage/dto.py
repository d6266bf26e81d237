"""Plain frozen records that leave the storage layer (ORM objects never do)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SiteDTO:
    id: int
    name: str
    kind: str
    parent_id: int | None
    code: str | None


@dataclass(frozen=True)
class CameraProfileDTO:
    id: int
    token: str
    name: str
    kind: str
    width: int
    height: int
    fps: float | None
    encoding: str
    stream_uri: str
    snapshot_uri: str | None

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class CameraDTO:
    id: int
    name: str
    site_id: int | None
    host: str
    port: int
    purpose: str
    manufacturer: str
    model: str
    firmware: str
    serial: str
    mac: str
    ptz: bool
    enabled: bool
    latitude: float | None
    longitude: float | None
    tags: tuple[str, ...]
    notes: str
    profiles: tuple[CameraProfileDTO, ...]
    has_credentials: bool
    version: int

    @property
    def main_profile(self) -> CameraProfileDTO | None:
        """The profile marked main, else the largest one, else None."""
        marked = [p for p in self.profiles if p.kind == "main"]
        if marked:
            return marked[0]
        return max(self.profiles, key=lambda p: p.pixels, default=None)

    @property
    def sub_profile(self) -> CameraProfileDTO | None:
        """The profile marked sub, else the smallest one (may be the main one), else None."""
        marked = [p for p in self.profiles if p.kind == "sub"]
        if marked:
            return marked[0]
        return min(self.profiles, key=lambda p: p.pixels, default=None)


@dataclass(frozen=True)
class ProfileCreate:
    token: str
    kind: str  # "main", "sub" or "other"
    width: int
    height: int
    stream_uri: str  # credentials in it are stripped before storing
    name: str = ""
    fps: float | None = None
    encoding: str = ""
    snapshot_uri: str | None = None


@dataclass(frozen=True)
class CameraCreate:
    name: str
    host: str
    port: int
    purpose: str = "traffic"
    site_id: int | None = None
    manufacturer: str = ""
    model: str = ""
    firmware: str = ""
    serial: str = ""
    mac: str = ""
    ptz: bool = False
    enabled: bool = True
    latitude: float | None = None
    longitude: float | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    credential_ciphertext: bytes | None = None  # already encrypted by the caller
    profiles: tuple[ProfileCreate, ...] = ()


@dataclass(frozen=True)
class EventDTO:
    id: int
    camera_id: int | None
    time: datetime
    kind: str
    severity: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthSampleDTO:
    id: int
    camera_id: int
    time: datetime
    onvif_ok: bool
    stream_ok: bool
    state: str
    message: str = ""
    fps: float | None = None
    bitrate_kbps: float | None = None
    width: int | None = None
    height: int | None = None
    clock_drift_s: float | None = None
