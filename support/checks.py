"""Verdicts: PyHamcrest assertions whose failure text says what the server did when it should not have."""

from __future__ import annotations

from hamcrest import assert_that, equal_to

from support.channels.probe import Answer, ProbeResult


def must_be_signed_out(result: ProbeResult, situation: str) -> None:
    assert_that(result.answer, equal_to(Answer.SIGNED_OUT),
                f"{situation}, the user should have had to sign in again, but the app still accepted the "
                f"session: {result.seen}")


def must_be_signed_in(result: ProbeResult, situation: str) -> None:
    assert_that(result.answer, equal_to(Answer.SIGNED_IN),
                f"{situation}, the user should still be signed in, but the app asked them to sign in "
                f"again: {result.seen}")
