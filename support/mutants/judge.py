"""Verdicts of the matrix: did the correct app pass everything, and was each variant caught by the scenarios
meant for it?

- **caught**: every `meant_for` entry has at least one scenario that *failed* (an assertion: the check
  said "this app is wrong"). Other scenarios failing too is fine and reported ("also failed").
- **missed by a meant scenario**: some meant scenarios failed, but another one passed — the scenario does
  not prove what it is listed for. A failure of the matrix: fix the scenario or the expectation.
- **caught only by others**: something failed, but none of the meant scenarios: the catch is an accident.
- **survived**: every scenario passed: the feature library cannot tell this variant from the correct app.
- **error**: the run gave no verdict, or a meant scenario ended in an error (could not tell) instead of
  failing. "Could not tell" is never a catch.
- **pending**: the variant, its target or its feature does not exist yet (someone is still adding it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from support.mutants.expected import Expectation, ScenarioRef
from support.mutants.jobs import JobResult, ScenarioResult


class Verdict(Enum):
    PASSED = "passed"  # the correct app: every scenario passed
    CAUGHT = "caught"
    MISSED = "missed by a meant scenario"
    ONLY_OTHERS = "caught only by others"
    SURVIVED = "survived"
    FAILED = "failed"  # the correct app failed something
    ERROR = "error"
    PENDING = "pending"

    @property
    def ok(self) -> bool:
        return self in (Verdict.PASSED, Verdict.CAUGHT, Verdict.PENDING)


@dataclass
class Row:
    """One line of the matrix."""

    variant: str
    target: str
    bug: str
    verdict: Verdict
    why: str = ""
    meant_for: list[str] = field(default_factory=list)
    caught_by: list[str] = field(default_factory=list)  # meant scenarios that failed
    also_failed: list[str] = field(default_factory=list)  # other scenarios that failed
    errors: list[str] = field(default_factory=list)  # scenarios that could not tell
    scenarios: int = 0
    seconds: float = 0.0
    reports: str = ""


def scenario_label(result: ScenarioResult) -> str:
    return f"{result.feature_file}: {result.name}"


def judge_correct(result: JobResult, bug: str = "") -> Row:
    row = _row(result, "correct", bug)
    if not result.ran:
        row.verdict, row.why = Verdict.ERROR, result.problem
        return row
    bad = [s for s in result.scenarios if s.status not in ("passed", "skipped")]
    row.also_failed = [scenario_label(s) for s in bad if s.status == "failed"]
    row.errors = [scenario_label(s) for s in bad if s.status != "failed"]
    if bad:
        row.verdict = Verdict.FAILED
        row.why = f"the correct app must pass everything; {len(bad)} scenario(s) did not"
    else:
        skipped = sum(s.status == "skipped" for s in result.scenarios)
        row.verdict = Verdict.PASSED
        row.why = f"{len(result.scenarios) - skipped} passed" + (f", {skipped} skipped" if skipped else "")
    return row


def judge_variant(expectation: Expectation, result: JobResult, bug: str) -> Row:
    row = _row(result, expectation.variant, bug)
    row.meant_for = [str(r) for r in expectation.meant_for]
    if not result.ran:
        row.verdict, row.why = Verdict.ERROR, result.problem
        return row
    failed = [s for s in result.scenarios if s.status == "failed"]
    errored = [s for s in result.scenarios if s.status not in ("passed", "failed", "skipped")]
    meant = [s for s in result.scenarios if _meant(expectation.meant_for, s)]
    row.caught_by = [scenario_label(s) for s in failed if s in meant]
    row.also_failed = [scenario_label(s) for s in failed if s not in meant]
    row.errors = [scenario_label(s) for s in errored]
    uncaught = [str(ref) for ref in expectation.meant_for
                if not any(ref.matches(s.feature_file, s.name) for s in failed)]
    meant_errors = [s for s in errored if s in meant]
    if not meant:
        row.verdict, row.why = Verdict.ERROR, "none of the scenarios meant for it ran (check the tags and paths)"
    elif meant_errors:
        row.verdict = Verdict.ERROR
        row.why = ("a scenario meant for it could not tell (an error is never a catch): "
                   f"{scenario_label(meant_errors[0])}")
    elif not failed:
        row.verdict, row.why = Verdict.SURVIVED, "every scenario passed against this broken app"
    elif not row.caught_by:
        row.verdict, row.why = Verdict.ONLY_OTHERS, "none of the scenarios meant for it failed"
    elif uncaught:
        row.verdict, row.why = Verdict.MISSED, f"meant to catch it, but passed: {'; '.join(uncaught)}"
    else:
        row.verdict = Verdict.CAUGHT
    return row


def pending_row(expectation: Expectation, why: str, bug: str = "") -> Row:
    return Row(expectation.variant, expectation.target, bug, Verdict.PENDING, why,
               meant_for=[str(r) for r in expectation.meant_for])


def scenarios_that_catch_nothing(correct: Sequence[JobResult], rows: Sequence[Row]) -> list[str]:
    """Scenarios no variant made fail: each still guards against a false alarm, but shows no bug it catches."""
    caught = {label for row in rows for label in (*row.caught_by, *row.also_failed)}
    seen: dict[str, None] = {}
    for result in correct:
        for s in result.scenarios:
            if s.status == "passed":
                seen.setdefault(scenario_label(s), None)
    return [label for label in seen if label not in caught]


def _meant(refs: Sequence[ScenarioRef], scenario: ScenarioResult) -> bool:
    return any(ref.matches(scenario.feature_file, scenario.name) for ref in refs)


def _row(result: JobResult, variant: str, bug: str) -> Row:
    return Row(variant, result.job.target, bug, Verdict.ERROR, scenarios=len(result.scenarios),
               seconds=round(result.seconds, 1), reports=str(result.job.reports))
