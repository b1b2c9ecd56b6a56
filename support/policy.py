"""The session policy under test: what a feature (or a target file) says about how sessions end.

A policy is checked when it is built, so a contradiction in the written rules (an idle timeout longer than
the absolute lifetime) is reported as bad input before any clock moves, never as a failing application.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from support.durations import format_duration, parse_duration
from support.errors import ConfigError

__all__ = ["SessionPolicy"]

# The words a feature may use for each field; the first is the name shown in reports and errors.
_KEYS: dict[str, tuple[str, ...]] = {
    "idle_timeout": ("idle timeout", "inactivity timeout", "idle"),
    "absolute_lifetime": ("absolute lifetime", "absolute timeout", "maximum lifetime", "session lifetime"),
    "grace": ("grace",),
    "warning_lead": ("warning lead", "warning", "warning before sign-out"),
    "access_token_lifetime": ("access token lifetime",),
    "refresh_token_lifetime": ("refresh token lifetime",),
}
_FIELD_BY_KEY = {key: name for name, keys in _KEYS.items() for key in keys}
_LABEL = {name: keys[0] for name, keys in _KEYS.items()}
_ZERO = timedelta(0)

# The contradictions `validate` refuses: (shorter, longer, may they be equal, why the reverse is impossible).
_ORDER_RULES = (
    (
        "idle_timeout",
        "absolute_lifetime",
        True,
        "an idle session can never outlive the absolute cap — "
        "shorten the idle timeout or lengthen the lifetime",
    ),
    (
        "grace",
        "idle_timeout",
        False,
        "a boundary checked that loosely proves nothing — make the grace smaller",
    ),
    (
        "grace",
        "absolute_lifetime",
        False,
        "a boundary checked that loosely proves nothing — make the grace smaller",
    ),
    (
        "warning_lead",
        "idle_timeout",
        False,
        "the warning would show before the user has been idle at all — shorten the warning lead",
    ),
    (
        "access_token_lifetime",
        "refresh_token_lifetime",
        True,
        "a refresh token must outlive the access tokens it renews — "
        "shorten the access token lifetime or lengthen the refresh token lifetime",
    ),
)


@dataclass(frozen=True)
class SessionPolicy:
    """When sessions must end. `None` means the policy says nothing about that limit.

    `grace` is the slack allowed when checking a boundary (clocks and round trips are never exact);
    `warning_lead` is how long before the idle sign-out the client warns the user.
    """

    idle_timeout: timedelta | None = None
    absolute_lifetime: timedelta | None = None
    grace: timedelta = _ZERO
    warning_lead: timedelta | None = None
    access_token_lifetime: timedelta | None = None
    refresh_token_lifetime: timedelta | None = None

    def __post_init__(self) -> None:
        self.validate()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> SessionPolicy:
        """Build a policy from a two-column Gherkin table such as `| idle timeout | 15 minutes |`.

        Keys are case-insensitive and may use the aliases in `_KEYS`; each setting may appear once.
        """
        values: dict[str, timedelta] = {}
        row_of: dict[str, tuple[int, str]] = {}
        for number, (key, value) in enumerate(rows, start=1):
            name = _field_for(key, number)
            if name in row_of:
                first, first_key = row_of[name]
                raise ConfigError(
                    f'policy row {number} ("{key.strip()}") repeats the {_LABEL[name]} already given in '
                    f'row {first} ("{first_key}"); keep one of the two rows'
                )
            row_of[name] = (number, key.strip())
            try:
                values[name] = parse_duration(value)
            except ConfigError as err:
                raise ConfigError(f'policy row {number} ("{key.strip()}"): {err}') from err
        return cls(**values)

    def validate(self) -> None:
        """Raise `ConfigError` if the policy is impossible or contradicts itself."""
        for name in _KEYS:
            value: timedelta | None = getattr(self, name)
            if value is not None and value < _ZERO:
                raise ConfigError(
                    f"the {_LABEL[name]} is negative (minus {format_duration(-value)}); "
                    "give zero or a positive duration"
                )
            if value == _ZERO and name != "grace":
                raise ConfigError(
                    f"the {_LABEL[name]} is 0 seconds, which no session can honour; "
                    "give a positive duration, or leave the setting out if the policy has none"
                )
        for shorter, longer, may_equal, why in _ORDER_RULES:
            self._require(shorter, longer, may_equal=may_equal, why=why)

    def _require(self, shorter: str, longer: str, *, may_equal: bool, why: str) -> None:
        """Raise a contradiction unless `shorter` is below (or, if `may_equal`, at most) `longer`."""
        small: timedelta | None = getattr(self, shorter)
        large: timedelta | None = getattr(self, longer)
        if small is None or large is None or small < large or (small == large and may_equal):
            return
        relation = "is longer than" if small > large else "is as long as"
        raise ConfigError(
            f"contradictory policy: the {_LABEL[shorter]} ({format_duration(small)}) {relation} the "
            f"{_LABEL[longer]} ({format_duration(large)}); {why}"
        )

    def merged_over(self, base: SessionPolicy) -> SessionPolicy:
        """This policy (the feature's) field by field over `base` (the target's): settings left out come
        from `base`. A grace of zero counts as left out, since zero is also the default."""
        changes = {name: getattr(self, name) for name in _KEYS if getattr(self, name) not in (None, _ZERO)}
        return dataclasses.replace(base, **changes)

    def scaled(self, factor: float) -> SessionPolicy:
        """Every duration divided by `factor`: with 60, a 15-minute policy runs in 15 real seconds."""
        if not (isinstance(factor, int | float) and math.isfinite(factor) and factor > 0):
            raise ConfigError(f"invalid time scale factor {factor!r}: use a finite number above 0, e.g. 60")
        changes = {name: getattr(self, name) / factor for name in _KEYS if getattr(self, name) is not None}
        return dataclasses.replace(self, **changes)

    def with_changes(self, **changes: timedelta | None) -> SessionPolicy:
        """A copy with some settings replaced, checked again."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> dict[str, str]:
        """The settings in plain words, in a fixed order, for reports: {"idle timeout": "15 minutes"}."""
        return {
            _LABEL[name]: format_duration(value)
            for name in _KEYS
            if (value := getattr(self, name)) is not None and not (name == "grace" and value == _ZERO)
        }

    def sentence(self) -> str:
        """The policy as one sentence an auditor can read without knowing Gherkin."""
        words = self.describe()
        idle, absolute = words.get("idle timeout"), words.get("absolute lifetime")
        if idle and absolute:
            core = f"A session ends after {idle} without activity, and {absolute} after sign-in"
            core += " whatever the activity"
        elif idle:
            core = f"A session ends after {idle} without activity"
        elif absolute:
            core = f"A session ends {absolute} after sign-in whatever the activity"
        else:
            core = "A session has no idle timeout and no absolute lifetime"
        extras = [
            template.format(words[label])
            for label, template in (
                ("warning lead", "the user is warned {} before an idle sign-out"),
                ("access token lifetime", "access tokens last {}"),
                ("refresh token lifetime", "refresh tokens last {}"),
                ("grace", "boundaries are checked to within {}"),
            )
            if label in words
        ]
        return "; ".join([core, *extras]) + "."


def _field_for(key: str, row: int) -> str:
    """The field a table key names, or an error listing the accepted keys (with a suggestion)."""
    normal = " ".join(key.lower().split())
    if normal in _FIELD_BY_KEY:
        return _FIELD_BY_KEY[normal]
    close = difflib.get_close_matches(normal, list(_FIELD_BY_KEY), n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    accepted = ", ".join(f'"{key}"' for key in _FIELD_BY_KEY)
    raise ConfigError(f'policy row {row}: unknown setting "{key.strip()}"; {hint}accepted: {accepted}')
