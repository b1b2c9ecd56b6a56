"""Verdicts on what a page shows by itself (its idle warning), as PyHamcrest assertions that say what was seen."""

from __future__ import annotations

from hamcrest import assert_that, contains_string, equal_to

from support.channels.browser import PageWarning

WARNINGS = "a visible alert, alert dialog or open <dialog>"


def must_warn(seen: PageWarning, expected: str, situation: str) -> None:
    shown = f"it warns “{seen.text}”" if seen.text else f"{seen.where} shows no warning ({WARNINGS})"
    assert_that(seen.text or "", contains_string(expected),
                f"{situation}, the page should warn “{expected}”, but {shown}")


def must_not_warn(seen: PageWarning, situation: str) -> None:
    """Still the signed-in page, and no warning on it yet (a page that already gave up warns nothing)."""
    assert_that(seen.signed_in, equal_to(True),
                f"{situation}, the page should still show the signed-in page without a warning, but it has left "
                f"it: {seen.where} is the sign-in page")
    assert_that(seen.text, equal_to(None),
                f"{situation}, the page should show no warning yet, but it warns “{seen.text}”")
