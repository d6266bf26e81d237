"""Camera health: what a probe result means, the per-camera state machine, uptime, broken list.

States: never_connected (nothing ever answered) → working / degraded / broken. Flapping
cameras would flood the duty room with events, so the machine has hysteresis: a working or
degraded camera becomes broken only after `failures_to_broken` failed probes in a row, and a
broken or degraded one becomes working only after `successes_to_working` good probes in a row.
Everything here except `HealthService` is pure and works on plain values.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import sqlalchemy as sa

from app.storage.database import Database
from app.storage.dto import HealthSampleDTO
from app.storage.models import Camera, HealthSample
from app.storage.repositories.events import health_dto
from app.storage.types import utc_now

log = logging.getLogger(__name__)

NEVER_CONNECTED = "never_connected"
WORKING = "working"
DEGRADED = "degraded"
BROKEN = "broken"
STATES = (WORKING, DEGRADED, BROKEN, NEVER_CONNECTED)

# Verdict of one probe.
OK = "ok"
IMPAIRED = "impaired"  # the picture arrives, but something is wrong
FAILED = "failed"  # no picture

# Issue codes; reports translate them, the UI shows the English text until translated.
STREAM_DOWN = "stream_down"
ONVIF_DOWN = "onvif_down"
LOW_FPS = "low_fps"
NO_BITRATE = "no_bitrate"
CLOCK_DRIFT = "clock_drift"

# Vietnam has no daylight saving time: days for uptime are counted in UTC+7.
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")
STATE_CHANGED_EVENT = "camera_state_changed"


@dataclass(frozen=True)
class HealthPolicy:
    failures_to_broken: int = 3
    successes_to_working: int = 2
    min_fps_ratio: float = 0.5  # below this share of the profile's frame rate: degraded
    max_clock_drift_s: float = 5.0

    def __post_init__(self) -> None:
        if self.failures_to_broken < 1 or self.successes_to_working < 1:
            raise ValueError("Hysteresis counts must be at least 1.")


@dataclass(frozen=True)
class Issue:
    code: str
    text: str


@dataclass(frozen=True)
class Assessment:
    verdict: str  # OK, IMPAIRED or FAILED
    issues: tuple[Issue, ...]
    reached: bool  # the camera answered at all (ONVIF or stream)

    @property
    def reason(self) -> str:
        return "; ".join(issue.text for issue in self.issues)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(issue.code for issue in self.issues)


def assess(*, onvif_ok: bool, stream_ok: bool, fps: float | None, bitrate_kbps: float | None,
           clock_drift_s: float | None, expected_fps: float | None, onvif_error: str = "",
           stream_error: str = "", policy: HealthPolicy = HealthPolicy()) -> Assessment:
    """Judge one probe. Also works on stored samples (their message stands in for errors)."""
    issues: list[Issue] = []
    if not stream_ok:
        issues.append(Issue(STREAM_DOWN, f"Stream: {stream_error or 'no picture'}"))
    if not onvif_ok:
        issues.append(Issue(ONVIF_DOWN, f"ONVIF: {onvif_error or 'not reachable'}"))
    if stream_ok:
        if expected_fps and fps is not None and fps < policy.min_fps_ratio * expected_fps:
            issues.append(Issue(LOW_FPS, f"Frame rate {fps:.1f} fps is below "
                                         f"{policy.min_fps_ratio:.0%} of the expected "
                                         f"{expected_fps:g} fps"))
        if bitrate_kbps is not None and bitrate_kbps <= 0:
            issues.append(Issue(NO_BITRATE, "The stream carries no data (bitrate 0)"))
    if onvif_ok and clock_drift_s is not None and abs(clock_drift_s) > policy.max_clock_drift_s:
        issues.append(Issue(CLOCK_DRIFT, f"Camera clock is off by {clock_drift_s:+.0f} s "
                                         f"(more than {policy.max_clock_drift_s:g} s)"))
    verdict = FAILED if not stream_ok else (IMPAIRED if issues else OK)
    return Assessment(verdict, tuple(issues), reached=onvif_ok or stream_ok)


def assess_sample(sample: HealthSampleDTO, expected_fps: float | None,
                  policy: HealthPolicy = HealthPolicy()) -> Assessment:
    """Re-judge a stored sample (its issue codes; its texts are approximations)."""
    return assess(onvif_ok=sample.onvif_ok, stream_ok=sample.stream_ok, fps=sample.fps,
                  bitrate_kbps=sample.bitrate_kbps, clock_drift_s=sample.clock_drift_s,
                  expected_fps=expected_fps, policy=policy)


@dataclass(frozen=True)
class HealthStatus:
    """Where one camera's state machine stands."""

    state: str = NEVER_CONNECTED
    reason: str = ""
    since: datetime | None = None
    failed_streak: int = 0  # failed probes in a row
    ok_streak: int = 0  # fully good probes in a row
    good_streak: int = 0  # probes with a picture in a row (ok or impaired)
    not_ok_streak: int = 0  # probes that were not fully good in a row
    reached: bool = False  # anything ever answered

    @classmethod
    def resumed(cls, state: str, since: datetime | None = None, reason: str = "") -> HealthStatus:
        """A machine restarted from a stored state: streaks start again from zero."""
        if state not in STATES:
            state = NEVER_CONNECTED
        return cls(state=state, since=since, reason=reason, reached=state != NEVER_CONNECTED)


@dataclass(frozen=True)
class StateChange:
    camera_id: int
    old_state: str
    new_state: str
    reason: str
    time: datetime


def advance(status: HealthStatus, assessment: Assessment, at: datetime,
            policy: HealthPolicy = HealthPolicy()) -> HealthStatus:
    """The state after one more probe."""
    verdict = assessment.verdict
    failed = verdict == FAILED
    fully_ok = verdict == OK
    streaks = replace(
        status,
        failed_streak=status.failed_streak + 1 if failed else 0,
        ok_streak=status.ok_streak + 1 if fully_ok else 0,
        good_streak=0 if failed else status.good_streak + 1,
        not_ok_streak=0 if fully_ok else status.not_ok_streak + 1,
        reached=status.reached or assessment.reached,
    )
    new_state = _next_state(streaks, verdict, policy)
    reason = "" if new_state == WORKING else assessment.reason or status.reason
    if new_state != status.state:
        return replace(streaks, state=new_state, reason=reason, since=at)
    return replace(streaks, reason=reason, since=status.since or at)


def _next_state(s: HealthStatus, verdict: str, policy: HealthPolicy) -> str:
    broken_now = s.failed_streak >= policy.failures_to_broken
    if s.state == NEVER_CONNECTED:
        # Nothing to flap from: the first picture counts at once.
        if verdict == OK:
            return WORKING
        if verdict == IMPAIRED:
            return DEGRADED
        return BROKEN if s.reached and broken_now else NEVER_CONNECTED
    if s.state == WORKING:
        if broken_now:
            return BROKEN
        return DEGRADED if s.not_ok_streak >= policy.failures_to_broken and verdict != FAILED \
            else WORKING
    if s.state == DEGRADED:
        if broken_now:
            return BROKEN
        return WORKING if s.ok_streak >= policy.successes_to_working else DEGRADED
    # BROKEN
    if s.good_streak >= policy.successes_to_working:
        return WORKING if verdict == OK else DEGRADED
    return BROKEN


# ----------------------------------------------------------------------------- uptime
@dataclass(frozen=True)
class DailyUptime:
    day: date
    up_s: float
    observed_s: float

    @property
    def percent(self) -> float | None:
        """Share of the observed time the picture was there; None when nothing was observed."""
        return None if self.observed_s <= 0 else 100.0 * self.up_s / self.observed_s


def _intervals(samples: Sequence[HealthSampleDTO], now: datetime,
               max_gap: timedelta) -> Iterable[tuple[datetime, datetime, bool]]:
    """Each sample's state holds until the next sample, but at most `max_gap` (after that the
    monitor was not running and nothing is known)."""
    ordered = sorted(samples, key=lambda s: (s.time, s.id))
    for index, sample in enumerate(ordered):
        end = ordered[index + 1].time if index + 1 < len(ordered) else now
        end = min(end, sample.time + max_gap)
        if end > sample.time:
            yield sample.time, end, sample.stream_ok


def daily_uptime(samples: Sequence[HealthSampleDTO], first_day: date, last_day: date, *,
                 now: datetime, max_gap: timedelta, tz: tzinfo = VIETNAM_TZ) -> list[DailyUptime]:
    """Uptime per local day from first_day to last_day (inclusive), time-weighted."""
    if last_day < first_day:
        return []
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    up = dict.fromkeys(days, 0.0)
    observed = dict.fromkeys(days, 0.0)
    for start, end, is_up in _intervals(samples, now, max_gap):
        cursor = start
        while cursor < end:
            local_day = cursor.astimezone(tz).date()
            next_midnight = datetime.combine(local_day + timedelta(days=1), datetime.min.time(),
                                             tz)
            piece_end = min(end, next_midnight)
            seconds = (piece_end - cursor).total_seconds()
            if local_day in observed:
                observed[local_day] += seconds
                if is_up:
                    up[local_day] += seconds
            cursor = piece_end
    return [DailyUptime(day, up[day], observed[day]) for day in days]


def uptime_percent(daily: Sequence[DailyUptime]) -> float | None:
    observed = sum(d.observed_s for d in daily)
    return None if observed <= 0 else 100.0 * sum(d.up_s for d in daily) / observed


# ------------------------------------------------------------------------- read side
@dataclass(frozen=True)
class CameraHealth:
    camera_id: int
    camera_name: str
    state: str
    reason: str
    last_probe: datetime | None
    last_seen: datetime | None  # last time a picture arrived


@dataclass(frozen=True)
class BrokenCamera:
    camera_id: int
    camera_name: str
    reason: str
    since: datetime
    last_seen: datetime | None


@dataclass(frozen=True)
class ProblemCamera:
    """A camera that is not working, for the dashboard's list."""

    camera_id: int
    camera_name: str
    state: str
    reason: str
    since: datetime | None  # start of the current run of this state (None: never probed)
    last_seen: datetime | None


class HealthService:
    """Questions about stored health history (for the dashboard, broken list and reports)."""

    def __init__(self, db: Database, *, interval_s: float = 300.0, tz: tzinfo = VIETNAM_TZ) -> None:
        self._db = db
        self._tz = tz
        # A sample counts for at most three sweep intervals; longer gaps are unknown time.
        self._max_gap = timedelta(seconds=max(3 * interval_s, 60.0))

    def current(self) -> list[CameraHealth]:
        """Every camera's latest state (never_connected without samples), by name."""
        latest = self._latest_samples()
        seen = self.last_seen()
        with self._db.session() as session:
            cameras = session.execute(sa.select(Camera.id, Camera.name)
                                      .order_by(Camera.name, Camera.id)).all()
        result = []
        for camera_id, name in cameras:
            sample = latest.get(camera_id)
            result.append(CameraHealth(
                camera_id, name, sample.state if sample else NEVER_CONNECTED,
                sample.message if sample and sample.state != WORKING else "",
                sample.time if sample else None, seen.get(camera_id)))
        return result

    def broken_cameras(self) -> list[BrokenCamera]:
        """Cameras whose latest sample says broken, longest broken first."""
        broken = []
        for health in self.current():
            if health.state != BROKEN or health.last_probe is None:
                continue
            since = self._state_since(health.camera_id, BROKEN) or health.last_probe
            broken.append(BrokenCamera(health.camera_id, health.camera_name, health.reason,
                                       since, health.last_seen))
        return sorted(broken, key=lambda b: (b.since, b.camera_name))

    def problem_cameras(self, current: Sequence[CameraHealth] | None = None
                        ) -> list[ProblemCamera]:
        """Broken, degraded and never-connected cameras, longest in that state first."""
        rows = self.current() if current is None else current
        problems = []
        for health in rows:
            if health.state == WORKING:
                continue
            since = None
            if health.last_probe is not None:
                since = self._state_since(health.camera_id, health.state) or health.last_probe
            problems.append(ProblemCamera(health.camera_id, health.camera_name, health.state,
                                          health.reason, since, health.last_seen))
        far_future = datetime.max.replace(tzinfo=UTC)
        return sorted(problems, key=lambda p: (p.since or far_future, p.camera_name))

    def last_seen(self, until: datetime | None = None) -> dict[int, datetime]:
        """Per camera, the last time a picture arrived (up to `until` when given)."""
        query = (sa.select(HealthSample.camera_id, sa.func.max(HealthSample.time))
                 .where(HealthSample.stream_ok.is_(True)).group_by(HealthSample.camera_id))
        if until is not None:
            query = query.where(HealthSample.time <= until)
        with self._db.session() as session:
            rows = session.execute(query).all()
        # SQLite hands aggregates back as naive text-derived values: make them UTC-aware.
        return {camera_id: _as_utc(value) for camera_id, value in rows if value is not None}

    def samples(self, camera_id: int, start: datetime, end: datetime) -> list[HealthSampleDTO]:
        query = (sa.select(HealthSample).where(HealthSample.camera_id == camera_id,
                                               HealthSample.time >= start,
                                               HealthSample.time <= end)
                 .order_by(HealthSample.time, HealthSample.id))
        with self._db.session() as session:
            return [health_dto(row) for row in session.scalars(query)]

    def uptime_by_day(self, camera_id: int, days: int = 7,
                      now: datetime | None = None) -> list[DailyUptime]:
        """The last `days` local days up to and including today."""
        now = now or utc_now()
        last_day = now.astimezone(self._tz).date()
        first_day = last_day - timedelta(days=days - 1)
        start = datetime.combine(first_day, datetime.min.time(), self._tz) - self._max_gap
        return daily_uptime(self.samples(camera_id, start, now), first_day, last_day, now=now,
                            max_gap=self._max_gap, tz=self._tz)

    def state_counts(self, current: Sequence[CameraHealth] | None = None) -> dict[str, int]:
        """Cameras per state (every state present, zero when none), from `current()`."""
        rows = self.current() if current is None else current
        counts = dict.fromkeys(STATES, 0)
        for health in rows:
            counts[health.state if health.state in counts else NEVER_CONNECTED] += 1
        return counts

    def latest_samples(self, until: datetime | None = None) -> dict[int, HealthSampleDTO]:
        """Each camera's newest sample, or its newest one taken at or before `until` (for a
        report about a past day)."""
        if until is None:
            return self._latest_samples()
        ranked = sa.select(
            HealthSample.id,
            sa.func.row_number().over(
                partition_by=HealthSample.camera_id,
                order_by=(HealthSample.time.desc(), HealthSample.id.desc())).label("rank"),
        ).where(HealthSample.time <= until).subquery()
        query = (sa.select(HealthSample).join(ranked, ranked.c.id == HealthSample.id)
                 .where(ranked.c.rank == 1))
        with self._db.session() as session:
            return {row.camera_id: health_dto(row) for row in session.scalars(query)}

    def _latest_samples(self) -> dict[int, HealthSampleDTO]:
        from app.storage.repositories import HealthRepository

        return HealthRepository(self._db).latest_per_camera()

    def _state_since(self, camera_id: int, state: str) -> datetime | None:
        """Time of the first sample of the camera's current run of `state`."""
        with self._db.session() as session:
            last_other = session.scalar(
                sa.select(sa.func.max(HealthSample.time))
                .where(HealthSample.camera_id == camera_id, HealthSample.state != state))
            query = sa.select(sa.func.min(HealthSample.time)).where(
                HealthSample.camera_id == camera_id, HealthSample.state == state)
            if last_other is not None:
                query = query.where(HealthSample.time > _as_utc(last_other))
            first = session.scalar(query)
        return _as_utc(first) if first is not None else None


def _as_utc(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite returns aggregates of DATETIME columns as text
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
