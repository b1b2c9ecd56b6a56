"""A scenario's timeline as a picture: virtual time on the x-axis, one lane each for the user, the clock
and the probes.

An auditor should see at a glance that the user signed in, sat idle for 16 minutes while the clock moved,
and that the server then answered "signed out". Idle stretches are the gaps between events — nothing the
user did falls inside them, whatever step recorded them. Each mark's tooltip (`<title>`) holds the event
in full, including the real time it took, since the x-axis is virtual time only.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from support.evidence.model import Event, ScenarioRecord
from support.report.markup import esc, outcome_class
from support.report.words import clock, real_time, short

__all__ = ["timeline_svg"]

WIDTH = 960
LEFT, RIGHT, TOP = 108, 28, 8
LANE = 34
LANES = ("User", "Clock", "Probes")
AXIS_Y = TOP + LANE * len(LANES)
HEIGHT = AXIS_Y + 58
_NICE_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
               86400, 172800, 604800, 2592000)
_MAX_TICKS = 8
_MIN_AXIS_S = 60.0  # a scenario whose clock barely moved is drawn on a one-minute axis, not magnified noise
_MIN_GAP = 0.005  # of the axis: shorter gaps are the time steps take to run, not idleness worth a bar
_DAY = 86_400
_DODGE = 9  # px: marks closer than this are spread apart
_MAX_SPREAD = 5  # more marks than this in one cluster are drawn where they fall, overlapping
_CHAR = 6.0  # px per character of an 11 px label, for collision estimates
_USER_KINDS = ("sign-in", "activity", "sign-out")


@dataclass(frozen=True)
class _Scale:
    span: float

    def x(self, seconds: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * max(0.0, min(seconds, self.span)) / self.span


def timeline_svg(scenario: ScenarioRecord, title_id: str) -> str:
    """The picture for one scenario, as inline SVG that needs no script, font or network."""
    events = scenario.events
    span = max([scenario.virtual_span_s, *(e.virtual_s for e in events)], default=0.0)
    scale = _Scale(max(span, _MIN_AXIS_S))
    caption = f"Timeline of “{scenario.name}”: {short(span)} of virtual time in " \
              f"{real_time(scenario.duration_s)} of real time"
    body = [
        f'<title id="{title_id}">{esc(caption)}</title>',
        _lanes(),
        _axis(scale),
        _idle_bars(events, span, scale),
        _marks(events, 0, scale, lambda e: e.kind in _USER_KINDS),
        _marks(events, 1, scale, lambda e: e.kind == "clock", labelled=True),
        _marks(events, 2, scale, lambda e: e.kind in ("probe", "replay")),
        _legend(),
    ]
    return (
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{title_id}">' + "".join(body) + "</svg>"
    )


def _lanes() -> str:
    rows = []
    for index, name in enumerate(LANES):
        y = TOP + index * LANE
        rows.append(
            f'<rect class="lane{index % 2}" x="{LEFT}" y="{y}" width="{WIDTH - LEFT - RIGHT}" height="{LANE}"/>'
            f'<text class="lane-label" x="{LEFT - 10}" y="{y + LANE / 2 + 4}" text-anchor="end">{name}</text>'
        )
    return "".join(rows)


def _axis(scale: _Scale) -> str:
    step = _tick_step(scale.span)
    parts = [f'<line class="axis" x1="{LEFT}" y1="{AXIS_Y}" x2="{WIDTH - RIGHT}" y2="{AXIS_Y}"/>']
    tick = 0
    while tick <= scale.span + 1e-9:
        x = scale.x(tick)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{AXIS_Y + 4}"/>'
            f'<text class="tick" x="{x:.1f}" y="{AXIS_Y + 16}" text-anchor="middle">{short(tick)}</text>'
        )
        tick += step
    parts.append(
        f'<text class="axis-title" x="{LEFT - 10}" y="{AXIS_Y + 16}" text-anchor="end">virtual time</text>'
    )
    return "".join(parts)


def _tick_step(span: float) -> int:
    """The first round step that gives at most `_MAX_TICKS` ticks; whole days beyond the table."""
    for step in _NICE_STEPS:
        if span / step <= _MAX_TICKS:
            return step
    return _DAY * math.ceil(span / _DAY / _MAX_TICKS)


def _idle_bars(events: list[Event], span: float, scale: _Scale) -> str:
    """A bar for every stretch of virtual time with no event in it: the user did nothing then."""
    times = sorted({e.virtual_s for e in events} | {0.0, span})
    shortest = max(1.0, scale.span * _MIN_GAP)
    session_marks = sorted(
        ((e.virtual_s, e.kind) for e in events if e.kind in ("sign-in", "sign-out")), key=lambda m: m[0]
    )
    y = TOP + 7
    parts = []
    for start, end in itertools.pairwise(times):
        if end - start < shortest:
            continue
        x1, x2 = scale.x(start), scale.x(end)
        before = [kind for at, kind in session_marks if at <= start]
        in_session = bool(before) and before[-1] == "sign-in"
        kind = "idle" if in_session else "gap"
        words = f"idle for {short(end - start)}" if in_session else f"{short(end - start)} pass, no session"
        label = ""
        if x2 - x1 > len(words) * _CHAR + 8:
            label = f'<text class="bar-label" x="{(x1 + x2) / 2:.1f}" y="{y + 14}" text-anchor="middle">' \
                    f"{esc(words)}</text>"
        parts.append(
            f'<g><title>{esc(f"{words}, from {clock(start)} to {clock(end)}")}</title>'
            f'<rect class="{kind}" x="{x1:.1f}" y="{y}" width="{max(x2 - x1, 1):.1f}" height="20" rx="3"/>'
            f"{label}</g>"
        )
    return "".join(parts)


def _marks(
    events: Iterable[Event], lane: int, scale: _Scale, wanted: Callable[[Event], bool], labelled: bool = False
) -> str:
    """One mark per event in a lane; marks close together sit side by side, labels never overlap."""
    y = TOP + lane * LANE + LANE / 2
    chosen = [event for event in events if wanted(event)]
    parts = []
    label_end = -1e9
    for event, x in zip(chosen, _spread(chosen, scale), strict=True):
        label = ""
        if labelled and x > label_end:
            text = event.action if len(event.action) <= 24 else event.action[:23] + "…"
            width = len(text) * _CHAR
            right = x + 9 + width <= WIDTH - 4
            anchor = f'x="{x + 9:.1f}"' if right else f'x="{x - 9:.1f}" text-anchor="end"'
            label = f'<text class="mark-label" {anchor} y="{y + 4}">{esc(text)}</text>'
            label_end = x + 9 + width if right else x
        parts.append(f"<g><title>{esc(_tooltip(event))}</title>{_shape(event, x, y)}{label}</g>")
    return "".join(parts)


def _spread(events: list[Event], scale: _Scale) -> list[float]:
    """x for each mark. A few marks closer than `_DODGE` px are spread around their middle so each shows;
    a dense series (a click every second for an hour) stays where it happened, overlapping as it did."""
    xs = [scale.x(event.virtual_s) for event in events]
    spread: list[float] = []
    start = 0
    while start < len(xs):
        end = start + 1
        while end < len(xs) and xs[end] - xs[start] < _DODGE:
            end += 1
        group = xs[start:end]
        if len(group) > _MAX_SPREAD:
            spread += group
        else:
            half = (len(group) - 1) / 2 * _DODGE  # keep the spread group inside the axis
            middle = min(max((group[0] + group[-1]) / 2, LEFT + half), WIDTH - RIGHT - half)
            spread += [middle + (k - (len(group) - 1) / 2) * _DODGE for k in range(len(group))]
        start = end
    return spread


def _shape(event: Event, x: float, y: float) -> str:
    """The symbol for an event kind; probe colours say what the app answered."""
    outcome = outcome_class(event.outcome)
    if event.kind == "sign-in":
        return f'<path class="sign-in" d="M{x - 6:.1f},{y + 6} L{x:.1f},{y - 7} L{x + 6:.1f},{y + 6} Z"/>'
    if event.kind == "sign-out":
        return f'<rect class="sign-out" x="{x - 5.5:.1f}" y="{y - 5.5}" width="11" height="11"/>'
    if event.kind == "activity":
        return f'<rect class="activity" x="{x - 1.5:.1f}" y="{y - 8}" width="3" height="16" rx="1"/>'
    if event.kind == "clock":
        return f'<path class="clock" d="M{x - 6:.1f},{y - 6} L{x:.1f},{y} L{x - 6:.1f},{y + 6} Z ' \
               f'M{x:.1f},{y - 6} L{x + 6:.1f},{y} L{x:.1f},{y + 6} Z"/>'
    if event.kind == "replay":
        return f'<path class="{outcome}" d="M{x:.1f},{y - 7} L{x + 7:.1f},{y} L{x:.1f},{y + 7} ' \
               f'L{x - 7:.1f},{y} Z"/>'
    return f'<circle class="{outcome}" cx="{x:.1f}" cy="{y}" r="6"/>'


def _tooltip(event: Event) -> str:
    lines = [
        f"{clock(event.virtual_s)} virtual · {real_time(event.real_s)} real",
        f"{event.kind} · {event.actor} · {event.channel}",
        event.action,
        event.observation,
        f"answer: {event.outcome}" if event.outcome else "",
    ]
    return "\n".join(line for line in lines if line)


def _legend() -> str:
    items = [
        ("sign-in", Event(0, 0, "sign-in", "", "", "")),
        ("activity", Event(0, 0, "activity", "", "", "")),
        ("sign-out", Event(0, 0, "sign-out", "", "", "")),
        ("clock moved", Event(0, 0, "clock", "", "", "")),
        ("probe: signed in", Event(0, 0, "probe", "", "", "", outcome="signed in")),
        ("signed out", Event(0, 0, "probe", "", "", "", outcome="signed out")),
        ("could not tell", Event(0, 0, "probe", "", "", "", outcome="could not tell")),
        ("replayed credential", Event(0, 0, "replay", "", "", "", outcome="signed out")),
    ]
    y = AXIS_Y + 40
    x = float(LEFT)
    parts = [f'<rect class="idle" x="{x:.1f}" y="{y - 6}" width="22" height="12" rx="2"/>'
             f'<text class="legend" x="{x + 28:.1f}" y="{y + 4}">idle</text>']
    x += 28 + 4 * _CHAR + 18
    for words, sample in items:
        parts.append(_shape(sample, x, y))
        parts.append(f'<text class="legend" x="{x + 11:.1f}" y="{y + 4}">{words}</text>')
        x += 11 + len(words) * _CHAR + 18
    return "".join(parts)
