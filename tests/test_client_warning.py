"""The reference app's client-side idle policy: the two requests its script makes (over HTTP), and each
client-side variant's bug proven in a real headless Chromium on virtual time.

For the browser part every check runs as a Lapse scenario (`LapseRun`, the embedded app, freezegun and the
browser clock), once against the correct app and once against each client-side variant: a check must pass on
the correct app, fail on the variant it guards, and pass on the others (each variant plants one bug).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from reference_app.app import create_app
from reference_app.settings import AppSettings
from reference_app.variants import CLIENT_SIDE
from support.channels.browser import CHROMEDRIVER, CHROMIUM
from support.channels.probe import Answer
from support.options import RunOptions
from support.run import LapseRun, ScenarioState

START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
m = timedelta(minutes=1)


# -- over HTTP: what the page's script asks the server -------------------------------------------------
@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(START, tick=False) as frozen:
        yield frozen


def signed_in_client() -> FlaskClient:
    client = create_app(AppSettings()).test_client()
    token = re.search(r'name="csrf_token" value="([^"]*)"', client.get("/login").get_data(as_text=True))
    assert token
    client.post("/login", data={"username": "alice", "password": "correct horse battery staple",
                                "csrf_token": token.group(1)})
    return client


def page_csrf(client: FlaskClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', client.get("/dashboard").get_data(as_text=True))
    assert found
    return found.group(1)


def test_time_left_is_a_duration_and_is_not_activity(clock: FrozenDateTimeFactory) -> None:
    client = signed_in_client()
    clock.tick(10 * m)
    assert client.get("/session/time-left").get_json() == {"idle_expires_in": 300.0, "absolute_expires_in": 28200.0}
    clock.tick(6 * m)
    assert client.get("/session/time-left").status_code == 401
    assert client.get("/dashboard").status_code == 302


def test_keep_alive_needs_the_pages_csrf_token_and_counts_as_activity(clock: FrozenDateTimeFactory) -> None:
    client = signed_in_client()
    token = page_csrf(client)
    clock.tick(13 * m)
    assert client.post("/session/keep-alive").status_code == 400
    assert client.post("/session/keep-alive", headers={"X-CSRF-Token": "forged"}).status_code == 400
    reply = client.post("/session/keep-alive", headers={"X-CSRF-Token": token})
    assert reply.get_json()["idle_expires_in"] == 900.0
    clock.tick(14 * m)
    assert client.get("/dashboard").status_code == 200


def test_the_dashboard_states_durations_not_timestamps(clock: FrozenDateTimeFactory) -> None:
    client = signed_in_client()
    clock.tick(5 * m)
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'data-idle-expires-in="900.0"' in page and 'data-absolute-expires-in="28500.0"' in page
    assert 'data-stay-signed-in="server" data-tabs="shared"' in page and 'data-counts-down="true"' in page


# -- in the browser: each client-side variant's bug ----------------------------------------------------
Check = Callable[[ScenarioState], bool]


def stay_signed_in_extends_the_server_session(state: ScenarioState) -> bool:
    user = state.new_user()
    user.sign_in()
    user.idle(13 * m)
    user.browser.press("Stay signed in")
    user.idle(5 * m)
    return user.replay_current_cookies().answer is Answer.SIGNED_IN


def work_in_one_tab_keeps_the_other_signed_in(state: ScenarioState) -> bool:
    user = state.new_user()
    user.sign_in()
    user.browser.open_tab()
    user.work_in_tab(1, 5 * m, 30 * m)
    return user.in_tab(2, "what the idle tab shows").answer is Answer.SIGNED_IN


def a_slow_browser_clock_does_not_delay_the_warning(state: ScenarioState) -> bool:
    state.clock.skew("browser", -5 * m)
    user = state.new_user()
    user.sign_in()
    user.idle(13 * m)
    return "in 2 minutes" in (user.browser.warning().text or "")


CHECKS: dict[str, Check] = {
    "stay_signed_in_is_cosmetic": stay_signed_in_extends_the_server_session,
    "tabs_not_shared": work_in_one_tab_keeps_the_other_signed_in,
    "client_trusts_its_clock": a_slow_browser_clock_does_not_delay_the_warning,
}


def outcomes(variant: str, reports: Path) -> dict[str, bool]:
    """Every check, each as its own scenario, against the app running `variant`."""
    run = LapseRun(RunOptions.from_userdata({"variant": variant, "reports": str(reports)}))
    try:
        run.start()
        return {bug: check(run.begin_scenario(bug, browser_by_default=True)) for bug, check in CHECKS.items()}
    finally:
        run.close()


def test_every_client_side_variant_has_a_check() -> None:
    assert set(CHECKS) == set(CLIENT_SIDE)


@pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                    reason=f"needs {CHROMIUM} and {CHROMEDRIVER}")
@pytest.mark.parametrize("variant", ["correct", *sorted(CLIENT_SIDE)])
def test_each_check_fails_only_on_the_variant_it_guards(variant: str, tmp_path: Path) -> None:
    assert outcomes(variant, tmp_path) == {bug: bug != variant for bug in CHECKS}
