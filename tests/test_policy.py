"""SessionPolicy: built from a Gherkin table, refused when contradictory, merged, scaled and described."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from support.errors import ConfigError
from support.policy import SessionPolicy

s, m, h = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)


def test_from_rows_reads_the_design_example() -> None:
    policy = SessionPolicy.from_rows([("idle timeout", "15 minutes"), ("absolute lifetime", "8 hours")])
    assert policy == SessionPolicy(idle_timeout=15 * m, absolute_lifetime=8 * h)


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("idle timeout", "idle_timeout"),
        ("Inactivity Timeout", "idle_timeout"),
        ("IDLE", "idle_timeout"),
        ("  idle   timeout ", "idle_timeout"),
        ("absolute lifetime", "absolute_lifetime"),
        ("absolute timeout", "absolute_lifetime"),
        ("maximum lifetime", "absolute_lifetime"),
        ("session lifetime", "absolute_lifetime"),
        ("grace", "grace"),
        ("warning", "warning_lead"),
        ("warning lead", "warning_lead"),
        ("Warning before sign-out", "warning_lead"),
        ("access token lifetime", "access_token_lifetime"),
        ("refresh token lifetime", "refresh_token_lifetime"),
    ],
)
def test_from_rows_accepts_every_key_and_alias(key: str, field: str) -> None:
    assert getattr(SessionPolicy.from_rows([(key, "2 minutes")]), field) == 2 * m


def test_from_rows_reads_every_setting() -> None:
    policy = SessionPolicy.from_rows(
        [
            ("idle timeout", "15 minutes"),
            ("absolute lifetime", "8 hours"),
            ("grace", "5 seconds"),
            ("warning", "2 minutes"),
            ("access token lifetime", "5 minutes"),
            ("refresh token lifetime", "1 hour"),
        ]
    )
    assert policy == SessionPolicy(15 * m, 8 * h, 5 * s, 2 * m, 5 * m, h)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("idel timeout", "15 minutes")],
            'policy row 1: unknown setting "idel timeout"; did you mean "idle timeout"? '
            'accepted: "idle timeout",',
        ),
        ([("colour", "blue")], 'unknown setting "colour"; accepted: "idle timeout", "inactivity timeout"'),
        ([("idle timeout", "1 minute"), ("timeout", "2 minutes")], 'policy row 2: unknown setting "timeout"'),
        (
            [("idle timeout", "15 minutes"), ("grace", "1 second"), ("Idle Timeout", "16 minutes")],
            'policy row 3 ("Idle Timeout") repeats the idle timeout already given in row 1 ("idle timeout")',
        ),
        ([("idle", "15 minutes"), ("inactivity timeout", "16 minutes")], "repeats the idle timeout"),
        (
            [("idle timeout", "15 minutes"), ("absolute lifetime", "8 horus")],
            'policy row 2 ("absolute lifetime"): invalid duration "8 horus": unknown unit "horus"; '
            'did you mean "hours"?',
        ),
        ([("grace", "")], 'policy row 1 ("grace"): invalid duration "": it is empty'),
        (
            [("idle timeout", "16 hours"), ("absolute lifetime", "8 hours")],
            "contradictory policy: the idle timeout (16 hours) is longer than the absolute lifetime",
        ),
    ],
)
def test_from_rows_refuses_bad_tables(rows: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        SessionPolicy.from_rows(rows)
    assert message in str(caught.value)


def test_an_empty_table_is_an_empty_policy() -> None:
    assert SessionPolicy.from_rows([]) == SessionPolicy()


def test_idle_longer_than_absolute_is_explained_exactly() -> None:
    with pytest.raises(ConfigError) as caught:
        SessionPolicy(idle_timeout=16 * h, absolute_lifetime=8 * h)
    assert str(caught.value) == (
        "contradictory policy: the idle timeout (16 hours) is longer than the absolute lifetime (8 hours); "
        "an idle session can never outlive the absolute cap — "
        "shorten the idle timeout or lengthen the lifetime"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"idle_timeout": timedelta(0)}, "the idle timeout is 0 seconds, which no session can honour;"),
        ({"absolute_lifetime": timedelta(0)}, "the absolute lifetime is 0 seconds"),
        ({"warning_lead": timedelta(0)}, "the warning lead is 0 seconds"),
        ({"access_token_lifetime": timedelta(0)}, "the access token lifetime is 0 seconds"),
        ({"idle_timeout": -5 * m}, "the idle timeout is negative (minus 5 minutes)"),
        ({"grace": -s}, "the grace is negative (minus 1 second)"),
        (
            {"idle_timeout": 15 * m, "warning_lead": 15 * m},
            "contradictory policy: the warning lead (15 minutes) is as long as the idle timeout "
            "(15 minutes); the warning would show before the user has been idle at all",
        ),
        ({"idle_timeout": 15 * m, "warning_lead": 20 * m}, "the warning lead (20 minutes) is longer than"),
        (
            {"idle_timeout": 15 * m, "grace": 15 * m},
            "the grace (15 minutes) is as long as the idle timeout (15 minutes); a boundary checked",
        ),
        (
            {"absolute_lifetime": m, "grace": 2 * m},
            "the grace (2 minutes) is longer than the absolute lifetime",
        ),
        (
            {"access_token_lifetime": 2 * h, "refresh_token_lifetime": h},
            "contradictory policy: the access token lifetime (2 hours) is longer than the refresh token "
            "lifetime (1 hour); a refresh token must outlive the access tokens it renews",
        ),
    ],
)
def test_contradictory_or_impossible_policies_are_refused(fields: dict[str, timedelta], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        SessionPolicy(**fields)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"idle_timeout": 8 * h, "absolute_lifetime": 8 * h},
        {"warning_lead": 2 * m},  # a feature may state the warning and take the idle timeout from the target
        {"grace": 5 * s},
        {"access_token_lifetime": h, "refresh_token_lifetime": h},
        {"idle_timeout": 15 * m, "warning_lead": 14 * m, "grace": 14 * m},
    ],
)
def test_consistent_policies_are_accepted(fields: dict[str, timedelta]) -> None:
    SessionPolicy(**fields)


def test_policy_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SessionPolicy().idle_timeout = m  # type: ignore[misc]


def test_merged_over_lets_the_feature_win_field_by_field() -> None:
    target = SessionPolicy(
        idle_timeout=30 * m, absolute_lifetime=8 * h, grace=5 * s, access_token_lifetime=5 * m
    )
    feature = SessionPolicy(idle_timeout=15 * m, warning_lead=2 * m)
    assert feature.merged_over(target) == SessionPolicy(
        idle_timeout=15 * m,
        absolute_lifetime=8 * h,
        grace=5 * s,
        warning_lead=2 * m,
        access_token_lifetime=5 * m,
    )


def test_merged_over_takes_a_stated_grace_from_the_feature() -> None:
    assert SessionPolicy(grace=2 * s).merged_over(SessionPolicy(grace=5 * s)).grace == 2 * s


def test_merged_over_checks_the_result() -> None:
    with pytest.raises(
        ConfigError, match=r"the idle timeout \(16 hours\) is longer than the absolute lifetime"
    ):
        SessionPolicy(idle_timeout=16 * h).merged_over(SessionPolicy(absolute_lifetime=8 * h))


def test_scaled_divides_every_duration() -> None:
    policy = SessionPolicy(15 * m, 8 * h, 5 * s, 2 * m, 5 * m, h)
    assert policy.scaled(60) == SessionPolicy(
        15 * s, 8 * m, timedelta(milliseconds=5000 / 60), 2 * s, 5 * s, m
    )
    assert policy.scaled(1) == policy
    assert SessionPolicy(idle_timeout=m).scaled(0.5) == SessionPolicy(idle_timeout=2 * m)


@pytest.mark.parametrize("factor", [0, -60, float("nan"), float("inf")])
def test_scaled_refuses_a_factor_that_is_not_positive_and_finite(factor: float) -> None:
    with pytest.raises(
        ConfigError, match=r"invalid time scale factor .*: use a finite number above 0, e\.g\. 60"
    ):
        SessionPolicy(idle_timeout=m).scaled(factor)


def test_with_changes_replaces_and_checks_again() -> None:
    policy = SessionPolicy(idle_timeout=15 * m, absolute_lifetime=8 * h)
    assert policy.with_changes(idle_timeout=10 * m) == SessionPolicy(10 * m, 8 * h)
    assert policy.with_changes(absolute_lifetime=None).absolute_lifetime is None
    with pytest.raises(ConfigError, match="contradictory policy"):
        policy.with_changes(idle_timeout=9 * h)


def test_describe_lists_only_stated_settings_in_a_fixed_order() -> None:
    policy = SessionPolicy(absolute_lifetime=8 * h, idle_timeout=15 * m)
    assert list(policy.describe().items()) == [
        ("idle timeout", "15 minutes"),
        ("absolute lifetime", "8 hours"),
    ]
    full = SessionPolicy(15 * m, 8 * h, 5 * s, 2 * m, 5 * m, h)
    assert full.describe() == {
        "idle timeout": "15 minutes",
        "absolute lifetime": "8 hours",
        "grace": "5 seconds",
        "warning lead": "2 minutes",
        "access token lifetime": "5 minutes",
        "refresh token lifetime": "1 hour",
    }
    assert SessionPolicy().describe() == {}


@pytest.mark.parametrize(
    ("policy", "sentence"),
    [
        (
            SessionPolicy(idle_timeout=15 * m, absolute_lifetime=8 * h),
            "A session ends after 15 minutes without activity, "
            "and 8 hours after sign-in whatever the activity.",
        ),
        (SessionPolicy(idle_timeout=15 * m), "A session ends after 15 minutes without activity."),
        (
            SessionPolicy(absolute_lifetime=8 * h),
            "A session ends 8 hours after sign-in whatever the activity.",
        ),
        (SessionPolicy(), "A session has no idle timeout and no absolute lifetime."),
        (
            SessionPolicy(15 * m, None, 5 * s, 2 * m, 5 * m, h),
            "A session ends after 15 minutes without activity; the user is warned 2 minutes before an idle "
            "sign-out; access tokens last 5 minutes; refresh tokens last 1 hour; boundaries are checked to "
            "within 5 seconds.",
        ),
    ],
)
def test_sentence_reads_as_one_plain_sentence(policy: SessionPolicy, sentence: str) -> None:
    assert policy.sentence() == sentence
