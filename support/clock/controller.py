"""The TimeController: one virtual clock per run, shared by every backend.

Verbs (modelled on Playwright's Clock API, kept few):
- `advance(d)` — let `d` of virtual time pass: every backend's clock moves forward by `d` (Playwright's
  `run_for`). `d` must not be negative: time only moves forward; a clock set back is a `jump`.
- `jump(component, d)` — step one component's wall clock by `d`, either sign, at once, as an NTP correction
  or a VM restored from a snapshot does (Playwright's `set_system_time`, relative). No time passes: the
  other components do not move and `elapsed()` does not change. Whether the component's monotonic clock
  moves too depends on the backend: freezegun and libfaketime move it with the wall clock (documented in
  each backend), the http backend moves only what the app adds its offset to.
- `skew(component, ahead, of="app server")` — from now on `component` reads `ahead` later than `of`
  (negative: behind). It is a `jump` by the difference to the skew in force; only backends whose steps hold
  for later writes (`can_skew`) can keep a skew.
- `unsupported(component, standing=False)` — why `component` cannot be stepped (or skewed), or None. A
  scenario that needs a clock the target does not have is skipped with this reason, never passed.
- `elapsed()` — virtual time since the current scenario began (what the timeline shows).
- `begin_scenario()` — a new origin for `elapsed()`, and every step and skew of the previous scenario is
  cleared by moving the clocks that are behind forward until all components agree again: clocks are never
  moved back between scenarios (sessions of earlier scenarios simply lie expired).

Time in the policy's units ("16 minutes") is divided by `scale` before it reaches a backend, so the real-time
mode can run a 15-minute policy in 15 seconds (`scale=60`) while the evidence still reads in policy time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Protocol, runtime_checkable

from support.clock.backend import APP_SERVER, ClockBackend, SteppableClock, component_of
from support.errors import ConfigError

MIN_PART = timedelta(seconds=1)  # the finest cut of an advance at a timer's due time (backend time)


@runtime_checkable
class TimerClock(Protocol):
    """A backend whose own timers must fire with every clock standing at their due time (the browser's).

    `advance` cuts its step at each `next_due`, so a page timer that fires at 13 minutes and asks the server
    something finds the server at 13 minutes too (no cut is finer than `MIN_PART`).
    """

    def next_due(self) -> timedelta | None:
        """Backend time until this clock's earliest timer falls due; None if none is pending."""


class TimeController:
    def __init__(self, backends: Sequence[ClockBackend], scale: float = 1.0) -> None:
        if scale <= 0:
            raise ConfigError(f"time_scale must be a positive number, not {scale}")
        self.backends = list(backends)
        self.scale = scale
        self._moved = timedelta(0)  # backend time moved by `advance` in this scenario
        self._real_origin = time.perf_counter()
        self._stepped: dict[str, timedelta] = {}  # backend time each component was stepped by `jump`
        self._common = timedelta(0)  # backend time the clocks moved together since the run began

    @property
    def mode(self) -> str:
        return "+".join(b.name for b in self.backends) or "none"

    @property
    def components(self) -> list[str]:
        """Every component whose clock is under control, each once, in the order of the backends."""
        return list(dict.fromkeys(component_of(b) for b in self.backends))

    def begin_scenario(self) -> None:
        self._realign()
        self._moved = timedelta(0)
        self._real_origin = time.perf_counter()

    def real_elapsed(self) -> float:
        """Real seconds since the scenario began."""
        return time.perf_counter() - self._real_origin

    def elapsed(self) -> timedelta:
        """Virtual (policy) time since the scenario began: real time passing plus every advance, scaled."""
        return (timedelta(seconds=self.real_elapsed()) + self._moved) * self.scale

    def advance(self, delta: timedelta) -> None:
        """Let `delta` of policy time pass for every clock."""
        if delta < timedelta(0):
            raise ConfigError(f"time only moves forward: cannot advance by {delta}; a clock set back is a jump")
        for part in self._parts(delta / self.scale):
            for backend in self.backends:
                backend.advance(part)
            if not any(b.name == "real" for b in self.backends):
                self._moved += part
                self._common += part

    @property
    def common_offset(self) -> timedelta:
        """Backend time the clocks have moved together since the run began (every advance and realignment)."""
        return self._common

    def add_backend(self, backend: ClockBackend) -> None:
        """Take over a clock that starts mid-run (the browser, on first use); it must stand at `common_offset`."""
        self.backends.append(backend)

    def unsupported(self, component: str, standing: bool = False) -> str | None:
        """Why `component`'s clock cannot be stepped (`standing`: kept ahead or behind), or None if it can."""
        mine = [b for b in self.backends if component_of(b) == component]
        kinds = ", ".join(f"{component_of(b)} ({b.name})" for b in self.backends) or "none"
        if any(b.name == "real" for b in self.backends):
            return "nothing is faked in real time (-D clock=real): no clock can be stepped"
        if not mine:
            return f"no clock of the {component} is under Lapse's control (the clocks here: {kinds})"
        if not all(isinstance(b, SteppableClock) for b in mine):
            return f"the {component}'s clock ({', '.join(b.name for b in mine)}) can only move forward with time"
        if standing and not all(isinstance(b, SteppableClock) and b.can_skew for b in mine):
            return (f"the {component}'s clock ({', '.join(b.name for b in mine)}) can shift what exists now but "
                    f"cannot run ahead or behind")
        return None

    def jump(self, component: str, delta: timedelta) -> None:
        """Step `component`'s wall clock by `delta` (policy time, either sign) at once; see the module doc."""
        if reason := self.unsupported(component):
            raise ConfigError(reason)
        self._step(component, delta / self.scale)

    def skew(self, component: str, ahead: timedelta, of: str = APP_SERVER) -> None:
        """From now on `component` reads `ahead` (policy time; negative: behind) later than `of`."""
        if component == of:
            raise ConfigError(f"a clock cannot run ahead of itself: the {component} and the {of}")
        if (reason := self.unsupported(component, standing=True)) or (reason := self.unsupported(of)):
            raise ConfigError(reason)
        zero = timedelta(0)
        wanted = self._stepped.get(of, zero) + ahead / self.scale
        self._step(component, wanted - self._stepped.get(component, zero))

    def skew_of(self, component: str, of: str = APP_SERVER) -> timedelta:
        """How far (policy time) `component` reads ahead of `of` by steps and skews of this scenario."""
        zero = timedelta(0)
        return (self._stepped.get(component, zero) - self._stepped.get(of, zero)) * self.scale

    def close(self) -> None:
        for backend in reversed(self.backends):
            backend.close()
        self.backends.clear()

    def _step(self, component: str, delta: timedelta) -> None:
        for backend in self.backends:
            if component_of(backend) == component and isinstance(backend, SteppableClock):
                backend.jump(delta)
        self._stepped[component] = self._stepped.get(component, timedelta(0)) + delta

    def _parts(self, step: timedelta) -> Iterator[timedelta]:
        """`step` cut at the due times of the backends' timers (see `TimerClock`)."""
        timed = [b for b in self.backends if isinstance(b, TimerClock)]
        left = step
        while True:
            dues = [due for b in timed if (due := b.next_due()) is not None] if timed and left else []
            part = min(left, max(min(dues, default=left), MIN_PART))
            yield part
            left -= part
            if left <= timedelta(0):
                return

    def _realign(self) -> None:
        """Move the components that are behind forward until every component agrees again."""
        if not self._stepped:
            return
        ahead = max(timedelta(0), *self._stepped.values())
        self._common += ahead
        for backend in self.backends:
            lag = ahead - self._stepped.get(component_of(backend), timedelta(0))
            if lag > timedelta(0):
                backend.advance(lag)
        self._stepped.clear()
