"""Measured timeouts: what the app really enforces, found by moving its clock and bisecting (support.measure)."""

from datetime import timedelta
from typing import Any

from behave import then

from support.evidence.timeline import Timeline
from support.measure import DEFAULT_MAXIMUM, SECOND, SessionProber, What, measure, must_measure


def _measure(context: Any, what: What, expected: timedelta, tolerance: timedelta) -> None:
    state = context.state
    app = state.run.app
    prober = SessionProber(state.run.target, app.base_url, state.clock, Timeline(state.clock), state.timeline)
    declared: dict[What, timedelta | None] = {"idle timeout": state.policy.idle_timeout, what: expected}
    precision = min(SECOND, tolerance) if tolerance > timedelta(0) else SECOND
    limits = measure(prober, what, declared, precision, max(DEFAULT_MAXIMUM, 2 * expected))
    must_measure(limits[-1], expected, tolerance)


@then("the measured idle timeout is {expected:Duration} within {tolerance:Duration}")
def measured_idle_timeout(context: Any, expected: timedelta, tolerance: timedelta) -> None:
    """Then the measured idle timeout is 15 minutes within 5 seconds
    — fresh sign-ins, the clock moved, bisected to within a second: the effective idle timeout."""
    _measure(context, "idle timeout", expected, tolerance)


@then("the measured absolute lifetime is {expected:Duration} within {tolerance:Duration}")
def measured_absolute_lifetime(context: Any, expected: timedelta, tolerance: timedelta) -> None:
    """Then the measured absolute lifetime is 8 hours within 1 minute
    — the idle timeout is measured first; sessions kept active safely under it until they end."""
    _measure(context, "absolute lifetime", expected, tolerance)
