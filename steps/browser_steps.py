"""What only a browser can do: Back, Reload, and reading what the page shows right now."""

from typing import Any

from behave import then, when

from support.checks import must_be_signed_out


@when("the user presses the back button")
@when("the user goes back")
def user_goes_back(context: Any) -> None:
    context.state.user.browser.back()


@when("the user reloads the page")
def user_reloads(context: Any) -> None:
    context.state.user.browser.reload()


@then("the browser shows the sign-in page, not the dashboard")
@then("the browser shows the sign-in page")
def browser_shows_sign_in(context: Any) -> None:
    must_be_signed_out(context.state.user.browser.look("what the page shows"), "in the browser")
