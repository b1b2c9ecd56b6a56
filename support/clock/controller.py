"""The TimeController: one virtual clock per run, shared by every backend.

Verbs (modelled on Playwright's Clock API, kept few):
- `advance(d)`  — let `d` of virtual time pass: every backend's clock moves forward by `d`.
- `elapsed()`   — virtual time since the current scenario began (what the timeline shows).
- `begin_scenario()` — a new origin for `elapsed()`; clocks are never moved back between scenarios.

Time in the policy's units ("16 minutes") is divided by `scale` before it reaches a backend, so the real-time
mode can run a 15-minute policy in 15 seconds (`scale=60`) while the evidence still reads in policy time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta

from support.clock.backend import ClockBackend
from support.errors import ConfigError


class TimeController:
    def __init__(self, backends: Sequence[ClockBackend], scale: float = 1.0) -> None:
        if scale <= 0:
            raise ConfigError(f"time_scale must be a positive number, not {scale}")
        self.backends = list(backends)
        self.scale = scale
        self._moved = timedelta(0)  # backend time moved by `advance` in this scenario
        self._real_origin = time.perf_counter()

    @property
    def mode(self) -> str:
        return "+".join(b.name for b in self.backends) or "none"

    def begin_scenario(self) -> None:
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
            raise ConfigError(f"time only moves forward: cannot advance by {delta}")
        step = delta / self.scale
        for backend in self.backends:
            backend.advance(step)
        if not any(b.name == "real" for b in self.backends):
            self._moved += step

    def close(self) -> None:
        for backend in reversed(self.backends):
            backend.close()
        self.backends.clear()
