"""The reference app's deliberately broken variants, as one flags object per variant.

Each variant differs from the correct app in exactly one flag, so every planted bug is a single, named
decision the code reads (`variant.slides_on_activity`), never an `if name == ...` in a view. Lapse runs
its feature library against each variant to prove its checks can fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Variant:
    """How one variant behaves; the defaults are the correct app."""

    name: str
    bug: str
    expires_sessions: bool = True
    slides_on_activity: bool = True
    caps_absolute_lifetime: bool = True
    idle_grace_seconds: float = 0.0
    logout_ends_server_session: bool = True
    caches_dashboard: bool = False
    poll_counts_as_activity: bool = False
    trusts_client_expiry: bool = False
    refresh_checks_idle: bool = True
    rejects_backward_clock: bool = True
    renews_store_ttl: bool = True
    store_ttl_is_relative: bool = True
    rotates_session_at_sign_in: bool = True
    spends_refresh_tokens: bool = True
    expires_access_tokens: bool = True
    access_tokens_die_with_session: bool = True
    stay_signed_in_reaches_server: bool = True  # the page's "Stay signed in" button
    tabs_share_idle_time: bool = True  # the page asks the server and tells other tabs before signing out
    client_counts_down: bool = True  # the page counts down stated durations, never reads server timestamps


CORRECT = Variant("correct", "no planted bug: the behaviour every check must accept")

_BROKEN = (
    Variant("server_never_expires", "the server never expires sessions on idle or absolute lifetime",
            expires_sessions=False),
    Variant("no_sliding", "idle expiry counts from sign-in; activity does not renew the session",
            slides_on_activity=False),
    Variant("no_absolute_cap", "no absolute lifetime: activity keeps a session alive forever",
            caps_absolute_lifetime=False),
    Variant("lenient_boundary", "sessions expire one minute after the idle timeout (off by one minute)",
            idle_grace_seconds=60.0),
    Variant("logout_keeps_server_session", "sign-out clears the cookies but the server session stays valid",
            logout_ends_server_session=False),
    Variant("logout_page_cached", "the dashboard is cacheable, so Back after sign-out shows it again",
            caches_dashboard=True),
    Variant("polling_keeps_alive", "the background notifications poll counts as user activity",
            poll_counts_as_activity=True),
    Variant("tamperable_expiry", "the server trusts the client's session_expires cookie as the idle expiry",
            trusts_client_expiry=True),
    Variant("refresh_after_expiry", "the refresh endpoint issues tokens after the token session idled out",
            refresh_checks_idle=False),
    Variant("clock_jump_extends_session", "a backward wall-clock step gives idle sessions extra life",
            rejects_backward_clock=False),
    Variant("store_ttl_not_renewed", "the Redis session store sets the TTL at sign-in and never renews it",
            renews_store_ttl=False),
    Variant("store_expiry_from_app_clock",
            "the Redis session store expires sessions at an absolute time read from the app server's clock",
            store_ttl_is_relative=False),
    Variant("session_not_rotated_at_sign_in",
            "sign-in keeps a session id the client already held (session fixation)",
            rotates_session_at_sign_in=False),
    Variant("refresh_token_reusable", "a refresh token stays valid after use (no refresh token rotation)",
            spends_refresh_tokens=False),
    Variant("access_token_expiry_ignored", "bearer access tokens are accepted after their lifetime",
            expires_access_tokens=False),
    Variant("access_token_survives_revoke",
            "revoking the token session leaves its access tokens valid until they expire",
            access_tokens_die_with_session=False),
    Variant("stay_signed_in_is_cosmetic",
            "the idle warning's \"Stay signed in\" restarts the page's timer but never extends the server session",
            stay_signed_in_reaches_server=False),
    Variant("tabs_not_shared", "each tab keeps its own idle time: an idle tab signs out while the user works in "
            "another", tabs_share_idle_time=False),
    Variant("client_trusts_its_clock", "the page times its idle warning from the server's expiry timestamp read "
            "on the browser's clock", client_counts_down=False),
)

BY_NAME: Mapping[str, Variant] = MappingProxyType({v.name: v for v in (CORRECT, *_BROKEN)})

VARIANTS: Mapping[str, str] = MappingProxyType({v.name: v.bug for v in _BROKEN})
"""Every broken variant's name → the one bug it plants (`correct` is not in it: it plants none)."""

REDIS_ONLY: frozenset[str] = frozenset({"store_ttl_not_renewed", "store_expiry_from_app_clock"})
"""Variants whose bug lives in the Redis session store: with the in-memory store they plant nothing, so they
are proven on the reference-redis target (tests/test_redis_store.py), not in process."""

CLIENT_SIDE: frozenset[str] = frozenset({"stay_signed_in_is_cosmetic", "tabs_not_shared", "client_trusts_its_clock"})
"""Variants whose bug lives in the dashboard's script: the server behaves correctly, so they are proven in a real
browser on virtual time (tests/test_client_warning.py), not over HTTP."""


def variant_named(name: str) -> Variant:
    """The variant called `name`; a one-line ValueError listing the valid names otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown reference app variant {name!r}; valid: {', '.join(BY_NAME)}") from None
