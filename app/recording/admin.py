"""Configuring recording: per-camera channels, the storage policy, and what the storage holds.

The screens that configure recording call this, never the index directly, so that the rights
are checked here and every change is written to the audit trail:
- channels (what each camera records): MANAGE_CAMERAS;
- the storage policy (age limit, quota, free space) and running retention now: CHANGE_SETTINGS;
- the integrity check (read only, may read every file): MANAGE_MAINTENANCE.
``local_admin_mode`` is the workstation's mode while sign-in is not enabled: an absent actor
is then the local administrator (as for the camera registry).
"""
from __future__ import annotations

import logging
import os
import shutil
import time as clock_time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.config.settings import Settings, SettingsStore
from app.recording.dto import ChannelConfig
from app.recording.integrity import IntegrityReport
from app.recording.recorder import RecorderStatus
from app.recording.retention import RetentionPolicy, RetentionResult
from app.recording.service import RecordingService, RecordingSettings, SourceResolver
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, has_permission, require
from app.storage.database import Database
from app.storage.errors import (
    ConcurrentUpdateError,
    ConstraintError,
    NotFoundError,
    StorageError,
)
from app.storage.models.media import RECORDING_MODES, Recording
from app.storage.repositories import CameraRepository, SiteRepository
from app.storage.types import utc_now

log = logging.getLogger(__name__)

GIB = 1 << 30
BUSY_RETRY_DELAYS_S = (0.05, 0.2, 0.5, 1.0, 2.0)
STREAMS = ("main", "sub")
MAX_PRE_EVENT_S = 300  # the event ring holds this much footage per camera
MAX_POST_EVENT_S = 3600
MAX_SEGMENT_S = 3600
STORAGE_FIELDS = ("recording_max_age_days", "recording_quota_gb", "recording_min_free_gb",
                  "recording_overwrite_when_full")
CHANNEL_CHANGED = "recording.channel_change"
RETENTION_RUN = "recording.retention_run"
INTEGRITY_CHECKED = "recording.integrity_check"


@dataclass(frozen=True)
class ChannelRow:
    """A camera and how it is recorded (a disabled default when it never was)."""

    camera_id: int
    camera_name: str
    site_name: str
    config: ChannelConfig


@dataclass(frozen=True)
class ChannelState:
    camera_id: int
    camera_name: str
    config: ChannelConfig | None  # None: not marked for recording
    status: RecorderStatus | None  # None: no recorder running
    bytes_today: int
    segments_today: int


@dataclass(frozen=True)
class StorageSnapshot:
    root: str
    disk_total: int | None  # None: the folder cannot be read
    disk_free: int | None
    recorded_bytes: int
    segment_count: int
    oldest: datetime | None
    holds: int
    protected_segments: int
    channels: tuple[ChannelState, ...]
    camera_names: Mapping[int, str] = field(default_factory=dict)  # every camera


def retention_policy(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(
        max_age_days=float(settings.recording_max_age_days) or None,
        quota_bytes=int(settings.recording_quota_gb * GIB) or None,
        overwrite_when_full=settings.recording_overwrite_when_full)


def recording_settings(root: Path, settings: Settings) -> RecordingSettings:
    """What RecordingService is built with, from the workstation settings."""
    return RecordingSettings(root=root, min_free_bytes=int(settings.recording_min_free_gb * GIB),
                             retention=retention_policy(settings))


def apply_storage_settings(service: RecordingService, settings: Settings) -> None:
    """Use new storage settings at once: retention from its next run, the free-space floor
    for every recorder started from now (running ones keep theirs until restarted)."""
    policy = retention_policy(settings)
    service.settings = replace(service.settings, retention=policy,
                               min_free_bytes=int(settings.recording_min_free_gb * GIB))
    service.retention.policy = policy
    log.info("recording storage policy: %s, min free %.1f GiB", policy,
             settings.recording_min_free_gb)


def channel_applier(service: RecordingService,
                    resolve: SourceResolver) -> Callable[[ChannelConfig], None]:
    """apply_channel(config): (re)start an enabled channel, stop a disabled one."""
    def apply_channel(config: ChannelConfig) -> None:
        if not config.enabled:
            service.stop_channel(config.camera_id)
            return
        found = resolve(config)
        if found is None:
            raise ValueError(f"Camera {config.camera_id} has no {config.stream} stream to "
                             f"record.")
        service.start_channel(config, *found)
    return apply_channel


def check_channel(config: ChannelConfig) -> None:
    """Raise ValueError (a user-facing message) when a channel setting is out of range."""
    where = f"Camera {config.camera_id}"
    if config.mode not in RECORDING_MODES:
        raise ValueError(f"{where}: recording mode must be one of {', '.join(RECORDING_MODES)}.")
    if config.stream not in STREAMS:
        raise ValueError(f"{where}: stream must be one of {', '.join(STREAMS)}.")
    if not 1 <= config.segment_s <= MAX_SEGMENT_S:
        raise ValueError(f"{where}: segment length must be 1–{MAX_SEGMENT_S} s.")
    if not 0 <= config.pre_event_s <= MAX_PRE_EVENT_S:
        raise ValueError(f"{where}: pre-event time must be 0–{MAX_PRE_EVENT_S} s.")
    if not 0 <= config.post_event_s <= MAX_POST_EVENT_S:
        raise ValueError(f"{where}: post-event time must be 0–{MAX_POST_EVENT_S} s.")


class RecordingAdmin:
    def __init__(self, service: RecordingService, db: Database, audit: AuditTrail | None, *,
                 local_admin_mode: bool = False,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._service = service
        self._db = db
        self._audit = audit
        self._cameras = CameraRepository(db)
        self._sites = SiteRepository(db)
        self.local_admin_mode = local_admin_mode
        self._clock = clock

    @property
    def root(self) -> Path:
        return self._service.settings.root

    def may(self, actor: Principal | None, permission: Permission) -> bool:
        """For enabling buttons only; every action checks again."""
        return (actor is None and self.local_admin_mode) or has_permission(actor, permission)

    # ----- channels ------------------------------------------------------------------------
    def channel_rows(self) -> list[ChannelRow]:
        sites = {site.id: site.name for site in self._sites.list_sites()}
        stored = {c.camera_id: c for c in self._service.index.channels(enabled_only=False)}
        return [ChannelRow(camera.id, camera.name, sites.get(camera.site_id or -1, ""),
                           stored.get(camera.id) or ChannelConfig(camera.id, enabled=False))
                for camera in self._cameras.list_cameras()]

    def save_channels(self, actor: Principal | None,
                      configs: Sequence[ChannelConfig]) -> list[ChannelConfig]:
        """Store the channels that differ from what is stored; returns those (as stored).

        Everything is checked before anything is written: one bad row saves nothing."""
        self.authorize(actor, Permission.MANAGE_CAMERAS)
        for config in configs:
            check_channel(config)
        index = self._service.index
        changed: list[ChannelConfig] = []
        for config in configs:
            old = index.channel(config.camera_id)
            if old == config or (old is None and not config.enabled):
                continue
            saved = _retry_when_busy(index.save_channel, config)
            changed.append(saved)
            if self._audit is not None:
                self._audit.append(actor, CHANNEL_CHANGED, "camera", config.camera_id,
                                   {"old": asdict(old) if old else None, "new": asdict(saved)})
        if changed:
            log.info("recording channels changed: %s", [c.camera_id for c in changed])
        return changed

    # ----- storage policy ------------------------------------------------------------------
    def save_storage_settings(self, actor: Principal | None, store: SettingsStore,
                              current: Settings, **changes: Any) -> Settings:
        """Validate and save the storage fields; each change goes to the audit trail."""
        self.authorize(actor, Permission.CHANGE_SETTINGS)
        unknown = set(changes) - set(STORAGE_FIELDS)
        if unknown:
            raise ValueError(f"Not a storage setting: {', '.join(sorted(unknown))}")
        updated = SettingsStore.updated(current, **changes)
        if updated == current:
            return current
        store.save(updated)
        if self._audit is not None:
            for name in STORAGE_FIELDS:
                old, new = getattr(current, name), getattr(updated, name)
                if old != new:
                    self._audit.setting_changed(actor, name, old, new)
        return updated

    def run_retention(self, actor: Principal | None) -> RetentionResult:
        self.authorize(actor, Permission.CHANGE_SETTINGS)
        result = self._service.enforce_retention()
        if self._audit is not None:
            self._audit.append(actor, RETENTION_RUN, "recordings", None,
                               {"deleted": len(result.deleted), "freed_bytes": result.freed_bytes,
                                "kept_by_hold": result.kept_by_hold})
        return result

    def check_integrity(self, actor: Principal | None,
                        verify_hashes: bool = False) -> IntegrityReport:
        self.authorize(actor, Permission.MANAGE_MAINTENANCE)
        report = self._service.check_integrity(verify_hashes=verify_hashes)
        if self._audit is not None:
            self._audit.append(actor, INTEGRITY_CHECKED, "recordings", None,
                               {"summary": report.summary(), "ok": report.ok,
                                "verify_hashes": verify_hashes})
        return report

    # ----- status --------------------------------------------------------------------------
    def snapshot(self) -> StorageSnapshot:
        """What the storage holds now (several queries: call it off the GUI thread)."""
        root = self.root
        total: int | None = None
        free: int | None = None
        try:
            usage = shutil.disk_usage(root)
            total, free = int(usage.total), int(usage.free)
        except OSError as exc:
            log.debug("cannot read disk usage of %s: %s", root, exc)
        local_now = self._clock().astimezone()
        midnight = datetime.combine(local_now.date(), time(), local_now.tzinfo)
        with self._db.session() as session:
            today = {camera_id: (int(size or 0), int(count)) for camera_id, size, count in
                     session.execute(sa.select(Recording.camera_id,
                                               sa.func.sum(Recording.size_bytes),
                                               sa.func.count(Recording.id))
                                     .where(Recording.start_at >= midnight)
                                     .group_by(Recording.camera_id))}
            size, count, oldest, protected = session.execute(sa.select(
                sa.func.coalesce(sa.func.sum(Recording.size_bytes), 0),
                sa.func.count(Recording.id), sa.func.min(Recording.start_at),
                sa.func.coalesce(sa.func.sum(sa.case((Recording.protected.is_(True), 1),
                                                     else_=0)), 0))).one()
        names = {camera.id: camera.name for camera in self._cameras.list_cameras()}
        configs = {c.camera_id: c for c in self._service.index.channels(enabled_only=True)}
        statuses = {s.camera_id: s for s in self._service.statuses()}
        for status in statuses.values():  # the open segment is indexed with size 0 until closed
            if status.current_path and status.camera_id in today:
                size_today, count_today = today[status.camera_id]
                today[status.camera_id] = (size_today + _file_size(status.current_path),
                                           count_today)
        channels = tuple(
            ChannelState(camera_id, names.get(camera_id, f"#{camera_id}"),
                         configs.get(camera_id), statuses.get(camera_id),
                         *today.get(camera_id, (0, 0)))
            for camera_id in sorted(set(configs) | set(statuses),
                                    key=lambda cid: (names.get(cid, ""), cid)))
        return StorageSnapshot(
            root=str(root), disk_total=total, disk_free=free, recorded_bytes=int(size),
            segment_count=int(count), oldest=_utc(oldest),
            holds=len(self._service.index.holds()), protected_segments=int(protected),
            channels=channels, camera_names=names)

    def authorize(self, actor: Principal | None, permission: Permission) -> None:
        if actor is None and self.local_admin_mode:
            return
        require(actor, permission)


def _retry_when_busy(call: Callable[[ChannelConfig], ChannelConfig],
                     config: ChannelConfig) -> ChannelConfig:
    # save_channel reads, then writes: on SQLite such a transaction fails at once (no busy
    # wait) when a recorder committed in between. A fresh attempt reads the new snapshot.
    for delay in (*BUSY_RETRY_DELAYS_S, None):
        try:
            return call(config)
        except (NotFoundError, ConstraintError, ConcurrentUpdateError):
            raise
        except StorageError as exc:
            if delay is None:
                raise
            log.info("database busy while saving camera %s (%s); retrying",
                     config.camera_id, exc)
            clock_time.sleep(delay)
    raise AssertionError("unreachable")


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _utc(value: datetime | str | None) -> datetime | None:
    # MIN() keeps the column type, but be safe should a back end hand back text or naive.
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
