"""Users signing in, idling, working and signing out; the verdicts on their sessions.

Each sentence is one call into support/. A channel phrase ("through the browser", "over the API") picks
the channel; without one, a scenario tagged @browser uses the browser and any other the API.
"""

from datetime import timedelta
from typing import Any

from behave import given, then, when

from support.checks import must_be_signed_in, must_be_signed_out


# -- signing in ------------------------------------------------------------------------------------
@given("a user signed in {via:Channel}")
def signed_in_via(context: Any, via: str) -> None:
    context.state.new_user(via).sign_in()


@given("a user signed in")
def signed_in(context: Any) -> None:
    context.state.new_user().sign_in()


@given("a user idle for {idle:Duration} {via:Channel}")
def idle_user_via(context: Any, idle: timedelta, via: str) -> None:
    user = context.state.new_user(via)
    user.sign_in()
    user.idle(idle)


@given("a user idle for {idle:Duration}")
def idle_user(context: Any, idle: timedelta) -> None:
    """Given a user idle for 16 minutes  — signed in, then nothing at all for 16 minutes."""
    user = context.state.new_user()
    user.sign_in()
    user.idle(idle)


# -- time passing ----------------------------------------------------------------------------------
@when("the user is idle for {idle:Duration}")
@when("the user does nothing for {idle:Duration}")
@when("{idle:Duration} pass without activity")
def user_idles(context: Any, idle: timedelta) -> None:
    context.state.user.idle(idle)


@when("the user clicks around every {interval:Duration} for {total:Duration}")
@when("the user works every {interval:Duration} for {total:Duration}")
@when("the user is active every {interval:Duration} for {total:Duration}")
def user_works(context: Any, interval: timedelta, total: timedelta) -> None:
    """When the user clicks around every 10 minutes for 1 hour  — one real request (or page) each time."""
    context.state.user.work_every(interval, total)


# -- signing out -----------------------------------------------------------------------------------
@when("the user signs out")
def user_signs_out(context: Any) -> None:
    context.state.user.sign_out()


# -- verdicts --------------------------------------------------------------------------------------
@then("the user must sign in again")
@then("the user is signed out")
def must_sign_in_again(context: Any) -> None:
    state = context.state
    must_be_signed_out(state.user.probe(), state.moment())


@then("the user is still signed in")
def still_signed_in(context: Any) -> None:
    state = context.state
    must_be_signed_in(state.user.probe(), state.moment())


@then("the old session cookie is rejected by the server")
@then("replaying the old session cookie is rejected")
def old_cookie_rejected(context: Any) -> None:
    """Replays the last session cookie the user held, from a fresh client with nothing else."""
    user = context.state.user
    must_be_signed_out(user.replay_cookies(user.last_cookies, "the old session cookie"),
                       "replayed from a fresh client")
