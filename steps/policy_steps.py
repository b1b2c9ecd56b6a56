"""Stating the policy a feature proves (visible to auditors; wins over the target's declared policy)."""

from datetime import timedelta
from typing import Any

from behave import given

from support.policy import SessionPolicy


@given("the session policy:")
@given("the session policy")
def state_policy_table(context: Any) -> None:
    """
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |
    """
    table = context.table
    rows = [tuple(table.headings), *[tuple(row.cells) for row in table.rows]]
    context.state.state_policy(SessionPolicy.from_rows((str(r[0]), str(r[1])) for r in rows))


@given("the idle timeout is {limit:Duration}")
def state_idle_timeout(context: Any, limit: timedelta) -> None:
    context.state.state_policy(SessionPolicy(idle_timeout=limit))


@given("the absolute lifetime is {limit:Duration}")
def state_absolute_lifetime(context: Any, limit: timedelta) -> None:
    context.state.state_policy(SessionPolicy(absolute_lifetime=limit))
