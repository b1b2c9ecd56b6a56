"""Turn behave's model of a finished scenario into the evidence record (the only behave-shaped module
in support/, and it only reads attributes: support still never imports behave)."""

from __future__ import annotations

from typing import Any

from support.errors import LapseError
from support.evidence.model import ScenarioRecord, StepRecord
from support.evidence.redact import redact


def one_line_errors(scenario: Any) -> None:
    """A Lapse error is a message for a person, not a traceback: keep only its one line."""
    for step in scenario.steps:
        exc = getattr(step, "exception", None)
        if isinstance(exc, LapseError):
            step.error_message = f"{type(exc).__name__}: {exc}"


def scenario_record(scenario: Any, events: list[Any], policy: dict[str, str], policy_source: str,
                    virtual_span_s: float) -> ScenarioRecord:
    feature = scenario.feature
    steps = [StepRecord(keyword=step.keyword, text=step.name, status=step.status.name,
                        error=redact(step.error_message) if step.error_message else None,
                        table=[list(step.table.headings), *[list(r.cells) for r in step.table.rows]]
                        if step.table else None)
             for step in [*getattr(scenario, "background_steps", []), *scenario.steps]]
    return ScenarioRecord(
        feature=feature.name, feature_file=str(feature.filename), name=scenario.name,
        tags=list(scenario.effective_tags), status=scenario.status.name, steps=steps, events=events,
        policy=policy, policy_source=policy_source, duration_s=round(scenario.duration, 3),
        virtual_span_s=round(virtual_span_s, 3), feature_description="\n".join(feature.description),
        feature_tags=list(feature.tags),
    )
