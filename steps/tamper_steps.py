"""A hostile client: it changes the session expiry it was given, or an attacker plants a session id."""

from datetime import timedelta
from typing import Any

from behave import given, then, when

from support.attacks import move_expiry, plant_session_id
from support.checks import must_be_signed_out


@when("the client moves the session expiry it was given {later:Duration} later")
def moves_expiry(context: Any, later: timedelta) -> None:
    """Edits the readable expiry cookie (e.g. `session_expires`); only the server's own clock may count."""
    move_expiry(context.state.user, later)


@given("an attacker has planted a session id in the user's client")
def attacker_plants_session_id(context: Any) -> None:
    context.planted = plant_session_id(context.state.new_user("api"))


@when("the user signs in")
def user_signs_in(context: Any) -> None:
    context.state.user.sign_in()


@then("the planted session id is rejected by the server")
def planted_rejected(context: Any) -> None:
    user = context.state.user
    must_be_signed_out(user.replay_cookies(context.planted, "the planted session id"),
                       "after the user signed in, the planted session id replayed from the attacker's client")
