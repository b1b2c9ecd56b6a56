"""A User: a person with credentials, reaching the app through one channel, on the scenario's clock.

Steps speak about users ("a user idle for 16 minutes"); this is where that becomes sign-ins, clock moves and
probes, each one written to the timeline.
"""

from __future__ import annotations

from datetime import timedelta

from support.channels.api import ApiChannel
from support.channels.browser import BrowserChannel
from support.channels.channel import Channel
from support.channels.probe import ProbeResult
from support.clock import TimeController
from support.durations import format_duration
from support.errors import ConfigError, LapseError
from support.evidence.timeline import Timeline
from support.target import Target


class User:
    def __init__(self, name: str, channel: Channel, clock: TimeController, timeline: Timeline,
                 target: Target, base_url: str) -> None:
        self.name = name
        self.channel = channel
        self.clock = clock
        self.timeline = timeline
        self.target = target
        self.base_url = base_url
        self.signed_in_cookies: dict[str, str] = {}
        self.last_cookies: dict[str, str] = {}

    @property
    def browser(self) -> BrowserChannel:
        if not isinstance(self.channel, BrowserChannel):
            raise ConfigError(f"{self.name} is using the {self.channel.name} channel; this step needs the "
                              f'browser: sign in "through the browser" or tag the scenario @browser')
        return self.channel

    def sign_in(self) -> None:
        username, password = self.target.credentials.resolve()
        self.channel.sign_in(username, password)
        self.signed_in_cookies = self.channel.session_cookies()
        self.last_cookies = dict(self.signed_in_cookies)

    def idle(self, duration: timedelta) -> None:
        """Nothing happens for `duration`: every clock moves, no request is made."""
        self.timeline.record("idle", self.name, "clock", f"idle for {format_duration(duration)}")
        self.clock.advance(duration)
        self.timeline.record("clock", "clock", self.clock.mode, f"{format_duration(duration)} later")

    def work_every(self, interval: timedelta, total: timedelta) -> list[ProbeResult]:
        """Act once per `interval` until `total` has passed: the clock moves between acts."""
        if interval <= timedelta(0) or interval > total:
            raise ConfigError(f"activity every {format_duration(interval)} for {format_duration(total)} "
                              f"does not fit: the interval must be positive and no longer than the total")
        results, passed = [], timedelta(0)
        while passed + interval <= total:
            self.clock.advance(interval)
            passed += interval
            results.append(self.channel.act())
            self._keep_cookies()
        return results

    def work_in_tab(self, tab: int, interval: timedelta, total: timedelta) -> list[ProbeResult]:
        """Work in browser tab `tab` (1 is the first) once per `interval` until `total` has passed."""
        self.browser.use_tab(tab)
        return self.work_every(interval, total)

    def in_tab(self, tab: int, action: str) -> ProbeResult:
        """What browser tab `tab` shows now, without navigating it (it stays the current tab)."""
        self.browser.use_tab(tab)
        return self.browser.look(f"{action} in tab {tab}")

    def replay_current_cookies(self) -> ProbeResult:
        """Replay the session cookie the user holds now (the last one, if the page has dropped it) from a fresh
        client: does the server itself still honour the session?"""
        self._keep_cookies()
        return self.replay_cookies(self.last_cookies, "the session cookie the user holds")

    def act(self) -> ProbeResult:
        result = self.channel.act()
        self._keep_cookies()
        return result

    def probe(self) -> ProbeResult:
        return self.channel.probe()

    def sign_out(self) -> None:
        self.last_cookies = self.channel.session_cookies() or self.last_cookies
        self.channel.sign_out()

    def replay_cookies(self, cookies: dict[str, str], what: str) -> ProbeResult:
        """Send an old session cookie from a fresh client with nothing else: is it still honoured?"""
        if not cookies:
            raise LapseError(f"{self.name} holds no session cookie named "
                             f"{', '.join(self.target.session_cookies)} to replay; check [session] in "
                             f"{self.target.file}")
        fresh = ApiChannel(self.target, self.base_url, f"{self.name} (replay)", self.timeline)
        fresh.adopt_cookies(cookies)
        return fresh.probe(kind="replay", action=f"replay {what}")

    def _keep_cookies(self) -> None:
        """Follow cookie rotation, so "the old cookie" means the last one the user was given."""
        if current := self.channel.session_cookies():
            self.last_cookies = current
