"""Durations in plain words: "16 minutes", "1 hour 30 minutes", "1h30m" ⇄ `timedelta`.

Product owners write durations in Gherkin, so the parser is strict and its errors teach: a typo such as
"16 minuets" must fail loudly (with a suggestion), never silently mean something else. `format_duration`
is the inverse used in reports, so what an auditor reads parses back to the same value.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from support.errors import ConfigError

__all__ = ["format_duration", "parse_duration"]


@dataclass(frozen=True)
class _Unit:
    name: str  # plural, as written in reports and suggestions
    microseconds: int
    aliases: tuple[str, ...]


# Largest first: the order in which parts must be written, and the rank used to check it.
_UNITS = (
    _Unit("weeks", 7 * 86_400_000_000, ("w", "week", "weeks")),
    _Unit("days", 86_400_000_000, ("d", "day", "days")),
    _Unit("hours", 3_600_000_000, ("h", "hr", "hrs", "hour", "hours")),
    _Unit("minutes", 60_000_000, ("m", "min", "mins", "minute", "minutes")),
    _Unit("seconds", 1_000_000, ("s", "sec", "secs", "second", "seconds")),
    _Unit("milliseconds", 1_000, ("ms", "millisecond", "milliseconds")),
)
_BY_ALIAS = {alias: unit for unit in _UNITS for alias in unit.aliases}
_RANK = {unit.name: rank for rank, unit in enumerate(_UNITS)}
_KNOWN = ", ".join(f"{u.name} ({'/'.join(a for a in u.aliases if len(a) < len(u.name) - 1)})" for u in _UNITS)
_EXAMPLE = 'e.g. "15 minutes" or "1 hour 30 minutes"'

# Numbers are scanned greedily (digits, dots, an exponent) so that "1.2.3" and "1e3" are reported whole.
_TOKEN = re.compile(r"(?P<num>[0-9.]+(?:e[-+]?[0-9]+)?)|(?P<word>[a-z]+)|(?P<space>\s+)|(?P<other>.)")
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def parse_duration(text: str) -> timedelta:
    """Read a duration such as "1 hour 30 minutes", "90s" or "1.5 hours".

    Parts are a number and a unit, largest unit first, each unit once, optionally separated by "," or
    "and". Raises `ConfigError` naming the text and what would be accepted.
    """
    tokens = [
        (kind, value)
        for match in _TOKEN.finditer(text.strip().lower())
        for kind, value in match.groupdict().items()
        if value is not None and kind != "space"
    ]
    if not tokens:
        raise _error(text, f"it is empty; write a number and a unit, {_EXAMPLE}")
    total = 0
    seen: list[str] = []
    pos = 0
    while True:
        number, pos = _expect_number(text, tokens, pos, seen)
        unit, pos = _expect_unit(text, tokens, pos, number)
        if unit.name in seen:
            raise _error(text, f"{unit.name} are given twice; give each unit once, adding them up")
        if seen and _RANK[unit.name] < _RANK[seen[-1]]:
            raise _error(text, f"{unit.name} come after {seen[-1]}; write the largest unit first")
        seen.append(unit.name)
        total += _microseconds(text, number, unit)
        if pos == len(tokens):
            break
        pos = _skip_separator(text, tokens, pos)
    try:
        return timedelta(microseconds=total)
    except OverflowError:
        raise _error(text, "it is too long; the longest duration is 999999999 days") from None


def format_duration(duration: timedelta) -> str:
    """Write a duration in plain words ("1 minute 30 seconds") that `parse_duration` reads back exactly.

    Days are the largest unit (reports read "14 days", not "2 weeks"); fractions of a second are decimals
    ("0.5 seconds"). Raises `ConfigError` for a negative duration, which no policy can hold.
    """
    if duration < timedelta(0):
        raise ConfigError(
            f"cannot write minus {format_duration(-duration)} as a duration; durations are zero or more"
        )
    minutes, seconds = divmod(duration.seconds, 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        _plural(n, name) for n, name in ((duration.days, "day"), (hours, "hour"), (minutes, "minute")) if n
    ]
    if duration.microseconds:
        parts.append(f"{seconds}.{duration.microseconds:06d}".rstrip("0") + " seconds")
    elif seconds or not parts:
        parts.append(_plural(seconds, "second"))
    return " ".join(parts)


def _expect_number(
    text: str, tokens: list[tuple[str, str]], pos: int, seen: list[str]
) -> tuple[Decimal, int]:
    """The number that starts a part, or the most useful error about what stands there instead."""
    if pos == len(tokens):
        raise _error(text, f"it ends with a separator; end with a number and a unit, {_EXAMPLE}")
    kind, value = tokens[pos]
    if kind == "num":
        if "e" in value:
            raise _error(text, f'"{value}" is in scientific notation; write the number in plain digits')
        if not _PLAIN_NUMBER.fullmatch(value):
            raise _error(text, f'"{value}" is not a number; write digits with at most one decimal point')
        return Decimal(value), pos + 1
    if value == "-":
        raise _error(text, "it is negative; a duration is zero or more")
    if value in ("nan", "inf", "infinity"):
        raise _error(text, f'"{value}" is not a finite number; write digits, {_EXAMPLE}')
    if value in _BY_ALIAS:
        name = _BY_ALIAS[value].name
        if name in seen:
            raise _error(
                text, f'"{value}" is repeated without a number; give each unit once, after its number'
            )
        raise _error(text, f'"{value}" has no number before it; write e.g. "15 {name}"')
    if kind == "word" and seen:
        previous = tokens[pos - 1][1]
        joined = _BY_ALIAS.get(previous + value)
        if joined is not None:
            raise _error(text, f'"{previous} {value}" is not a unit; did you mean "{joined.name}"?')
        raise _error(text, f'unexpected "{value}" after the {seen[-1]}; a duration is only numbers and units')
    if kind == "word" and any(k == "num" for k, _ in tokens):
        raise _error(text, f'unexpected "{value}" before the first number; start with a number, {_EXAMPLE}')
    if kind == "word":
        raise _error(text, f"there is no number; write a number and a unit, {_EXAMPLE}")
    raise _error(text, f'unexpected "{value}"; write a number and a unit, {_EXAMPLE}')


def _expect_unit(text: str, tokens: list[tuple[str, str]], pos: int, number: Decimal) -> tuple[_Unit, int]:
    """The unit that follows a number; unknown words get a "did you mean" from the known units."""
    kind, value = tokens[pos] if pos < len(tokens) else ("end", "")
    if kind != "word":
        raise _error(
            text, f'the number {number:f} has no unit; add one, e.g. "{number:f} minutes" ({_KNOWN})'
        )
    unit = _BY_ALIAS.get(value)
    if unit is None:
        close = difflib.get_close_matches(value, list(_BY_ALIAS), n=1, cutoff=0.75)
        hint = f'did you mean "{_BY_ALIAS[close[0]].name}"? ' if close else ""
        raise _error(text, f'unknown unit "{value}"; {hint}known units: {_KNOWN}')
    return unit, pos + 1


def _skip_separator(text: str, tokens: list[tuple[str, str]], pos: int) -> int:
    """Skip an optional "," and/or "and" between two parts."""
    if tokens[pos][1] == ",":
        pos += 1
    if pos < len(tokens) and tokens[pos][1] == "and":
        pos += 1
    return pos


def _microseconds(text: str, number: Decimal, unit: _Unit) -> int:
    """Exact arithmetic: "1.5 hours" is 5400 s; a part finer than a microsecond is refused, not rounded."""
    exact = number * unit.microseconds
    if exact != exact.to_integral_value():
        raise _error(
            text, f"{number:f} {unit.name} is finer than a microsecond, the smallest step Lapse keeps"
        )
    return int(exact)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _error(text: str, problem: str) -> ConfigError:
    return ConfigError(f'invalid duration "{text}": {problem}')
