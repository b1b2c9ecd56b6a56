"""Measuring timeouts: the search on a pure function, then against the real reference app with odd timeouts.

The reference app runs in-process with its clock moved by freezegun, so a 2-hour idle timeout is measured
without waiting. Probe counts are asserted to be O(log n); wall time is printed (`pytest -s`), never asserted.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from support.app_server import start_app
from support.clock import TimeController
from support.clock.freezegun_clock import FreezegunClock
from support.errors import ConfigError
from support.evidence.timeline import Timeline
from support.measure import Limit, SessionProber, activity_interval, find_limit, measure, must_measure
from support.policy import SessionPolicy
from support.target import Target

s, m, h = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)


def probe_bound(limit: timedelta, declared: timedelta, precision: timedelta = s) -> float:
    """2·log2(range/precision) + 3: doubling up to the range, then bisecting it, plus the first two guesses."""
    return 2 * math.log2(max(limit, declared) / precision) + 3


# -- the search, on a pure function ----------------------------------------------------------------------
def ends_at(limit: timedelta) -> tuple[list[timedelta], object]:
    asked: list[timedelta] = []

    def alive_after(duration: timedelta) -> bool:
        asked.append(duration)
        return duration < limit

    return asked, alive_after


@pytest.mark.parametrize("true_s", [1, 2, 59, 60, 61, 433, 899, 900, 901, 960, 7200, 28_799, 86_399])
@pytest.mark.parametrize("declared", [15 * m, 8 * h, 1 * s])
def test_finds_the_first_second_at_which_sessions_have_ended(true_s: int, declared: timedelta) -> None:
    asked, alive_after = ends_at(true_s * s)
    found = find_limit(alive_after, declared=declared)  # type: ignore[arg-type]
    assert found.ended_by == true_s * s
    assert found.alive_after == (true_s - 1) * s  # bracketed to one precision step
    assert len(found.probes) == len(asked) <= probe_bound(true_s * s, declared)


def test_two_probes_when_the_app_does_what_it_declares() -> None:
    asked, alive_after = ends_at(15 * m)
    found = find_limit(alive_after, declared=15 * m)  # type: ignore[arg-type]
    assert asked == [15 * m, 15 * m - s]
    assert found.measured == 15 * m and found.verdict() == "matches to within 1 second"


def test_a_fractional_limit_is_bracketed_on_the_precision_grid() -> None:
    _, alive_after = ends_at(timedelta(seconds=433.4))
    found = find_limit(alive_after, declared=15 * m)  # type: ignore[arg-type]
    assert (found.alive_after, found.ended_by) == (433 * s, 434 * s)
    assert "DIFFERS by -" in found.verdict()


def test_a_coarser_precision_takes_fewer_probes() -> None:
    _, fine = ends_at(7 * m + 13 * s)
    _, coarse = ends_at(7 * m + 13 * s)
    by_second = find_limit(fine, declared=15 * m)  # type: ignore[arg-type]
    by_minute = find_limit(coarse, declared=15 * m, precision=m)  # type: ignore[arg-type]
    assert by_minute.ended_by == 8 * m and by_minute.alive_after == 7 * m
    assert len(by_minute.probes) < len(by_second.probes)


def test_no_limit_up_to_the_maximum_is_reported_as_none() -> None:
    asked, alive_after = ends_at(timedelta(days=30))
    found = find_limit(alive_after, declared=15 * m, maximum=24 * h)  # type: ignore[arg-type]
    assert found.ended_by is None and found.alive_after == 24 * h
    assert asked == [15 * m, 30 * m, 1 * h, 2 * h, 4 * h, 8 * h, 16 * h, 24 * h]
    assert "not enforced" in found.verdict() and "still signed in after 1 day" in found.sentence()


def test_bad_precision_and_maximum_are_clear_errors() -> None:
    _, alive_after = ends_at(m)
    with pytest.raises(ConfigError, match="precision must be longer than zero"):
        find_limit(alive_after, precision=timedelta(0))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="shorter than the precision"):
        find_limit(alive_after, precision=m, maximum=s)  # type: ignore[arg-type]


def test_activity_comes_safely_under_the_idle_timeout() -> None:
    assert activity_interval(15 * m, s) == timedelta(minutes=13, seconds=30)
    assert activity_interval(59 * s, s) == timedelta(seconds=53.1)
    assert activity_interval(2 * s, s) == s  # too short for the margin: half of it


def test_the_verdict_says_declared_and_measured() -> None:
    found = Limit("idle timeout", declared=15 * m, precision=s, maximum=24 * h, alive_after=16 * m - s,
                  ended_by=16 * m)
    must_measure(found, 16 * m, 5 * s)
    with pytest.raises(AssertionError, match=r"declared idle timeout is 15 minutes.*measured idle timeout "
                                             r"is 16 minutes.*signed out after 16 minutes"):
        must_measure(found, 15 * m, 5 * s)


# -- against the real reference app ----------------------------------------------------------------------
@pytest.fixture
def measured_app(target: Target) -> Iterator[object]:
    """start(policy, variant) → a SessionProber on a freshly started reference app with a freezegun clock."""
    started: list[tuple[object, TimeController]] = []

    def start(policy: SessionPolicy, variant: str = "correct") -> SessionProber:
        app = start_app(target, policy, variant)
        clock = TimeController([FreezegunClock()])
        started.append((app, clock))
        return SessionProber(target, app.base_url, clock, Timeline(clock))

    yield start
    for app, clock in started:
        clock.close()
        app.stop()  # type: ignore[attr-defined]


@pytest.mark.parametrize("idle", [7 * m + 13 * s, 59 * s, 2 * h], ids=["7m13s", "59s", "2h"])
def test_measures_odd_idle_timeouts_of_the_reference_app(measured_app: object, idle: timedelta) -> None:
    prober = measured_app(SessionPolicy(idle_timeout=idle, absolute_lifetime=8 * h))  # type: ignore[operator]
    began = time.perf_counter()
    [found] = measure(prober, "idle timeout", {"idle timeout": 15 * m})  # declared wrongly, as in the target
    took = time.perf_counter() - began
    print(f"\nidle {idle}: measured {found.measured}, {len(found.probes)} probes, {took:.2f} s")
    assert found.measured is not None and abs(found.measured - idle) <= s
    assert found.ended_by == idle and found.alive_after == idle - s
    assert len(found.probes) == prober.count <= probe_bound(idle, 15 * m)


@pytest.mark.parametrize("absolute", [2 * h, 1 * h + 7 * s], ids=["2h", "1h0m7s"])
def test_measures_the_absolute_lifetime_through_activity(measured_app: object, absolute: timedelta) -> None:
    idle = 7 * m + 13 * s
    prober = measured_app(SessionPolicy(idle_timeout=idle, absolute_lifetime=absolute))  # type: ignore[operator]
    began = time.perf_counter()
    found_idle, found = measure(prober, "absolute lifetime", {"idle timeout": 15 * m, "absolute lifetime": 8 * h})
    took = time.perf_counter() - began
    print(f"\nabsolute {absolute}: measured {found.measured}, {len(found.probes)} probes, {took:.2f} s")
    assert found_idle.ended_by == idle
    assert found.measured is not None and abs(found.measured - absolute) <= s
    assert found.ended_by == absolute
    assert len(found.probes) <= probe_bound(absolute, 8 * h)


def test_a_lenient_boundary_is_measured_a_minute_long(measured_app: object) -> None:
    prober = measured_app(SessionPolicy(idle_timeout=15 * m), "lenient_boundary")  # type: ignore[operator]
    [found] = measure(prober, "idle timeout", {"idle timeout": 15 * m})
    assert found.ended_by == 16 * m
    assert found.verdict() == "DIFFERS by +1 minute"


def test_without_sliding_renewal_the_absolute_lifetime_is_the_idle_timeout(measured_app: object) -> None:
    prober = measured_app(SessionPolicy(idle_timeout=15 * m, absolute_lifetime=8 * h), "no_sliding")  # type: ignore[operator]
    _, found = measure(prober, "absolute lifetime", {"idle timeout": 15 * m, "absolute lifetime": 8 * h})
    assert found.ended_by == 15 * m


def test_without_an_absolute_cap_none_is_found(measured_app: object) -> None:
    prober = measured_app(SessionPolicy(idle_timeout=15 * m, absolute_lifetime=8 * h), "no_absolute_cap")  # type: ignore[operator]
    _, found = measure(prober, "absolute lifetime", {"idle timeout": 15 * m, "absolute lifetime": 8 * h},
                       maximum=12 * h)
    assert found.ended_by is None and found.alive_after == 12 * h


# -- the step, proven to fail when the behaviour breaks --------------------------------------------------
def behave(tmp_path: Path, variant: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "behave", "features/measured_timeouts.feature", "-f", "plain",
                           "--no-capture", "-D", f"variant={variant}", "-D", f"reports={tmp_path}"],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("variant", "failing"), [
    ("correct", []),
    ("lenient_boundary", ["idle timeout"]),
    ("no_absolute_cap", ["absolute lifetime"]),
    ("no_sliding", ["absolute lifetime"]),
])
def test_the_measure_steps_fail_exactly_where_the_app_is_broken(tmp_path: Path, variant: str,
                                                               failing: list[str]) -> None:
    done = behave(tmp_path, variant)
    out = done.stdout + done.stderr
    assert (done.returncode == 0) == (not failing), out
    for what in ("idle timeout", "absolute lifetime"):
        assert (f"the declared {what} is" in out) == (what in failing), out
