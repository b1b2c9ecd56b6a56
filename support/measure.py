"""Measure what an app really enforces: its idle timeout and absolute lifetime, found by moving its clock.

The search is written against one question, `alive_after(duration) -> bool`: "a session that starts now —
is it still alive after `duration`?". `find_limit` answers "after how long does it end?" to within a
precision, in O(log n) questions: it probes the declared value and one step below it (two probes when the
app does what it says), otherwise doubles from the declared value until a session has ended and bisects
between the last "alive" and the first "ended". It assumes what every timeout has: once a session is over
after `d`, it is over after anything longer.

`SessionProber` asks the question of a real app: each probe is a fresh sign-in with a fresh API client,
the clock moved by `duration`, and one probe (for the absolute lifetime, with activity at intervals safely
under the idle timeout in between). A probe that cannot tell raises `CouldNotTell`; it is never an answer.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

from hamcrest import assert_that, less_than_or_equal_to

from support.channels.api import ApiChannel
from support.channels.probe import Answer
from support.clock import TimeController
from support.durations import format_duration
from support.errors import ConfigError
from support.evidence.timeline import Timeline
from support.target import Target

AliveAfter = Callable[[timedelta], bool]
What = Literal["idle timeout", "absolute lifetime"]

SECOND = timedelta(seconds=1)
DEFAULT_PRECISION = SECOND
DEFAULT_MAXIMUM = timedelta(hours=24)
DEFAULT_START: dict[What, timedelta] = {"idle timeout": timedelta(minutes=15),
                                        "absolute lifetime": timedelta(hours=8)}


@dataclass(frozen=True)
class Probe:
    """One question asked: was a session still alive after `duration`? (`real_s`: wall time it took)."""

    duration: timedelta
    alive: bool
    real_s: float


@dataclass
class Limit:
    """What one search found: the session was alive after `alive_after` and had ended after `ended_by`."""

    what: str
    declared: timedelta | None
    precision: timedelta
    maximum: timedelta
    alive_after: timedelta = timedelta(0)  # the longest duration seen alive (0: only right after sign-in)
    ended_by: timedelta | None = None  # the shortest duration seen ended; None: alive even at `maximum`
    probes: list[Probe] = field(default_factory=list)

    @property
    def measured(self) -> timedelta | None:
        """The effective limit: the first duration (on the precision grid) after which the session had ended."""
        return self.ended_by

    @property
    def real_s(self) -> float:
        return sum(p.real_s for p in self.probes)

    def measured_words(self) -> str:
        if self.ended_by is None:
            return f"none found: still signed in after {format_duration(self.maximum)}"
        return format_duration(self.ended_by)

    def sentence(self) -> str:
        """`idle timeout: declared 15 minutes, measured 16 minutes (...) — 12 probes, 0.4 s`."""
        declared = format_duration(self.declared) if self.declared is not None else "nothing"
        if self.ended_by is None:
            found = self.measured_words()
        else:
            found = (f"{self.measured_words()} (signed in after {format_duration(self.alive_after)}, "
                     f"signed out after {format_duration(self.ended_by)})")
        return (f"{self.what}: declared {declared}, measured {found}; {self.verdict()} — "
                f"{len(self.probes)} probes, {self.real_s:.1f} s")

    def verdict(self) -> str:
        if self.declared is None:
            return "no declared value to compare"
        if self.ended_by is None:
            return "DIFFERS: the declared limit is not enforced"
        off = self.ended_by - _on_grid(self.declared, self.precision)
        if abs(off) < self.precision:
            return f"matches to within {format_duration(self.precision)}"
        return f"DIFFERS by {'+' if off > timedelta(0) else '-'}{format_duration(abs(off))}"

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "declared": format_duration(self.declared) if self.declared is not None else None,
            "measured": format_duration(self.ended_by) if self.ended_by is not None else None,
            "measured_s": self.ended_by.total_seconds() if self.ended_by is not None else None,
            "alive_after_s": self.alive_after.total_seconds(),
            "precision_s": self.precision.total_seconds(),
            "maximum_s": self.maximum.total_seconds(),
            "verdict": self.verdict(),
            "probes": [{"duration_s": p.duration.total_seconds(), "alive": p.alive, "real_s": round(p.real_s, 3)}
                       for p in self.probes],
            "real_s": round(self.real_s, 3),
        }


def find_limit(alive_after: AliveAfter, *, what: str = "limit", declared: timedelta | None = None,
               start: timedelta | None = None, precision: timedelta = DEFAULT_PRECISION,
               maximum: timedelta = DEFAULT_MAXIMUM) -> Limit:
    """The shortest duration (a multiple of `precision`) after which `alive_after` says the session ended.

    `start` (default: `declared`, else 15 minutes) is the first guess; `declared` is what the verdict
    compares with. Probes: 2 when the guess is right; otherwise at most ⌈log2(maximum/start)⌉ + 1 doublings
    plus ⌈log2(bracket/precision)⌉ bisections.
    Right after sign-in (duration 0) a session counts as alive: a sign-in that does not work is an error.
    """
    if precision <= timedelta(0):
        raise ConfigError("the precision must be longer than zero, e.g. 1 second")
    if maximum < precision:
        raise ConfigError(f"the maximum ({format_duration(maximum)}) is shorter than the precision "
                          f"({format_duration(precision)}); raise --max or lower --precision")
    limit = Limit(what=what, declared=declared, precision=precision, maximum=maximum)
    top = maximum // precision  # the search is on whole multiples of the precision: k · precision
    guess = start or declared or DEFAULT_START["idle timeout"]
    first = min(max(math.ceil(guess / precision), 1), top)
    lo, hi = 0, None  # alive after lo · precision; ended after hi · precision

    def ask(k: int) -> bool:
        began = time.perf_counter()
        alive = alive_after(k * precision)
        limit.probes.append(Probe(k * precision, alive, time.perf_counter() - began))
        return alive

    if ask(first):
        lo = first
        while hi is None and lo < top:  # an upper bound: double until the session has ended
            k = min(2 * lo, top)
            lo, hi = (k, None) if ask(k) else (lo, k)
    else:
        hi = first
        if first - 1 > lo:  # the likely answer: the declared value is the limit, so one step below is alive
            lo, hi = (first - 1, hi) if ask(first - 1) else (lo, first - 1)
    while hi is not None and hi - lo > 1:  # bisect
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if ask(mid) else (lo, mid)
    limit.alive_after = lo * precision
    limit.ended_by = None if hi is None else hi * precision
    return limit


def _on_grid(value: timedelta, precision: timedelta) -> timedelta:
    return math.ceil(value / precision) * precision


def activity_interval(idle: timedelta, precision: timedelta) -> timedelta:
    """How often to act to keep a session alive, safely under the idle timeout: 10 % (at least two
    precision steps) below it, or half of it if it is too short for that margin."""
    interval = idle - max(idle / 10, 2 * precision)
    return interval if interval > timedelta(0) else idle / 2


class SessionProber:
    """`alive_after` questions asked of a real app: a fresh sign-in (fresh API client) per question.

    Every request goes to `detail` (the full evidence); one summary event per question goes to `summary`.
    """

    def __init__(self, target: Target, base_url: str, clock: TimeController, detail: Timeline,
                 summary: Timeline | None = None) -> None:
        self.target = target
        self.base_url = base_url
        self.clock = clock
        self.detail = detail
        self.summary = summary
        self.count = 0

    def idle(self, duration: timedelta) -> bool:
        """Sign in, let `duration` pass without a request, probe."""
        channel, start = self._signed_in()
        self._wait_until(start + duration)
        return self._verdict(channel, f"idle for {format_duration(duration)}", "idle timeout")

    def with_activity(self, interval: timedelta) -> AliveAfter:
        """Sign in, act every `interval` (under the idle timeout) until `duration`, probe at `duration`."""
        if interval <= timedelta(0):
            raise ConfigError(f"the activity interval must be positive, not {interval}")

        def alive_after(duration: timedelta) -> bool:
            channel, start = self._signed_in()
            passed, acts = timedelta(0), 0
            while passed + interval < duration:
                passed += interval
                acts += 1
                self._wait_until(start + passed)
                if channel.act().answer is not Answer.SIGNED_IN:
                    how = f"active every {format_duration(interval)}: ended after {format_duration(passed)}"
                    self._note("absolute lifetime", how, Answer.SIGNED_OUT, f"signed out at request {acts}")
                    return False
            self._wait_until(start + duration)
            how = f"active every {format_duration(interval)} ({acts} requests) for {format_duration(duration)}"
            return self._verdict(channel, how, "absolute lifetime")

        return alive_after

    def _signed_in(self) -> tuple[ApiChannel, timedelta]:
        """A fresh client, signed in; and the moment on the virtual clock just after (the session's age is
        counted from there, so the real time that requests take is not added to the durations asked for)."""
        self.count += 1
        channel = ApiChannel(self.target, self.base_url, f"probe {self.count}", self.detail)
        username, password = self.target.credentials.resolve()
        channel.sign_in(username, password)
        return channel, self.clock.elapsed()

    def _wait_until(self, moment: timedelta) -> None:
        """Move the clock until it reads `moment` (virtual time since the scenario began); real time that
        has passed counts, and a moment already past moves nothing."""
        if (left := moment - self.clock.elapsed()) > timedelta(0):
            self.clock.advance(left)

    def _verdict(self, channel: ApiChannel, how: str, what: str) -> bool:
        result = channel.probe()
        self._note(what, how, result.answer, result.seen)
        return result.answer is Answer.SIGNED_IN

    def _note(self, what: str, how: str, answer: Answer, seen: str) -> None:
        if self.summary is not None:
            self.summary.record("probe", f"probe {self.count}", "api", f"measure the {what}: sign in, {how}",
                                seen, outcome="signed in" if answer is Answer.SIGNED_IN else "signed out")


def measure(prober: SessionProber, what: What, declared: dict[What, timedelta | None],
            precision: timedelta = DEFAULT_PRECISION, maximum: timedelta = DEFAULT_MAXIMUM) -> list[Limit]:
    """Measure the idle timeout, or the absolute lifetime (which measures the idle timeout first: the
    activity that keeps a session alive must come safely under the idle timeout the app really enforces)."""
    idle = find_limit(prober.idle, what="idle timeout", declared=declared.get("idle timeout"),
                      start=declared.get("idle timeout") or DEFAULT_START["idle timeout"],
                      precision=precision, maximum=maximum)
    if what == "idle timeout":
        return [idle]
    # No idle timeout found: a session needs no activity to stay alive, so idling measures the lifetime.
    ask = prober.idle if idle.ended_by is None else prober.with_activity(activity_interval(idle.ended_by, precision))
    absolute = find_limit(ask, what="absolute lifetime", declared=declared.get("absolute lifetime"),
                          start=declared.get("absolute lifetime") or DEFAULT_START["absolute lifetime"],
                          precision=precision, maximum=maximum)
    return [idle, absolute]


def must_measure(limit: Limit, expected: timedelta, tolerance: timedelta) -> None:
    """The verdict of `Then the measured idle timeout is 15 minutes within 5 seconds`: declared vs measured."""
    if limit.ended_by is None:
        off = limit.maximum
        seen = f"none: a session was still signed in after {format_duration(limit.maximum)}"
    else:
        off = abs(limit.ended_by - expected)
        seen = (f"{format_duration(limit.ended_by)} (a session was signed in after "
                f"{format_duration(limit.alive_after)} and signed out after {format_duration(limit.ended_by)})")
    assert_that(off, less_than_or_equal_to(tolerance),
                f"the declared {limit.what} is {format_duration(expected)} (within {format_duration(tolerance)}), "
                f"but the measured {limit.what} is {seen}; {len(limit.probes)} probes")
