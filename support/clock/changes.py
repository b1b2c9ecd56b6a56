"""Clock changes as a feature states them: one component's clock stepped ("the app server's clock is set
back 1 hour") or kept ahead of another's ("the session store's clock runs 3 minutes ahead of the app
server"), each written to the timeline.

A target that has no clock for the named component cannot run such a scenario: `missing_clock` gives the
reason, and the step skips the scenario with it (a skip is visible in the report and at the terminal; it is
never a pass). A component nobody has heard of is a typo: a one-line error.
"""

from __future__ import annotations

from datetime import timedelta

from support.clock.backend import APP_SERVER, SESSION_STORE
from support.clock.controller import TimeController
from support.durations import format_duration
from support.errors import ConfigError
from support.evidence.timeline import Timeline
from support.target import Target

KNOWN_COMPONENTS = (APP_SERVER, SESSION_STORE, "browser")


def check_component(component: str, clock: TimeController, target: Target) -> None:
    known = list(dict.fromkeys([*KNOWN_COMPONENTS, *clock.components, *(p.component for p in target.processes)]))
    if component not in known:
        raise ConfigError(f'unknown component "{component}" in "the {component}\'s clock"; known: '
                          f"{', '.join(known)}")


def missing_clock(component: str, clock: TimeController, target: Target, standing: bool = False) -> str | None:
    """Why this target cannot step (`standing`: keep ahead or behind) `component`'s clock, or None."""
    check_component(component, clock, target)
    reason = clock.unsupported(component, standing)
    return None if reason is None else f'target "{target.name}" cannot run this scenario: {reason}'


def step_clock(clock: TimeController, timeline: Timeline, component: str, delta: timedelta) -> None:
    """The component's wall clock is stepped by `delta` (negative: set back) while no time passes."""
    clock.jump(component, delta)
    way = "set back" if delta < timedelta(0) else "stepped forward"
    timeline.record("clock", "clock", clock.mode, f"the {component}'s clock {way} {format_duration(abs(delta))}",
                    _skews(clock))


def step_every_clock(clock: TimeController, timeline: Timeline, delta: timedelta) -> None:
    """Every component's clock is stepped by `delta` at once, as when the host they share is."""
    for component in clock.components:
        step_clock(clock, timeline, component, delta)


def skew_clock(clock: TimeController, timeline: Timeline, component: str, ahead: timedelta, of: str) -> None:
    """From now on the component's clock reads `ahead` later than `of`'s (negative: behind)."""
    clock.skew(component, ahead, of)
    way = "ahead of" if ahead >= timedelta(0) else "behind"
    timeline.record("clock", "clock", clock.mode,
                    f"the {component}'s clock runs {format_duration(abs(ahead))} {way} the {of}'s", _skews(clock))


def _skews(clock: TimeController) -> str:
    others = [c for c in clock.components if c != APP_SERVER]
    parts = [f"{c} {_signed(clock.skew_of(c))}" for c in others]
    return "clocks against the app server's: " + (", ".join(parts) if parts else "no other clock")


def _signed(delta: timedelta) -> str:
    return ("+" if delta >= timedelta(0) else "−") + format_duration(abs(delta))
