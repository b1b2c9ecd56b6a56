"""API clients holding a bearer access token and a refresh token (a single-page or mobile app)."""

from datetime import timedelta
from typing import Any

from behave import given, then, when

from support.channels.tokens import tokens_of
from support.checks import must_be_signed_in, must_be_signed_out


@given("a user signed in with API tokens")
def signed_in_with_tokens(context: Any) -> None:
    """Signs in through the JSON token endpoint; the user then holds an access and a refresh token."""
    context.state.new_user("tokens").sign_in()


@when("the user refreshes the tokens")
def refreshes(context: Any) -> None:
    tokens_of(context.state.user).refresh()


@when("the user refreshes the tokens every {interval:Duration} for {total:Duration}")
def refreshes_every(context: Any, interval: timedelta, total: timedelta) -> None:
    """A token session's only activity is a refresh."""
    context.state.user.work_every(interval, total)


@then("the access token is accepted")
def access_token_accepted(context: Any) -> None:
    must_be_signed_in(tokens_of(context.state.user).probe(), f"{context.state.moment()}, with the access token")


@then("the access token is refused")
def access_token_refused(context: Any) -> None:
    must_be_signed_out(tokens_of(context.state.user).probe(), f"{context.state.moment()}, with the access token")


@then("the refresh token is refused")
def refresh_token_refused(context: Any) -> None:
    state = context.state
    must_be_signed_out(tokens_of(state.user).refresh(), f"{state.moment()}, refreshing")


@then("the refresh token already used is refused")
def spent_refresh_token_refused(context: Any) -> None:
    state = context.state
    must_be_signed_out(tokens_of(state.user).replay_spent_refresh_token(),
                       "replaying a refresh token that was already used once")
