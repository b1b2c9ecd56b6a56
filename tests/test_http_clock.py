"""The http backend against the reference app in its own process (gunicorn, real clock): the test clock
endpoint is off unless configured, refuses requests without the shared secret, and moves the app's single
time source; a target using it catches the clock-jump bug."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from support.channels.api import ApiChannel
from support.channels.probe import Answer
from support.clock import TimeController
from support.clock.http_clock import DEFAULT_PATH, SECRET_HEADER, HttpClock
from support.errors import ConfigError
from support.evidence.timeline import Timeline
from support.launch import Launched, LaunchSpec
from support.target import load_target
from tests.lapse_process_helpers import CLOCK_FEATURES, behave_statuses, edited_target, launched

SECRET = "s3cret-for-tests"
GUNICORN = ("{python}", "-m", "gunicorn", "--bind", "127.0.0.1:{port}", "--workers", "1", "--threads", "4",
            "--keep-alive", "0", "--log-level", "warning", "reference_app.wsgi:app")


def app_spec(**env: str) -> LaunchSpec:
    return LaunchSpec(name="app server", command=GUNICORN, where="test", ready_path="/healthz", env=env)


@pytest.fixture(scope="module")
def app() -> Iterator[Launched]:
    with launched(app_spec(LAPSE_APP_CLOCK_SECRET=SECRET)) as process:
        yield process


def test_the_endpoint_refuses_requests_without_the_secret(app: Launched) -> None:
    url = app.base_url + DEFAULT_PATH
    for headers in ({}, {SECRET_HEADER: "wrong"}):
        reply = requests.put(url, json={"offset": 3600}, headers=headers, timeout=5)
        assert reply.status_code == 403
    assert requests.get(url, headers={SECRET_HEADER: SECRET}, timeout=5).json()["offset"] == 0
    for bad in ({"offset": "1h"}, {"offset": float("inf")}, {"offset": 1e12}, ["offset", 1]):
        reply = requests.put(url, data=json.dumps(bad), headers={SECRET_HEADER: SECRET,
                                                                   "Content-Type": "application/json"}, timeout=5)
        assert reply.status_code == 400, bad
    with pytest.raises(ConfigError, match=r"refused the secret \(HTTP 403\)"):
        HttpClock(app.base_url, "wrong")


def test_the_endpoint_is_off_unless_a_secret_is_configured() -> None:
    with launched(app_spec()) as plain:
        assert requests.put(plain.base_url + DEFAULT_PATH, json={"offset": 1}, headers={SECRET_HEADER: ""},
                            timeout=5).status_code == 404
        with pytest.raises(ConfigError, match=r"has no test clock at .* \(HTTP 404\)"):
            HttpClock(plain.base_url, SECRET)


def test_moving_the_app_clock_expires_the_session_and_close_resets_it(app: Launched) -> None:
    clock = HttpClock(app.base_url, SECRET)
    controller = TimeController([clock])
    target = load_target("reference-process")
    channel = ApiChannel(target, app.base_url, "alice", Timeline(controller))
    channel.sign_in("alice", "correct horse battery staple")
    controller.advance(timedelta(minutes=14))
    assert channel.probe().answer is Answer.SIGNED_IN
    controller.advance(timedelta(minutes=16))
    assert channel.probe().answer is Answer.SIGNED_OUT
    now = requests.get(app.base_url + DEFAULT_PATH, headers={SECRET_HEADER: SECRET}, timeout=5).json()
    assert now["offset"] == 30 * 60 and now["now"] > time.time() + 29 * 60
    controller.close()
    assert requests.get(app.base_url + DEFAULT_PATH, headers={SECRET_HEADER: SECRET}, timeout=5).json()["offset"] == 0

HTTP_CHANGES = {'backends = ["faketime"]': 'backends = ["http"]',
                "[app.env]": '[app.env]\nLAPSE_APP_CLOCK_SECRET = "{clock_secret}"'}


def test_a_target_with_the_http_clock_catches_the_clock_jump_bug(tmp_path: Path) -> None:
    target = edited_target("reference-process", HTTP_CHANGES, tmp_path / "reference-http.toml")
    correct = behave_statuses(target, "correct", tmp_path / "correct", *CLOCK_FEATURES)[1]
    assert correct.pop("A session store whose clock runs ahead does not cut sessions short") == "skipped"
    assert set(correct.values()) == {"passed"}, correct
    broken = behave_statuses(target, "clock_jump_extends_session", tmp_path / "broken", *CLOCK_FEATURES)[1]
    assert broken["Setting the app server's clock back does not give an idle session an extra hour"] == "failed"
