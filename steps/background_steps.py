"""What an open page does by itself while the user is away."""

from datetime import timedelta
from typing import Any

from behave import when

from support.background import poll_every
from support.channels.json_api import REFERENCE_ENDPOINTS


@when("the dashboard polls for notifications once a minute for {total:Duration}")
def dashboard_polls(context: Any, total: timedelta) -> None:
    """The reference app's dashboard polls its notifications endpoint; the user does nothing."""
    poll_every(context.state.user, REFERENCE_ENDPOINTS.poll, timedelta(minutes=1), total)


@when('the page polls "{path}" every {interval:Duration} for {total:Duration}')
def page_polls(context: Any, path: str, interval: timedelta, total: timedelta) -> None:
    poll_every(context.state.user, path, interval, total)
