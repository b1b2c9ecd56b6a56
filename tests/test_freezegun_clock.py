"""The freezegun clock moves the in-process app's time while selenium and requests keep real time."""

from __future__ import annotations

from datetime import timedelta

import requests

from support.app_server import RunningApp
from support.channels.api import ApiChannel
from support.channels.browser import Browser
from support.channels.probe import Answer
from support.clock import TimeController
from support.clock.freezegun_clock import FreezegunClock
from support.evidence.timeline import Timeline
from support.target import Target


def test_advance_expires_the_session_in_well_under_a_second(app: RunningApp, target: Target) -> None:
    clock = TimeController([FreezegunClock()])
    try:
        channel = ApiChannel(target, app.base_url, "alice", Timeline(clock))
        channel.sign_in("alice", "correct horse battery staple")
        clock.advance(timedelta(minutes=14))
        assert channel.probe().answer is Answer.SIGNED_IN
        clock.advance(timedelta(minutes=16))
        assert channel.probe().answer is Answer.SIGNED_OUT
        assert clock.elapsed() >= timedelta(minutes=30)
    finally:
        clock.close()


def test_real_time_waits_still_work_under_freezegun(app: RunningApp, browser: Browser) -> None:
    clock = TimeController([FreezegunClock()])
    try:
        clock.advance(timedelta(hours=3))
        assert requests.get(app.base_url + "/healthz", timeout=2).status_code == 200
        browser.driver.get(app.base_url + "/login")
        assert "Sign in" in browser.driver.title  # selenium's waits did not hang on frozen time
    finally:
        clock.close()
