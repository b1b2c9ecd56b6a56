"""Turn behave's model of a finished scenario into the evidence record (the only behave-shaped module
in support/, and it only reads attributes: support still never imports behave)."""

from __future__ import annotations

from typing import Any

from support.errors import LapseError
from support.evidence.model import Event, ScenarioRecord, StepRecord
from support.evidence.redact import redact


def one_line_errors(scenario: Any) -> None:
    """A Lapse error is a message for a person, not a traceback: keep only its one line."""
    for step in scenario.steps:
        exc = getattr(step, "exception", None)
        if isinstance(exc, LapseError):
            step.error_message = f"{type(exc).__name__}: {exc}"


def failure_lines(scenario: Any) -> list[str]:
    """What went wrong, in a few lines a person reads at the terminal (behave's progress format shows none)."""
    lines = []
    for step in scenario.steps:
        if step.error_message:
            first = " ".join(str(step.error_message).split("\n", 1)[0].split())
            if first.startswith("Traceback"):
                first = str(step.error_message).strip().splitlines()[-1]
            lines.append(f"    {step.keyword} {step.name}\n      → {redact(first)}")
    return [f"  ✗ {scenario.name} ({scenario.location})", *lines] if lines else []


def _table(table: Any) -> list[list[str]] | None:
    if not table:
        return None
    return [[str(c) for c in table.headings], *[[str(c) for c in row.cells] for row in table.rows]]


def _step(step: Any) -> StepRecord:
    return StepRecord(keyword=str(step.keyword), text=str(step.name), status=step.status.name,
                      error=redact(step.error_message) if step.error_message else None, table=_table(step.table))


def scenario_record(scenario: Any, events: list[Event], policy: dict[str, str], policy_source: str,
                    virtual_span_s: float) -> ScenarioRecord:
    """behave's objects hold `Tag`s and other str subclasses: everything is copied out as plain str."""
    feature = scenario.feature
    return ScenarioRecord(
        feature=str(feature.name), feature_file=str(feature.filename), name=str(scenario.name),
        tags=[str(t) for t in scenario.effective_tags], status=scenario.status.name,
        steps=[_step(s) for s in [*getattr(scenario, "background_steps", []), *scenario.steps]],
        events=events, policy=policy, policy_source=policy_source, duration_s=round(scenario.duration, 3),
        virtual_span_s=round(virtual_span_s, 3),
        feature_description="\n".join(str(line) for line in feature.description),
        feature_tags=[str(t) for t in feature.tags],
    )
