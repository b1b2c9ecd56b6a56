"""Times and policies written for a reader, not a parser: "0:16:00", "1 h 30 min", one policy sentence."""

from __future__ import annotations

from collections.abc import Mapping

from support.errors import ConfigError
from support.policy import SessionPolicy

__all__ = ["clock", "policy_sentence", "real_time", "short"]

_PARTS = ((86_400, "d"), (3_600, "h"), (60, "min"), (1, "s"))


def policy_sentence(policy: Mapping[str, str]) -> str:
    """The policy as one sentence; a policy Lapse cannot read is still shown, setting by setting."""
    if not policy:
        return "No session policy was stated."
    try:
        return SessionPolicy.from_rows(policy.items()).sentence()
    except ConfigError:
        return "; ".join(f"{key}: {value}" for key, value in policy.items()) + "."


def clock(seconds: float) -> str:
    """A point in virtual time as a stopwatch reads it: "0:16:00", "1 d 02:00:00", "0:14:59.5"."""
    whole = int(seconds)
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}"
    tenths = round((seconds - whole) * 10)
    if 0 < tenths < 10:
        text += f".{tenths}"
    return f"{days} d {hours:02d}:{minutes:02d}:{secs:02d}" if days else text


def real_time(seconds: float) -> str:
    """Wall-clock time since the scenario started: "0.42 s", or a stopwatch reading past a minute."""
    return f"{seconds:.2f} s" if seconds < 60 else clock(seconds)


def short(seconds: float) -> str:
    """A span in the fewest words for an axis or a bar label: "16 min", "1 h 30 min", "45 s"."""
    whole = round(seconds)
    if whole == 0:
        return "0" if seconds == 0 else f"{seconds:.1f} s"
    parts = []
    for size, unit in _PARTS:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count} {unit}")
    return " ".join(parts[:2])
