"""The token channel, the hostile-client helpers and the background poll, against the real reference app
(correct and broken variants, served on a loopback port): each check passes on the correct app and fails
on the variant that plants its bug, and no token reaches the evidence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import timedelta

import pytest

from support.app_server import RunningApp, start_app
from support.attacks import expiry_cookies, move_expiry, plant_session_id
from support.background import poll_every
from support.channels.api import ApiChannel
from support.channels.json_api import JsonClient
from support.channels.probe import Answer
from support.channels.tokens import TokenChannel, tokens_of
from support.errors import ConfigError, CouldNotTell, LapseError, SignInFailed
from support.evidence.redact import MASK
from support.evidence.timeline import Timeline
from support.target import Target
from support.users import User

PASSWORD = "correct horse battery staple"


@pytest.fixture
def variant_app(request: pytest.FixtureRequest, target: Target) -> Iterator[RunningApp]:
    running = start_app(target, target.policy, request.param)
    yield running
    running.stop()


def user_on(channel: ApiChannel, target: Target, timeline: Timeline) -> User:
    return User("the user", channel, timeline.clock, timeline, target, channel.base_url)


def evidence(timeline: Timeline) -> str:
    return json.dumps([asdict(e) for e in timeline.events])


# --- tokens -------------------------------------------------------------------------------------------
def test_token_sign_in_probe_refresh_and_sign_out(app: RunningApp, target: Target, timeline: Timeline) -> None:
    tokens = TokenChannel(target, app.base_url, "the user", timeline)
    tokens.sign_in("alice", PASSWORD)
    first_access, first_refresh = tokens.access_token, tokens.refresh_token
    assert tokens.probe().answer is Answer.SIGNED_IN
    assert tokens.act().answer is Answer.SIGNED_IN  # activity is a refresh
    assert tokens.spent_refresh_tokens == [first_refresh]
    assert tokens.access_token != first_access and tokens.refresh_token != first_refresh
    assert tokens.replay_spent_refresh_token().answer is Answer.SIGNED_OUT
    tokens.sign_out()
    assert tokens.probe().answer is Answer.SIGNED_OUT
    assert tokens.refresh().answer is Answer.SIGNED_OUT
    assert [e.kind for e in timeline.events] == ["sign-in", "probe", "activity", "replay", "sign-out", "probe",
                                                 "activity"]
    assert timeline.events[1].action == "GET /api/me (am I signed in?, sending the access token)"
    assert timeline.events[3].observation == "POST /api/token/refresh → 401"


def test_no_token_or_password_reaches_the_evidence(app: RunningApp, target: Target, timeline: Timeline) -> None:
    tokens = TokenChannel(target, app.base_url, "the user", timeline)
    tokens.sign_in("alice", PASSWORD)
    tokens.refresh()
    tokens.probe()
    held = [tokens.access_token, tokens.refresh_token, *tokens.spent_refresh_tokens, PASSWORD]
    text = evidence(timeline)
    assert all(secret and secret not in text for secret in held)
    from support.evidence.redact import redact
    assert {redact(secret or "") for secret in held} == {MASK}


def test_wrong_token_password_is_sign_in_failed(app: RunningApp, target: Target, timeline: Timeline) -> None:
    tokens = TokenChannel(target, app.base_url, "the user", timeline)
    with pytest.raises(SignInFailed, match=r"POST /api/token → 401; check LAPSE_PASSWORD"):
        tokens.sign_in("alice", "wrong")


def test_token_verbs_before_sign_in_are_errors(app: RunningApp, target: Target, timeline: Timeline) -> None:
    tokens = TokenChannel(target, app.base_url, "the user", timeline)
    with pytest.raises(CouldNotTell, match="holds no access token: sign in with API tokens first"):
        tokens.probe()
    with pytest.raises(CouldNotTell, match="no refresh token has been used yet"):
        tokens.replay_spent_refresh_token()
    assert timeline.events == []


def test_tokens_of_a_user_on_another_channel_is_a_config_error(app: RunningApp, target: Target,
                                                               timeline: Timeline) -> None:
    user = user_on(ApiChannel(target, app.base_url, "the user", timeline), target, timeline)
    with pytest.raises(ConfigError, match='using the api channel; this step needs API tokens'):
        tokens_of(user)


@pytest.mark.parametrize(("variant_app", "accepted"), [("correct", False), ("refresh_token_reusable", True)],
                         indirect=["variant_app"])
def test_spent_refresh_token_replay_fails_only_on_the_buggy_variant(
        variant_app: RunningApp, accepted: bool, target: Target, timeline: Timeline) -> None:
    tokens = TokenChannel(target, variant_app.base_url, "the user", timeline)
    tokens.sign_in("alice", PASSWORD)
    tokens.refresh()
    assert (tokens.replay_spent_refresh_token().answer is Answer.SIGNED_IN) is accepted
    assert tokens.refresh_token and tokens.refresh_token not in evidence(timeline)


# --- JSON answers -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "status"), [("POST", "/api/token", 400), ("GET", "/nowhere", 404),
                                                       ("GET", "/dashboard", 302)])
def test_a_json_answer_other_than_2xx_401_403_could_not_tell(app: RunningApp, target: Target, timeline: Timeline,
                                                             method: str, path: str, status: int) -> None:
    client = JsonClient(target, app.base_url, "the user", timeline)
    with pytest.raises(CouldNotTell, match=rf"unexpected answer: {method} {path} → {status}"):
        client.call(method, path, kind="probe", action="test", body={})
    assert timeline.events[-1].outcome == "could not tell"


def test_a_json_call_to_a_stopped_app_could_not_tell(app: RunningApp, target: Target, timeline: Timeline) -> None:
    url = app.base_url
    app.stop()
    with pytest.raises(CouldNotTell, match="connection refused"):
        JsonClient(target, url, "the user", timeline).call("GET", "/api/me", kind="probe", action="test")
    assert timeline.events[-1].outcome == "could not tell"


# --- a hostile client ---------------------------------------------------------------------------------
def test_move_expiry_changes_only_the_readable_expiry_cookie(app: RunningApp, target: Target,
                                                             timeline: Timeline) -> None:
    channel = ApiChannel(target, app.base_url, "the user", timeline)
    user = user_on(channel, target, timeline)
    with pytest.raises(LapseError, match="no readable cookie holding an expiry time"):
        move_expiry(user, timedelta(hours=1))
    user.sign_in()
    before = {c.name: c.value for c in channel.http.cookies}
    assert [c.name for c in expiry_cookies(channel)] == ["session_expires"]
    assert move_expiry(user, timedelta(hours=1)) == ["session_expires"]
    after = {c.name: c.value for c in channel.http.cookies}
    assert int(after["session_expires"] or 0) - int(before["session_expires"] or 0) == 3600
    assert {k: v for k, v in after.items() if k != "session_expires"} == \
        {k: v for k, v in before.items() if k != "session_expires"}
    assert len(list(channel.http.cookies)) == len(before)  # replaced, not added beside the old one
    assert timeline.events[-1].action == "change the expiry cookie session_expires: 1 hour later than the server said"


def test_hostile_client_steps_need_the_http_client(app: RunningApp, target: Target, timeline: Timeline) -> None:
    user = user_on(TokenChannel(target, app.base_url, "the user", timeline), target, timeline)
    with pytest.raises(ConfigError, match="sign the user in over the API"):
        plant_session_id(user)


@pytest.mark.parametrize(("variant_app", "answer"),
                         [("correct", Answer.SIGNED_OUT), ("session_not_rotated_at_sign_in", Answer.SIGNED_IN)],
                         indirect=["variant_app"])
def test_a_planted_session_id_is_worthless_only_on_the_correct_app(
        variant_app: RunningApp, answer: Answer, target: Target, timeline: Timeline) -> None:
    user = user_on(ApiChannel(target, variant_app.base_url, "the user", timeline), target, timeline)
    planted = plant_session_id(user)
    user.sign_in()
    assert user.replay_cookies(planted, "the planted session id").answer is answer
    assert next(iter(planted.values())) not in evidence(timeline)


# --- the background poll ------------------------------------------------------------------------------
def test_poll_every_polls_with_the_users_cookies_and_stops_when_signed_out(
        app: RunningApp, target: Target, timeline: Timeline) -> None:
    user = user_on(ApiChannel(target, app.base_url, "the user", timeline), target, timeline)
    user.sign_in()
    results = poll_every(user, "/api/notifications", timedelta(minutes=1), timedelta(minutes=3))
    assert [r.answer for r in results] == [Answer.SIGNED_IN] * 3
    assert timeline.clock.elapsed() >= timedelta(minutes=3)
    user.sign_out()
    assert [r.answer for r in poll_every(user, "/api/notifications", timedelta(minutes=1),
                                         timedelta(minutes=5))] == [Answer.SIGNED_OUT]
    polls = [e for e in timeline.events if e.action == "GET /api/notifications (background poll)"]
    assert len(polls) == 4 and {e.channel for e in polls} == {"background"}


def test_poll_every_refuses_an_interval_that_does_not_fit(app: RunningApp, target: Target,
                                                          timeline: Timeline) -> None:
    user = user_on(ApiChannel(target, app.base_url, "the user", timeline), target, timeline)
    with pytest.raises(ConfigError, match="a poll every 2 minutes for 1 minute does not fit"):
        poll_every(user, "/api/notifications", timedelta(minutes=2), timedelta(minutes=1))
