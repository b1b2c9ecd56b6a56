"""What one reference app instance enforces: its timeout policy, its users and which variant it runs."""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Any

from reference_app.variants import VARIANTS, variant_named

__all__ = ["VARIANTS", "AppSettings"]

DEFAULT_USERS: Mapping[str, str] = MappingProxyType({"alice": "correct horse battery staple"})


@dataclass(frozen=True)
class AppSettings:
    """The policy and identity of one app instance; invalid values fail here, not on the first request."""

    idle_timeout: timedelta = timedelta(minutes=15)
    absolute_lifetime: timedelta = timedelta(hours=8)
    access_token_lifetime: timedelta = timedelta(minutes=5)
    warning_lead: timedelta = timedelta(minutes=2)
    variant: str = "correct"
    users: Mapping[str, str] = field(default_factory=lambda: DEFAULT_USERS, repr=False, hash=False)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    clock_secret: str | None = field(default=None, repr=False)  # set: the test clock endpoint is on
    redis_url: str | None = None  # set: sessions live in this Redis (with real TTLs), else in memory

    def __post_init__(self) -> None:
        variant_named(self.variant)
        for name in ("idle_timeout", "absolute_lifetime", "access_token_lifetime"):
            if getattr(self, name) <= timedelta(0):
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if self.warning_lead < timedelta(0):
            raise ValueError(f"warning_lead must not be negative, got {self.warning_lead}")
        if not self.secret_key:
            raise ValueError("secret_key must not be empty")
        # A private copy: a caller mutating its dict later must not change who can sign in.
        object.__setattr__(self, "users", MappingProxyType(dict(self.users)))

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> AppSettings:
        """Settings from LAPSE_APP_* variables (durations in seconds); unset variables keep the defaults."""
        found: dict[str, Any] = {}
        for name in ("idle_timeout", "absolute_lifetime", "access_token_lifetime", "warning_lead"):
            if (raw := environ.get(f"LAPSE_APP_{name.upper()}")) is not None:
                found[name] = _seconds(f"LAPSE_APP_{name.upper()}", raw)
        for name in ("variant", "secret_key", "clock_secret", "redis_url"):
            if (raw := environ.get(f"LAPSE_APP_{name.upper()}")) is not None:
                found[name] = raw
        if (raw := environ.get("LAPSE_APP_USERS")) is not None:
            found["users"] = _users(raw)
        return cls(**found)


def _seconds(variable: str, raw: str) -> timedelta:
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds):
        raise ValueError(f"{variable} must be a number of seconds, got {raw!r}")
    return timedelta(seconds=seconds)


def _users(raw: str) -> dict[str, str]:
    """'alice:pw,bob:pw2' → {'alice': 'pw', 'bob': 'pw2'}; a password may contain ':' but not ','."""
    users: dict[str, str] = {}
    for entry in raw.split(","):
        username, sep, password = entry.strip().partition(":")
        if not (username and sep and password):
            raise ValueError(f"LAPSE_APP_USERS must look like 'alice:pw,bob:pw2', got entry {entry!r}")
        users[username] = password
    return users
