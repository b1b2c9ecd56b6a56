"""What an open page does on its own while the user is away: a background poll (notifications, a badge
count). A correct app does not count it as activity, so an unattended open tab still idles out.

The poll carries the user's session cookies, as the page's `fetch` does; the user makes no request. When
the poll is answered "signed out" the page would leave for the sign-in page, so polling stops there and
the rest of the time passes with nothing happening.
"""

from __future__ import annotations

from datetime import timedelta

from support.channels.json_api import JsonClient
from support.channels.probe import Answer, ProbeResult
from support.durations import format_duration
from support.errors import ConfigError
from support.users import User


def poll_every(user: User, path: str, interval: timedelta, total: timedelta) -> list[ProbeResult]:
    """Let `total` pass, with the user's open page requesting `path` once per `interval`."""
    if interval <= timedelta(0) or interval > total:
        raise ConfigError(f"a poll every {format_duration(interval)} for {format_duration(total)} does not "
                          f"fit: the interval must be positive and no longer than the total")
    page = JsonClient(user.target, user.base_url, f"{user.name}'s open page", user.timeline)
    page.name = "background"
    page.adopt_cookies(user.channel.session_cookies())
    user.timeline.record("note", user.name, "clock",
                         f"leaves the page open: it polls {path} every {format_duration(interval)}")
    results: list[ProbeResult] = []
    passed = timedelta(0)
    while passed + interval <= total:
        user.clock.advance(interval)
        passed += interval
        result, _ = page.call("GET", path, kind="note", action="background poll")
        results.append(result)
        if result.answer is Answer.SIGNED_OUT:
            break
    if passed < total:
        user.clock.advance(total - passed)
    user.timeline.record("clock", "clock", user.clock.mode, f"{format_duration(total)} later")
    return results
