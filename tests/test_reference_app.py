"""The reference app over HTTP (Flask's test client), with freezegun moving its clock.

The first part pins the correct app's contract; the last part proves each broken variant plants its bug
(a check that passes on the correct app fails on the variant) and nothing else.
"""

from __future__ import annotations

import importlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from werkzeug.test import TestResponse

from reference_app.app import create_app
from reference_app.settings import VARIANTS, AppSettings
from reference_app.store import InMemorySessionStore
from reference_app.variants import CLIENT_SIDE, REDIS_ONLY

PASSWORD = "correct horse battery staple"
START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
T0 = START.timestamp()
s, m, h = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)
Clock = FrozenDateTimeFactory


@pytest.fixture
def clock() -> Iterator[Clock]:
    with freeze_time(START, tick=False) as frozen:
        yield frozen


def new_client(variant: str = "correct", **settings: Any) -> FlaskClient:
    return create_app(AppSettings(variant=variant, **settings)).test_client()


def hidden(response: TestResponse, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', response.get_data(as_text=True))
    assert found, f"no hidden {name} field in the page"
    return found.group(1)


def sign_in(client: FlaskClient, password: str = PASSWORD, **form: str) -> TestResponse:
    token = hidden(client.get("/login"), "csrf_token")
    return client.post("/login", data={"username": "alice", "password": password, "csrf_token": token, **form})


def sign_out(client: FlaskClient) -> TestResponse:
    return client.post("/logout", data={"csrf_token": hidden(client.get("/dashboard"), "csrf_token")})


def cookie(client: FlaskClient, name: str) -> str | None:
    found = client.get_cookie(name)
    return None if found is None else found.value


def dashboard(client: FlaskClient) -> TestResponse:
    return client.get("/dashboard")


def get_tokens(client: FlaskClient) -> dict[str, Any]:
    reply = client.post("/api/token", json={"username": "alice", "password": PASSWORD})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    body: dict[str, Any] = reply.get_json()
    return body


def refresh(client: FlaskClient, refresh_token: str) -> TestResponse:
    return client.post("/api/token/refresh", json={"refresh_token": refresh_token})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


EXPIRED = "/login?reason=expired&next=/dashboard"
REPO = Path(__file__).resolve().parents[1]


# --- pages and sign-in ------------------------------------------------------------------------------


def test_healthz() -> None:
    reply = new_client().get("/healthz")
    assert (reply.status_code, reply.get_data(as_text=True), reply.mimetype) == (200, "ok", "text/plain")


def test_login_page_has_the_form_and_sets_a_matching_csrf_cookie() -> None:
    client = new_client()
    reply = client.get("/login")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "<title>Sign in — Lapse reference app</title>" in html
    assert '<form id="login" method="post" action="/login">' in html
    assert 'name="username"' in html and '<input type="password" name="password"' in html
    assert '<button type="submit" id="sign-in">Sign in</button>' in html
    assert cookie(client, "csrf_token") == hidden(reply, "csrf_token")
    set_cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_login_page_reuses_a_valid_csrf_cookie_and_replaces_a_forged_one() -> None:
    client = new_client()
    first = hidden(client.get("/login"), "csrf_token")
    assert hidden(client.get("/login"), "csrf_token") == first
    client.set_cookie("csrf_token", "planted-by-another-site")
    assert hidden(client.get("/login"), "csrf_token") != "planted-by-another-site"


@pytest.mark.parametrize(
    ("reason", "expected"),
    [("expired", '<p class="notice" id="expired-notice">Your session has expired. Please sign in again.</p>'),
     ("signed-out", "You have signed out.")],
)
def test_login_page_explains_why_the_user_is_there(reason: str, expected: str) -> None:
    assert expected in new_client().get(f"/login?reason={reason}").get_data(as_text=True)


@pytest.mark.parametrize("tamper", ["missing", "wrong", "unsigned pair"])
def test_sign_in_without_a_valid_csrf_token_is_400(tamper: str) -> None:
    client = new_client()
    form = {"username": "alice", "password": PASSWORD, "csrf_token": hidden(client.get("/login"), "csrf_token")}
    if tamper == "missing":
        del form["csrf_token"]
    elif tamper == "wrong":
        form["csrf_token"] += "x"
    else:  # cookie and field agree, but the attacker could not sign the value
        client.set_cookie("csrf_token", "chosen")
        form["csrf_token"] = "chosen"
    reply = client.post("/login", data=form)
    assert reply.status_code == 400
    assert "CSRF token missing or invalid" in reply.get_data(as_text=True)
    assert cookie(client, "session_id") is None


def test_sign_in_sets_a_browser_session_cookie_and_an_informational_expiry(clock: Clock) -> None:
    client = new_client()
    reply = sign_in(client)
    assert (reply.status_code, reply.headers["Location"]) == (303, "/dashboard")
    assert reply.headers["Cache-Control"] == "no-store"
    session_cookie, expires_cookie = reply.headers.getlist("Set-Cookie")
    assert session_cookie.startswith("session_id=") and "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie and "Path=/" in session_cookie
    assert "Expires" not in session_cookie and "Max-Age" not in session_cookie
    assert expires_cookie == f"session_expires={int(T0 + 900)}; Path=/; SameSite=Lax"
    assert len(cookie(client, "session_id") or "") == 43  # token_urlsafe(32)


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [("/api/me", "/api/me"), ("//evil.example/", "/dashboard"), ("https://evil.example/", "/dashboard"),
     ("/\\evil.example", "/dashboard"), ("dashboard", "/dashboard")],
)
def test_sign_in_follows_next_only_to_a_local_path(next_page: str, lands_on: str) -> None:
    assert sign_in(new_client(), next=next_page).headers["Location"] == lands_on


@pytest.mark.parametrize(("username", "password"), [("alice", "wrong"), ("mallory", PASSWORD)])
def test_wrong_credentials_are_401_with_the_form_again(username: str, password: str) -> None:
    client = new_client()
    token = hidden(client.get("/login"), "csrf_token")
    reply = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 401
    assert '<p class="error" id="login-error">Invalid username or password.</p>' in html
    assert '<form id="login"' in html and hidden(reply, "csrf_token") == token
    assert cookie(client, "session_id") is None


def test_a_new_sign_in_ends_the_session_it_replaces() -> None:
    client = new_client()
    sign_in(client)
    old = cookie(client, "session_id")
    sign_in(client)
    assert cookie(client, "session_id") != old
    client.set_cookie("session_id", old or "")
    assert dashboard(client).headers["Location"] == EXPIRED


def test_dashboard_for_a_signed_in_user() -> None:
    client = new_client()
    sign_in(client)
    reply = dashboard(client)
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    assert '<main id="dashboard" data-signed-in="true"' in html and "Welcome, alice" in html
    assert '<form id="logout" method="post" action="/logout">' in html
    assert '<button id="sign-out">Sign out</button>' in html
    assert '<a id="refresh" href="/dashboard">Refresh</a>' in html
    assert "event.persisted" in html and "location.reload()" in html
    assert hidden(reply, "csrf_token") != cookie(client, "csrf_token")  # the session's own token


def test_dashboard_without_a_session_cookie_asks_to_sign_in_without_saying_expired() -> None:
    reply = dashboard(new_client())
    assert (reply.status_code, reply.headers["Location"]) == (302, "/login?next=/dashboard")


def test_dashboard_with_an_unknown_session_cookie_says_expired() -> None:
    client = new_client()
    client.set_cookie("session_id", "made-up")
    reply = dashboard(client)
    assert (reply.status_code, reply.headers["Location"]) == (302, EXPIRED)


# --- idle, sliding and absolute lifetime ---------------------------------------------------------------


@pytest.mark.parametrize(("idle", "alive"), [(14 * m + 59 * s, True), (15 * m, False), (15 * m + 1 * s, False)])
def test_idle_boundary_is_exact(clock: Clock, idle: timedelta, alive: bool) -> None:
    client = new_client()
    sign_in(client)
    clock.tick(idle)
    assert dashboard(client).status_code == (200 if alive else 302)


def test_an_expired_session_is_deleted_when_seen_and_its_cookies_cleared(clock: Clock) -> None:
    store = InMemorySessionStore()
    client = create_app(AppSettings(), store=store).test_client()
    sign_in(client)
    assert len(store) == 1
    clock.tick(15 * m)
    reply = dashboard(client)
    assert reply.headers["Location"] == EXPIRED
    assert len(store) == 0
    assert cookie(client, "session_id") is None and cookie(client, "session_expires") is None


def test_activity_slides_the_idle_deadline(clock: Clock) -> None:
    client = new_client()
    sign_in(client)
    for _ in range(6):  # an hour of clicking every 10 minutes
        clock.tick(10 * m)
        assert dashboard(client).status_code == 200
    assert cookie(client, "session_expires") == str(int(T0 + 3600 + 900))
    clock.tick(15 * m)
    assert dashboard(client).status_code == 302


def test_activity_cannot_outlive_the_absolute_lifetime(clock: Clock) -> None:
    client = new_client()
    sign_in(client)
    for _ in range(47):  # click every 10 minutes: 7:50 after sign-in
        clock.tick(10 * m)
        assert dashboard(client).status_code == 200
    clock.tick(9 * m + 59 * s)
    assert dashboard(client).status_code == 200  # 7:59:59 after sign-in
    clock.tick(1 * s)
    assert dashboard(client).headers["Location"] == EXPIRED


def test_a_backward_clock_step_ends_the_session_rather_than_extend_it(clock: Clock) -> None:
    client = new_client()
    sign_in(client)
    clock.tick(5 * m)
    assert dashboard(client).status_code == 200
    clock.move_to(START)  # NTP stepped the wall clock back 5 minutes
    assert dashboard(client).headers["Location"] == EXPIRED


# --- sign-out ----------------------------------------------------------------------------------------


def test_sign_out_ends_the_server_session() -> None:
    client = new_client()
    sign_in(client)
    old = cookie(client, "session_id")
    reply = sign_out(client)
    assert (reply.status_code, reply.headers["Location"]) == (303, "/login?reason=signed-out")
    assert cookie(client, "session_id") is None and cookie(client, "session_expires") is None
    client.set_cookie("session_id", old or "")  # replay the old cookie
    assert dashboard(client).headers["Location"] == EXPIRED


def test_sign_out_with_a_wrong_csrf_token_is_400_and_keeps_the_session() -> None:
    client = new_client()
    sign_in(client)
    reply = client.post("/logout", data={"csrf_token": cookie(client, "csrf_token") or ""})
    assert reply.status_code == 400 and "CSRF token missing or invalid" in reply.get_data(as_text=True)
    assert dashboard(client).status_code == 200


# --- JSON API ---------------------------------------------------------------------------------------


def test_api_me_with_the_session_cookie_is_activity(clock: Clock) -> None:
    client = new_client()
    sign_in(client)
    clock.tick(10 * m)
    reply = client.get("/api/me")
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    assert reply.get_json() == {"user": "alice", "idle_expires_at": T0 + 600 + 900,
                                "absolute_expires_at": T0 + 8 * 3600}
    clock.tick(10 * m)
    assert dashboard(client).status_code == 200


def test_api_me_signed_out_is_401_json() -> None:
    reply = new_client().get("/api/me")
    assert (reply.status_code, reply.get_json()) == (401, {"error": "signed out"})
    assert "WWW-Authenticate" not in reply.headers


def test_notifications_poll_is_not_activity(clock: Clock) -> None:
    client = new_client()
    sign_in(client)
    clock.tick(10 * m)
    poll = client.get("/api/notifications")
    assert (poll.status_code, poll.get_json()) == (200, {"notifications": []})
    clock.tick(5 * m)  # 15 minutes after the last real activity, 5 after the poll
    assert client.get("/api/notifications").status_code == 401
    assert dashboard(client).status_code == 302


# --- tokens -----------------------------------------------------------------------------------------


def test_token_issue_and_bearer_use(clock: Clock) -> None:
    client = new_client()
    pair = get_tokens(client)
    assert pair["token_type"] == "Bearer" and pair["expires_in"] == 300
    assert pair["access_token"] != pair["refresh_token"]
    reply = client.get("/api/me", headers=bearer(pair["access_token"]))
    assert reply.get_json() == {"user": "alice", "idle_expires_at": T0 + 900, "absolute_expires_at": T0 + 8 * 3600}
    assert reply.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("body", "status"), [({"username": "alice", "password": "nope"}, 401),
                                              ({"username": "alice"}, 400), ("not an object", 400)])
def test_token_endpoint_refuses_bad_requests(body: Any, status: int) -> None:
    assert new_client().post("/api/token", json=body).status_code == status


def test_an_unknown_bearer_token_is_401_with_www_authenticate() -> None:
    reply = new_client().get("/api/me", headers=bearer("made-up"))
    assert (reply.status_code, reply.get_json()) == (401, {"error": "signed out"})
    assert reply.headers["WWW-Authenticate"] == "Bearer"


def test_access_tokens_expire_from_issue_without_sliding(clock: Clock) -> None:
    client = new_client()
    access = get_tokens(client)["access_token"]
    clock.tick(4 * m + 59 * s)
    assert client.get("/api/me", headers=bearer(access)).status_code == 200
    clock.tick(1 * s)
    reply = client.get("/api/me", headers=bearer(access))
    assert (reply.status_code, reply.get_json()) == (401, {"error": "token expired"})
    assert reply.headers["WWW-Authenticate"] == "Bearer"


def test_refresh_rotates_the_refresh_token(clock: Clock) -> None:
    client = new_client()
    first = get_tokens(client)
    clock.tick(6 * m)
    reply = refresh(client, first["refresh_token"])
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    second = reply.get_json()
    assert second["refresh_token"] != first["refresh_token"]
    assert client.get("/api/me", headers=bearer(second["access_token"])).status_code == 200
    assert (refresh(client, first["refresh_token"]).status_code,
            refresh(client, first["refresh_token"]).get_json()) == (401, {"error": "refresh token expired"})
    assert refresh(client, second["refresh_token"]).status_code == 200


def test_refresh_counts_as_activity_but_not_after_idling_out(clock: Clock) -> None:
    client = new_client()
    token = get_tokens(client)["refresh_token"]
    for _ in range(3):
        clock.tick(14 * m)
        reply = refresh(client, token)
        assert reply.status_code == 200
        token = reply.get_json()["refresh_token"]
    clock.tick(15 * m)
    assert refresh(client, token).status_code == 401


def test_token_sessions_have_the_absolute_lifetime_too(clock: Clock) -> None:
    client = new_client(absolute_lifetime=30 * m)
    token = get_tokens(client)["refresh_token"]
    for _ in range(2):
        clock.tick(14 * m)
        token = refresh(client, token).get_json()["refresh_token"]
    clock.tick(2 * m)
    assert refresh(client, token).status_code == 401


def test_revoke_ends_the_token_session_and_its_access_tokens() -> None:
    client = new_client()
    pair = get_tokens(client)
    assert client.post("/api/token/revoke", json={"refresh_token": pair["refresh_token"]}).status_code == 200
    assert client.get("/api/me", headers=bearer(pair["access_token"])).get_json() == {"error": "signed out"}
    assert refresh(client, pair["refresh_token"]).status_code == 401


# --- settings, store, entry points ----------------------------------------------------------------------


def test_settings_from_env() -> None:
    settings = AppSettings.from_env({
        "LAPSE_APP_IDLE_TIMEOUT": "90", "LAPSE_APP_ABSOLUTE_LIFETIME": "3600.5",
        "LAPSE_APP_ACCESS_TOKEN_LIFETIME": "30", "LAPSE_APP_VARIANT": "no_sliding",
        "LAPSE_APP_USERS": "alice:pw:with:colons,bob:pw2", "LAPSE_APP_SECRET_KEY": "k"})
    assert (settings.idle_timeout, settings.absolute_lifetime, settings.access_token_lifetime) == (
        90 * s, 3600.5 * s, 30 * s)
    assert (settings.variant, dict(settings.users), settings.secret_key) == (
        "no_sliding", {"alice": "pw:with:colons", "bob": "pw2"}, "k")
    assert AppSettings.from_env({}).idle_timeout == 15 * m


@pytest.mark.parametrize(
    ("environ", "message"),
    [({"LAPSE_APP_VARIANT": "nope"}, "unknown reference app variant 'nope'; valid: correct, server_never_expires"),
     ({"LAPSE_APP_IDLE_TIMEOUT": "15m"}, "LAPSE_APP_IDLE_TIMEOUT must be a number of seconds"),
     ({"LAPSE_APP_IDLE_TIMEOUT": "0"}, "idle_timeout must be positive"),
     ({"LAPSE_APP_USERS": "alice"}, "LAPSE_APP_USERS must look like")],
)
def test_settings_refuse_bad_values_in_one_line(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        AppSettings.from_env(environ)
    assert "\n" not in str(caught.value)


def test_settings_keep_secrets_out_of_repr_and_users_private() -> None:
    users = {"alice": "pw"}
    settings = AppSettings(users=users, secret_key="very-secret")
    users["mallory"] = "pw"
    assert "mallory" not in settings.users
    assert "very-secret" not in repr(settings) and "pw" not in repr(settings)


def test_memory_store_keeps_json_copies() -> None:
    store = InMemorySessionStore()
    record = {"user": "alice", "n": 1}
    store.put("k", record, ttl_seconds=None)
    record["n"] = 2
    assert store.get("k") == {"user": "alice", "n": 1}
    assert store.touch("k", {"n": 3}, ttl_seconds=60) and store.get("k") == {"user": "alice", "n": 3}
    assert store.delete("k") and not store.delete("k") and not store.touch("k", {}, None)
    with pytest.raises(TypeError):
        store.put("k", {"when": datetime.now(UTC)}, ttl_seconds=None)


def test_app_reads_time_only_through_time_time() -> None:
    """freezegun patches `time.time`; libfaketime fakes the clock syscalls. Anything else escapes both."""
    forbidden = re.compile(r"from time import|datetime\.(now|utcnow|today)|time\.(monotonic|perf_counter|sleep)"
                           r"|threading\.(Thread|Timer)")
    sources = Path(importlib.import_module("reference_app").__file__ or "").parent.glob("*.py")
    assert [str(p) for p in sources if forbidden.search(p.read_text())] == []


def test_wsgi_module_reads_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPSE_APP_VARIANT", "no_sliding")
    monkeypatch.setenv("LAPSE_APP_IDLE_TIMEOUT", "60")
    sys.modules.pop("reference_app.wsgi", None)
    wsgi: Any = importlib.import_module("reference_app.wsgi")
    assert isinstance(wsgi.app, Flask)
    assert wsgi.app.test_client().get("/healthz").status_code == 200
    sys.modules.pop("reference_app.wsgi", None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_main_serves_the_app_in_its_own_process() -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "reference_app", "--port", str(port)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    assert reply.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "python -m reference_app never answered /healthz"
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_main_refuses_a_bad_variant_before_serving() -> None:
    done = subprocess.run([sys.executable, "-m", "reference_app", "--port", "1"], cwd=REPO, capture_output=True,
                          text=True, timeout=30, env={**os.environ, "LAPSE_APP_VARIANT": "nope"}, check=False)
    assert done.returncode == 2 and "unknown reference app variant 'nope'" in done.stderr


# --- variants: each plants its bug, and only that one -----------------------------------------------------
# A probe replays one policy rule on a fresh client and returns True when the app behaves correctly.

Probe = Callable[[FlaskClient, Clock], bool]


def idle_session_is_rejected(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    clock.tick(16 * m)
    return dashboard(client).status_code == 302


def activity_renews_the_session(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    clock.tick(10 * m)
    dashboard(client)
    clock.tick(10 * m)
    return dashboard(client).status_code == 200


def activity_stops_at_the_absolute_lifetime(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    for _ in range(48):
        clock.tick(10 * m)
        last = dashboard(client)
    return last.status_code == 302  # the 48th click is exactly 8 hours after sign-in


def idle_timeout_is_not_a_minute_late(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    clock.tick(15 * m + 1 * s)
    return dashboard(client).status_code == 302


def sign_out_kills_the_old_cookie(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    old = cookie(client, "session_id") or ""
    sign_out(client)
    client.set_cookie("session_id", old)
    return dashboard(client).status_code == 302


def dashboard_is_never_cached(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    reply = dashboard(client)
    return reply.headers["Cache-Control"] == "no-store" and "event.persisted" in reply.get_data(as_text=True)


def polling_is_not_activity(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    clock.tick(10 * m)
    client.get("/api/notifications")
    clock.tick(6 * m)
    return dashboard(client).status_code == 302


def forged_expiry_cookie_is_ignored(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    clock.tick(16 * m)
    client.set_cookie("session_expires", str(int(time.time()) + 3600))
    return dashboard(client).status_code == 302


def refresh_after_idle_is_refused(client: FlaskClient, clock: Clock) -> bool:
    token = get_tokens(client)["refresh_token"]
    clock.tick(16 * m)
    return refresh(client, token).status_code == 401


def backward_step_adds_no_life(client: FlaskClient, clock: Clock) -> bool:
    sign_in(client)
    clock.move_to(START - 1 * h)
    clock.tick(15 * m)  # 15 real minutes idle, yet the wall clock is still before the sign-in
    return dashboard(client).status_code == 302


def sign_in_issues_a_new_session_id(client: FlaskClient, clock: Clock) -> bool:
    client.set_cookie("session_id", "chosen-by-an-attacker")
    sign_in(client)
    client.set_cookie("session_id", "chosen-by-an-attacker")
    return cookie(client, "session_id") is not None and dashboard(client).status_code == 302


def a_refresh_token_works_once(client: FlaskClient, clock: Clock) -> bool:
    token = get_tokens(client)["refresh_token"]
    assert refresh(client, token).status_code == 200
    return refresh(client, token).status_code == 401


def access_tokens_expire(client: FlaskClient, clock: Clock) -> bool:
    access = get_tokens(client)["access_token"]
    clock.tick(6 * m)
    return client.get("/api/me", headers=bearer(access)).status_code == 401


def revoke_ends_the_access_token(client: FlaskClient, clock: Clock) -> bool:
    tokens = get_tokens(client)
    client.post("/api/token/revoke", json={"refresh_token": tokens["refresh_token"]})
    return client.get("/api/me", headers=bearer(tokens["access_token"])).status_code == 401


PROBES: dict[str, Probe] = {
    "server_never_expires": idle_session_is_rejected,
    "no_sliding": activity_renews_the_session,
    "no_absolute_cap": activity_stops_at_the_absolute_lifetime,
    "lenient_boundary": idle_timeout_is_not_a_minute_late,
    "logout_keeps_server_session": sign_out_kills_the_old_cookie,
    "logout_page_cached": dashboard_is_never_cached,
    "polling_keeps_alive": polling_is_not_activity,
    "tamperable_expiry": forged_expiry_cookie_is_ignored,
    "refresh_after_expiry": refresh_after_idle_is_refused,
    "clock_jump_extends_session": backward_step_adds_no_life,
    "session_not_rotated_at_sign_in": sign_in_issues_a_new_session_id,
    "refresh_token_reusable": a_refresh_token_works_once,
    "access_token_expiry_ignored": access_tokens_expire,
    "access_token_survives_revoke": revoke_ends_the_access_token,
}
# A server that never expires anything cannot show the subtler expiry rules either.
MASKED = {"server_never_expires": {"no_absolute_cap", "lenient_boundary", "polling_keeps_alive",
                                   "tamperable_expiry", "refresh_after_expiry", "clock_jump_extends_session"}}


def probe_passes(variant: str, bug: str, clock: Clock) -> bool:
    clock.move_to(START)
    return PROBES[bug](new_client(variant), clock)


def test_every_variant_has_a_probe() -> None:
    # those are proven in tests/test_redis_store.py and tests/test_client_warning.py
    assert set(PROBES) == set(VARIANTS) - REDIS_ONLY - CLIENT_SIDE


@pytest.mark.parametrize("variant", sorted(set(VARIANTS) - REDIS_ONLY - CLIENT_SIDE))
def test_variant_plants_its_bug(variant: str, clock: Clock) -> None:
    assert probe_passes("correct", variant, clock), "the probe must pass on the correct app"
    assert not probe_passes(variant, variant, clock), f"{variant}: {VARIANTS[variant]} — but the probe passed"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_is_otherwise_correct(variant: str, clock: Clock) -> None:
    others = set(PROBES) - {variant} - MASKED.get(variant, set())
    assert [bug for bug in sorted(others) if not probe_passes(variant, bug, clock)] == []
