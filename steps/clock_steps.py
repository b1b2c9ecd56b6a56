"""Clocks that disagree or are stepped: "the app server's clock is set back 1 hour", "the session store's
clock runs 3 minutes ahead of the app server". A target without a clock for the named component skips the
scenario with the reason (see support/clock/changes.py)."""

import sys
from datetime import timedelta
from typing import Any

from behave import given, when

from support.clock.backend import APP_SERVER
from support.clock.changes import missing_clock, skew_clock, step_clock, step_every_clock


def _skip_if_missing(context: Any, *components: str, standing: bool = False) -> bool:
    state = context.state
    for i, component in enumerate(components):
        reason = missing_clock(component, state.clock, state.run.target, standing=standing and i == 0)
        if reason is not None:
            state.timeline.record("note", "lapse", "clock", "scenario skipped", reason)
            context.scenario.skip(reason)
            print(f"\n  – {context.scenario.name}: skipped: {reason}", file=sys.__stderr__, flush=True)
            return True
    return False


@given("the {component}'s clock runs {ahead:Duration} ahead of the {other}")
def clock_runs_ahead(context: Any, component: str, ahead: timedelta, other: str) -> None:
    """Given the session store's clock runs 3 minutes ahead of the app server"""
    if not _skip_if_missing(context, component, other, standing=True):
        skew_clock(context.state.clock, context.state.timeline, component, ahead, other)


@given("the {component}'s clock runs {behind:Duration} behind the {other}")
def clock_runs_behind(context: Any, component: str, behind: timedelta, other: str) -> None:
    """Given the session store's clock runs 3 minutes behind the app server"""
    if not _skip_if_missing(context, component, other, standing=True):
        skew_clock(context.state.clock, context.state.timeline, component, -behind, other)


@when("the {component}'s clock is set back {step:Duration}")
@when("the {component}'s clock jumps back {step:Duration}")
def clock_set_back(context: Any, component: str, step: timedelta) -> None:
    """When the app server's clock is set back 1 hour  — an NTP step: no time passes for anyone else."""
    if not _skip_if_missing(context, component):
        step_clock(context.state.clock, context.state.timeline, component, -step)


@when("every clock is set back {step:Duration}")
def every_clock_set_back(context: Any, step: timedelta) -> None:
    """When every clock is set back 1 hour  — the host they share was restored from a snapshot."""
    if not _skip_if_missing(context, *(context.state.clock.components or [APP_SERVER])):
        step_every_clock(context.state.clock, context.state.timeline, -step)


@when("the {component}'s clock jumps forward {step:Duration}")
@when("the {component}'s clock is set forward {step:Duration}")
def clock_jumps_forward(context: Any, component: str, step: timedelta) -> None:
    """When the app server's clock jumps forward 20 minutes"""
    if not _skip_if_missing(context, component):
        step_clock(context.state.clock, context.state.timeline, component, step)
