"""Health state machine, hysteresis, probe judgement and uptime (synthetic samples)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.cameras.health import (
    BROKEN,
    CLOCK_DRIFT,
    DEGRADED,
    FAILED,
    IMPAIRED,
    LOW_FPS,
    NEVER_CONNECTED,
    NO_BITRATE,
    OK,
    ONVIF_DOWN,
    STREAM_DOWN,
    VIETNAM_TZ,
    WORKING,
    Assessment,
    HealthPolicy,
    HealthStatus,
    advance,
    assess,
    daily_uptime,
    uptime_percent,
)
from app.storage.dto import HealthSampleDTO

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
POLICY = HealthPolicy(failures_to_broken=3, successes_to_working=2)
GOOD = Assessment(OK, (), reached=True)
FAIL = assess(onvif_ok=True, stream_ok=False, fps=None, bitrate_kbps=None, clock_drift_s=0.0,
              expected_fps=25, stream_error="connection refused")
SLOW = assess(onvif_ok=True, stream_ok=True, fps=5.0, bitrate_kbps=300, clock_drift_s=0.0,
              expected_fps=25)
SILENT = assess(onvif_ok=False, stream_ok=False, fps=None, bitrate_kbps=None,
                clock_drift_s=None, expected_fps=25, onvif_error="no answer")


def run(verdicts: list[Assessment], start: HealthStatus | None = None) -> list[HealthStatus]:
    states, status = [], start or HealthStatus()
    for n, verdict in enumerate(verdicts):
        status = advance(status, verdict, T0 + timedelta(minutes=n), POLICY)
        states.append(status)
    return states


def test_assess_names_each_problem() -> None:
    healthy = assess(onvif_ok=True, stream_ok=True, fps=24.8, bitrate_kbps=800,
                     clock_drift_s=-0.4, expected_fps=25)
    assert (healthy.verdict, healthy.codes) == (OK, ())
    assert (SLOW.verdict, SLOW.codes) == (IMPAIRED, (LOW_FPS,))
    assert assess(onvif_ok=True, stream_ok=True, fps=13, bitrate_kbps=500, clock_drift_s=0,
                  expected_fps=25).verdict == OK  # 52% of 25 fps is still fine
    drift = assess(onvif_ok=True, stream_ok=True, fps=25, bitrate_kbps=500, clock_drift_s=-42,
                   expected_fps=25)
    assert drift.codes == (CLOCK_DRIFT,) and "-42 s" in drift.reason
    zero = assess(onvif_ok=True, stream_ok=True, fps=25, bitrate_kbps=0, clock_drift_s=0,
                  expected_fps=25)
    assert zero.codes == (NO_BITRATE,)
    onvif_only_down = assess(onvif_ok=False, stream_ok=True, fps=25, bitrate_kbps=500,
                             clock_drift_s=None, expected_fps=25,
                             onvif_error="The camera refused the user name or password")
    assert onvif_only_down.verdict == IMPAIRED and onvif_only_down.codes == (ONVIF_DOWN,)
    assert "refused the user name" in onvif_only_down.reason
    assert (FAIL.verdict, FAIL.codes) == (FAILED, (STREAM_DOWN,))
    assert "connection refused" in FAIL.reason
    assert not SILENT.reached and FAIL.reached


def test_first_picture_counts_at_once_from_never_connected() -> None:
    assert run([GOOD])[-1].state == WORKING
    assert run([SLOW])[-1].state == DEGRADED


def test_unreachable_camera_stays_never_connected() -> None:
    states = run([SILENT] * 6)
    assert {s.state for s in states} == {NEVER_CONNECTED}
    assert states[-1].reason and "no answer" in states[-1].reason


def test_reachable_camera_without_picture_becomes_broken_after_n_failures() -> None:
    states = run([FAIL] * 3)
    assert [s.state for s in states] == [NEVER_CONNECTED, NEVER_CONNECTED, BROKEN]
    assert "connection refused" in states[-1].reason
    assert states[-1].since == T0 + timedelta(minutes=2)


def test_working_needs_n_failures_in_a_row_to_break() -> None:
    states = run([GOOD, FAIL, FAIL, GOOD, FAIL, FAIL, FAIL])
    assert [s.state for s in states] == [WORKING, WORKING, WORKING, WORKING, WORKING, WORKING,
                                         BROKEN]
    assert states[-1].since == T0 + timedelta(minutes=6)


def test_broken_needs_m_good_probes_in_a_row_to_recover() -> None:
    broken = run([GOOD, FAIL, FAIL, FAIL])[-1]
    states = run([GOOD, FAIL, GOOD, GOOD], start=broken)
    assert [s.state for s in states] == [BROKEN, BROKEN, BROKEN, WORKING]
    assert states[-1].reason == ""
    # Recovering with a slow picture lands in degraded, not working.
    assert run([SLOW, SLOW], start=broken)[-1].state == DEGRADED


def test_degraded_and_back_with_hysteresis() -> None:
    working = run([GOOD])[-1]
    states = run([SLOW, SLOW, SLOW, GOOD, SLOW, GOOD, GOOD], start=working)
    assert [s.state for s in states] == [WORKING, WORKING, DEGRADED, DEGRADED, DEGRADED,
                                         DEGRADED, WORKING]
    assert run([SLOW, SLOW, SLOW], start=working)[-1].reason.startswith("Frame rate 5.0 fps")
    # A degraded camera that loses its picture breaks after N failures.
    degraded = states[2]
    assert run([FAIL, FAIL, FAIL], start=degraded)[-1].state == BROKEN


def test_resumed_status_keeps_state_but_not_streaks() -> None:
    resumed = HealthStatus.resumed(BROKEN, T0, "old reason")
    assert run([GOOD])[-1].state == WORKING
    assert run([GOOD], start=resumed)[-1].state == BROKEN
    assert HealthStatus.resumed("nonsense").state == NEVER_CONNECTED


def test_policy_rejects_zero_counts() -> None:
    with pytest.raises(ValueError):
        HealthPolicy(failures_to_broken=0)


def sample(n: int, at: datetime, stream_ok: bool) -> HealthSampleDTO:
    return HealthSampleDTO(id=n, camera_id=1, time=at, onvif_ok=True, stream_ok=stream_ok,
                           state=WORKING if stream_ok else BROKEN)


def test_daily_uptime_is_time_weighted_in_local_days() -> None:
    # Local midnight of 2 Nov in UTC+7 is 17:00 UTC on 1 Nov.
    midnight = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
    samples = [sample(1, midnight, True),  # up for 6 h
               sample(2, midnight + timedelta(hours=6), False),  # down for 2 h
               sample(3, midnight + timedelta(hours=8), True)]  # up until the end of the day
    days = daily_uptime(samples, date(2026, 11, 2), date(2026, 11, 3),
                        now=midnight + timedelta(hours=30), max_gap=timedelta(days=2),
                        tz=VIETNAM_TZ)
    assert [d.day for d in days] == [date(2026, 11, 2), date(2026, 11, 3)]
    assert days[0].observed_s == 24 * 3600
    assert days[0].percent == pytest.approx(100 * 22 / 24)
    assert days[1].observed_s == 6 * 3600 and days[1].percent == 100
    assert uptime_percent(days) == pytest.approx(100 * 28 / 30)


def test_gaps_longer_than_the_limit_are_unknown_not_down() -> None:
    start = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
    samples = [sample(1, start, False), sample(2, start + timedelta(hours=12), True)]
    days = daily_uptime(samples, date(2026, 11, 2), date(2026, 11, 2),
                        now=start + timedelta(hours=13), max_gap=timedelta(minutes=30))
    # 30 min down (then nothing known for 11.5 h), then 30 min up (capped by the gap).
    assert days[0].observed_s == 3600 and days[0].percent == 50
    empty = daily_uptime([], date(2026, 11, 2), date(2026, 11, 4), now=start,
                         max_gap=timedelta(hours=1))
    assert [d.percent for d in empty] == [None, None, None]
    assert uptime_percent(empty) is None
