"""A probe has three answers, and "could not tell" is an error, never a pass and never "signed out"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from support.app_server import RunningApp
from support.channels.api import ApiChannel
from support.channels.browser import Browser, BrowserChannel
from support.channels.probe import Answer
from support.errors import CouldNotTell, SignInFailed
from support.evidence.timeline import Timeline
from support.target import Target

PASSWORD = "correct horse battery staple"


def test_signed_in_then_signed_out(app: RunningApp, target: Target, timeline: Timeline) -> None:
    channel = ApiChannel(target, app.base_url, "alice", timeline)
    assert channel.probe().answer is Answer.SIGNED_OUT
    channel.sign_in("alice", PASSWORD)
    assert channel.probe().answer is Answer.SIGNED_IN
    channel.sign_out()
    assert channel.probe().answer is Answer.SIGNED_OUT
    assert [e.kind for e in timeline.events][:3] == ["probe", "sign-in", "sign-in"]


def test_wrong_password_is_an_error_not_signed_out(app: RunningApp, target: Target, timeline: Timeline) -> None:
    channel = ApiChannel(target, app.base_url, "alice", timeline)
    with pytest.raises(SignInFailed, match=r"could not sign in as alice: POST /login → 401.*LAPSE_PASSWORD"):
        channel.sign_in("alice", "wrong password")


def test_a_stopped_server_could_not_tell(target: Target, timeline: Timeline, app: RunningApp) -> None:
    url = app.base_url
    app.stop()
    channel = ApiChannel(target, url, "alice", timeline)
    with pytest.raises(CouldNotTell, match=r"could not reach the app at .*connection refused"):
        channel.probe()
    assert timeline.events[-1].outcome == "could not tell"


@pytest.fixture
def broken_app() -> Iterator[str]:
    """A server that fails every request with 500."""
    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")])
        return [b"boom"]
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    import threading
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_500_could_not_tell(broken_app: str, target: Target, timeline: Timeline) -> None:
    with pytest.raises(CouldNotTell, match="a server error is not an expiry"):
        ApiChannel(target, broken_app, "alice", timeline).probe()


def test_an_unexpected_page_could_not_tell(app: RunningApp, target: Target, timeline: Timeline) -> None:
    channel = ApiChannel(target, app.base_url, "alice", timeline)
    with pytest.raises(CouldNotTell, match="unexpected page"):
        channel.probe(path="/healthz")


def test_browser_probe_answers_and_could_not_tell(app: RunningApp, target: Target, timeline: Timeline,
                                                  browser: Browser, broken_app: str) -> None:
    browser.reset()
    channel = BrowserChannel(browser, target, app.base_url, "alice", timeline, None)
    assert channel.probe().answer is Answer.SIGNED_OUT
    channel.sign_in("alice", PASSWORD)
    assert channel.probe().answer is Answer.SIGNED_IN
    with pytest.raises(CouldNotTell, match="unexpected page in the browser"):
        BrowserChannel(browser, target, broken_app, "alice", timeline, None).probe()
    url = app.base_url
    app.stop()
    with pytest.raises(CouldNotTell, match="could not reach the app"):
        BrowserChannel(browser, target, url, "alice", timeline, None).probe()


def test_wrong_password_in_the_browser(app: RunningApp, target: Target, timeline: Timeline, browser: Browser) -> None:
    browser.reset()
    channel = BrowserChannel(browser, target, app.base_url, "alice", timeline, None)
    with pytest.raises(SignInFailed, match="could not sign in as alice in the browser"):
        channel.sign_in("alice", "wrong password")


def test_a_missing_browser_is_a_clear_error() -> None:
    with pytest.raises(Exception, match=r"no browser: /nonexistent/chromium is missing — install it"):
        _ = Browser(chromium="/nonexistent/chromium").driver
