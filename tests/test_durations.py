"""Durations as product owners write them: what parses, what is refused (and how), and the round trip."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support.durations import format_duration, parse_duration
from support.errors import ConfigError

ms, s, m, h, d = (
    timedelta(milliseconds=1),
    timedelta(seconds=1),
    timedelta(minutes=1),
    timedelta(hours=1),
    timedelta(days=1),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 minutes", 16 * m),
        ("1 minute", m),
        ("1 hour 30 minutes", h + 30 * m),
        ("1 hour and 30 minutes", h + 30 * m),
        ("1 hour, 30 minutes", h + 30 * m),
        ("1 hour, and 30 minutes", h + 30 * m),
        ("14 minutes 59 seconds", 14 * m + 59 * s),
        ("90 seconds", 90 * s),
        ("1h30m", h + 30 * m),
        ("1h 30m", h + 30 * m),
        ("15m", 15 * m),
        ("90s", 90 * s),
        ("2 days", 2 * d),
        ("1 day", d),
        ("1 week", 7 * d),
        ("2w", 14 * d),
        ("500 milliseconds", 500 * ms),
        ("500ms", 500 * ms),
        ("1 millisecond", ms),
        ("1.5 hours", h + 30 * m),
        ("0.5 seconds", 500 * ms),
        ("0 seconds", timedelta(0)),
        ("0.000001 seconds", timedelta(microseconds=1)),
        ("  16 Minutes ", 16 * m),
        ("1 HOUR 30 MINUTES", h + 30 * m),
        ("15minutes", 15 * m),
        ("5 sec", 5 * s),
        ("5 secs", 5 * s),
        ("5 min", 5 * m),
        ("5 mins", 5 * m),
        ("2 hr", 2 * h),
        ("2 hrs", 2 * h),
        ("1 week 2 days 3 hours 4 minutes 5 seconds 6 ms", 7 * d + 2 * d + 3 * h + 4 * m + 5 * s + 6 * ms),
        ("007 minutes", 7 * m),
    ],
)
def test_parses(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "16 minuets",
            'invalid duration "16 minuets": unknown unit "minuets"; did you mean "minutes"? known units:',
        ),
        ("15 minuts", 'unknown unit "minuts"; did you mean "minutes"?'),
        ("3 huors", 'unknown unit "huors"; did you mean "hours"?'),
        ("5 fortnights", 'unknown unit "fortnights"; known units: weeks (w), days (d), hours (h/hr/hrs)'),
        ("-5 minutes", 'invalid duration "-5 minutes": it is negative; a duration is zero or more'),
        ("1 hour -30 minutes", "it is negative"),
        ("", 'invalid duration "": it is empty; write a number and a unit, e.g. "15 minutes"'),
        ("   ", "it is empty"),
        ("soon", 'invalid duration "soon": there is no number; write a number and a unit, e.g. "15 minutes"'),
        ("15", 'invalid duration "15": the number 15 has no unit; add one, e.g. "15 minutes" (weeks (w),'),
        ("minutes", 'invalid duration "minutes": "minutes" has no number before it; write e.g. "15 minutes"'),
        ("1.2.3 minutes", '"1.2.3" is not a number; write digits with at most one decimal point'),
        (".5 hours", '".5" is not a number'),
        (
            "15 minutes minutes",
            '"minutes" is repeated without a number; give each unit once, after its number',
        ),
        ("1 hour 1 hour", 'invalid duration "1 hour 1 hour": hours are given twice; give each unit once'),
        ("1h 2 hours", "hours are given twice"),
        ("30 minutes 1 hour", "hours come after minutes; write the largest unit first"),
        ("1e3 seconds", '"1e3" is in scientific notation; write the number in plain digits'),
        ("nan minutes", '"nan" is not a finite number; write digits'),
        ("inf hours", '"inf" is not a finite number'),
        ("15 minutes ago", 'unexpected "ago" after the minutes; a duration is only numbers and units'),
        ("15 min utes", '"min utes" is not a unit; did you mean "minutes"?'),
        ("1 hour and", "it ends with a separator; end with a number and a unit"),
        ("1 hour,, 30 minutes", 'unexpected ","; write a number and a unit'),
        ("and 5 minutes", 'unexpected "and" before the first number; start with a number'),
        ("1 , 30 minutes", "the number 1 has no unit"),
        ("0.0000001 seconds", "0.0000001 seconds is finer than a microsecond"),
        ("9999999999 weeks", "it is too long; the longest duration is 999999999 days"),
    ],
)
def test_refuses_with_a_message_that_names_the_text_and_the_fix(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_duration(text)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f'invalid duration "{text}": ')
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        (15 * m, "15 minutes"),
        (90 * s, "1 minute 30 seconds"),
        (h + 30 * m, "1 hour 30 minutes"),
        (s, "1 second"),
        (timedelta(0), "0 seconds"),
        (500 * ms, "0.5 seconds"),
        (2 * d, "2 days"),
        (d, "1 day"),
        (14 * d, "14 days"),
        (8 * h, "8 hours"),
        (d + s, "1 day 1 second"),
        (m + 30 * s + 250 * ms, "1 minute 30.25 seconds"),
        (timedelta(microseconds=1), "0.000001 seconds"),
    ],
)
def test_formats_in_plain_words(duration: timedelta, words: str) -> None:
    assert format_duration(duration) == words


def test_format_refuses_a_negative_duration() -> None:
    with pytest.raises(ConfigError, match="cannot write minus 5 seconds as a duration"):
        format_duration(-5 * s)


def test_round_trip_for_whole_milliseconds() -> None:
    """format then parse gives back the same value across every unit boundary and odd mixes."""
    samples = [timedelta(0), ms, 999 * ms, s, 59 * s, m, 59 * m + 59 * s + 999 * ms, h, d - ms, d, 7 * d]
    samples += [timedelta(milliseconds=n) for n in range(0, 100_000_000, 7_654_321)]
    samples += [
        timedelta(days=k, hours=k % 24, minutes=k % 60, milliseconds=k * 37) for k in range(1, 400, 13)
    ]
    for duration in samples:
        assert parse_duration(format_duration(duration)) == duration, format_duration(duration)
