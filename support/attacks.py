"""What a hostile client does with what it holds: change the session expiry it was given (OWASP
WSTG-SESS-07), or plant a session id in a victim's client before they sign in (session fixation,
WSTG-SESS-03). Both act on the HTTP client's cookie jar; the verdict is always the server's answer.
"""

from __future__ import annotations

import math
import secrets
from datetime import timedelta
from http.cookiejar import Cookie

from support.channels.api import ApiChannel
from support.durations import format_duration
from support.errors import ConfigError, LapseError
from support.evidence.redact import redact
from support.users import User

# A cookie value that reads as a unix time between 2001 and 2286 is taken for an expiry claim.
_UNIX_TIME_RANGE = (1e9, 1e10)


def _jar_of(user: User, what: str) -> ApiChannel:
    channel = user.channel
    if not isinstance(channel, ApiChannel) or channel.name != "api":
        raise ConfigError(f"{what} works on the HTTP client's cookies: sign the user in over the API "
                          f"(not {channel.name})")
    return channel


def expiry_cookies(channel: ApiChannel) -> list[Cookie]:
    """The cookies a script can read (not HttpOnly) whose value is a unix time: the client's view of
    when its session ends, which the server must never take as the truth."""
    found = []
    for cookie in channel.http.cookies:
        if cookie.name in channel.target.session_cookies or cookie.has_nonstandard_attr("HttpOnly"):
            continue
        try:
            value = float(cookie.value or "")
        except ValueError:
            continue
        if math.isfinite(value) and _UNIX_TIME_RANGE[0] <= value <= _UNIX_TIME_RANGE[1]:
            found.append(cookie)
    return found


def move_expiry(user: User, later: timedelta) -> list[str]:
    """Move every expiry the client was given `later`; the names of the cookies changed."""
    channel = _jar_of(user, "changing the session expiry")
    cookies = expiry_cookies(channel)
    if not cookies:
        raise LapseError(f"the app gave {user.name} no readable cookie holding an expiry time (a unix time), "
                         f"so there is nothing to tamper with: this check does not apply to target "
                         f"{user.target.name}")
    for cookie in cookies:
        old = float(cookie.value or "")
        new = old + later.total_seconds()
        text = str(int(new)) if old.is_integer() and new.is_integer() else str(new)
        channel.http.cookies.set(cookie.name, text, domain=cookie.domain, path=cookie.path)
    names = [c.name for c in cookies]
    user.timeline.record("note", user.name, channel.name,
                         f"change the expiry cookie{'s' if len(names) > 1 else ''} {', '.join(names)}: "
                         f"{format_duration(later)} later than the server said")
    return names


def plant_session_id(user: User) -> dict[str, str]:
    """Set a session cookie the attacker chose (and so knows) in the user's client, before sign-in."""
    channel = _jar_of(user, "planting a session id")
    planted = {user.target.session_cookies[0]: "lapse-planted-" + secrets.token_urlsafe(24)}
    redact.register(*planted.values())
    channel.adopt_cookies(planted)
    user.timeline.record("note", "attacker", channel.name,
                         f"plant a session id ({', '.join(planted)}) in {user.name}'s client before sign-in")
    return planted
