"""The page's own idle timer, in the browser: its warning, "Stay signed in", its sign-out, and several tabs.

Time passes with the usual sentences ("When the user is idle for 13 minutes"): in a browser scenario the
pages' clocks move with the server's and their timers fire. The browser's clock is skewed with the clock
sentences ("Given the browser's clock runs 5 minutes behind the app server").
"""

from datetime import timedelta
from typing import Any

import parse
from behave import register_type, then, when

from support.checks import must_be_signed_in, must_be_signed_out
from support.page_checks import must_not_warn, must_warn

ORDINALS = ("first", "second", "third", "fourth", "fifth")


@parse.with_pattern("|".join(ORDINALS))
def _ordinal(text: str) -> int:
    return ORDINALS.index(text) + 1


register_type(Ordinal=_ordinal)


# -- the warning ------------------------------------------------------------------------------------
@then('the page warns "{text}"')
def page_warns(context: Any, text: str) -> None:
    """Then the page warns "You will be signed out in 2 minutes"  — a visible alert or dialog says so."""
    state = context.state
    must_warn(state.user.browser.warning(), text, state.moment())


@then("the page shows no warning")
def page_shows_no_warning(context: Any) -> None:
    state = context.state
    must_not_warn(state.user.browser.warning(), state.moment())


@when('the user clicks "{label}"')
def user_clicks(context: Any, label: str) -> None:
    """When the user clicks "Stay signed in"  — and whatever the click starts (a request) finishes."""
    context.state.user.browser.press(label)


# -- what the page shows by itself ------------------------------------------------------------------
@then("the page shows the sign-in screen")
def page_shows_sign_in(context: Any) -> None:
    state = context.state
    must_be_signed_out(state.user.browser.look("what the page shows"), f"{state.moment()}, in the browser")


@then("the page still shows the dashboard")
def page_shows_dashboard(context: Any) -> None:
    state = context.state
    must_be_signed_in(state.user.browser.look("what the page shows"), f"{state.moment()}, in the browser")


@then("the {tab:Ordinal} tab shows the sign-in screen")
def tab_shows_sign_in(context: Any, tab: int) -> None:
    state = context.state
    must_be_signed_out(state.user.in_tab(tab, "what the page shows"), f"{state.moment()}, in tab {tab}")


@then("the {tab:Ordinal} tab still shows the dashboard")
def tab_shows_dashboard(context: Any, tab: int) -> None:
    """Then the second tab still shows the dashboard  — looked at without reloading it."""
    state = context.state
    must_be_signed_in(state.user.in_tab(tab, "what the page shows"), f"{state.moment()}, in tab {tab}")


# -- tabs -------------------------------------------------------------------------------------------
@when("the user opens the dashboard in a {tab:Ordinal} tab")
def user_opens_tab(context: Any, tab: int) -> None:
    """When the user opens the dashboard in a second tab  — a new tab of the same browser; it is current."""
    context.state.user.browser.open_tab()


@when("the user works in the {tab:Ordinal} tab every {interval:Duration} for {total:Duration}")
def user_works_in_tab(context: Any, tab: int, interval: timedelta, total: timedelta) -> None:
    """When the user works in the first tab every 5 minutes for 30 minutes"""
    context.state.user.work_in_tab(tab, interval, total)


# -- the server's word ------------------------------------------------------------------------------
@then("the session is still alive on the server")
def session_alive_on_server(context: Any) -> None:
    """Replays the session cookie the user holds from a fresh client: the server, not the page, decides."""
    state = context.state
    must_be_signed_in(state.user.replay_current_cookies(), f"{state.moment()}, replayed from a fresh client")
