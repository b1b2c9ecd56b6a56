"""What the report says, computed once from a run, so the HTML and the JSON can never disagree.

A run is a list of scenarios; an auditor reads it the other way round: controls first (which rule, which
standard, what proves it), then findings, then each feature's policy and its scenarios.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import support
from support.controls import TAG_PREFIX, Control, Finding, load_catalogue, policy_findings
from support.errors import ConfigError
from support.evidence.model import RunRecord, ScenarioRecord
from support.report.words import policy_sentence

__all__ = ["Audit", "ControlRow", "FeatureSection", "ScenarioRef", "build_audit", "summarise"]

PROVEN, FAILED, NOT_PROVEN = "proven", "failed", "not proven"
_FAILING = ("failed", "error", "hook_error")
_STATUS_ORDER = ("passed", *_FAILING, "undefined", "skipped", "untested")


@dataclass(frozen=True)
class ScenarioRef:
    """A scenario as the controls table links to it."""

    anchor: str
    feature: str
    name: str
    status: str


@dataclass(frozen=True)
class ControlRow:
    control: Control
    scenarios: tuple[ScenarioRef, ...]
    verdict: str  # proven / failed / not proven
    reason: str  # why that verdict, in a few words
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class FeatureSection:
    anchor: str
    name: str
    file: str
    description: str
    tags: tuple[str, ...]
    policy: dict[str, str]
    policy_source: str
    scenarios: tuple[tuple[str, ScenarioRecord], ...]  # (anchor, scenario)


@dataclass(frozen=True)
class Audit:
    run: RunRecord
    summary: dict[str, Any]
    controls: tuple[ControlRow, ...]
    findings: tuple[Finding, ...]
    features: tuple[FeatureSection, ...]

    def to_dict(self) -> dict[str, Any]:
        """The run as recorded, plus everything computed from it (the JSON report)."""
        return {
            "schema": "lapse.audit/1",
            **self.run.to_dict(),
            "summary": self.summary,
            "controls": [_row_dict(row) for row in self.controls],
            "findings": [_finding_dict(finding) for finding in self.findings],
        }


def build_audit(run: RunRecord) -> Audit:
    """Everything the report shows, from the run and the packaged controls catalogue."""
    anchors = {id(s): f"scenario-{n}" for n, s in enumerate(run.scenarios, start=1)}
    findings = _findings(run)
    return Audit(
        run=run,
        summary=summarise(run),
        controls=_control_rows(run, anchors, findings),
        findings=findings,
        features=_features(run, anchors),
    )


def summarise(run: RunRecord) -> dict[str, Any]:
    """The head of the report: what ran, where, how, and how it went (also handy for a console line)."""
    counts = Counter(scenario.status for scenario in run.scenarios)
    failing = sum(counts[status] for status in _FAILING)
    total = len(run.scenarios)
    idle = total - counts["passed"] - failing
    if not total:
        verdict = "No scenario ran."
    elif counts["passed"] == total:
        verdict = "The one scenario passed." if total == 1 else f"All {total} scenarios passed."
    else:
        verdict = f"{counts['passed']} of {total} scenarios passed, {failing} failed"
        verdict += f", {idle} did not run." if idle else "."
    return {
        "run_id": run.run_id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "target": run.target,
        "target_url": run.target_url,
        "clock_mode": run.clock_mode,
        "time_scale": run.time_scale,
        "variant": run.variant,
        "lapse_version": run.lapse_version or support.__version__,
        "app_version": run.app_version,
        "scenarios": total,
        "counts": dict(sorted(counts.items(), key=lambda item: _rank(item[0]))),
        "verdict": verdict,
        "target_policy": policy_sentence(run.target_policy) if run.target_policy else "",
    }


def _rank(status: str) -> int:
    return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)


def _claimed(scenario: ScenarioRecord) -> list[str]:
    """The control ids a scenario claims, its feature's first, once each."""
    ids = [tag.removeprefix("@").removeprefix(TAG_PREFIX) for tag in _tags(scenario)]
    return list(dict.fromkeys(ids))


def _tags(scenario: ScenarioRecord) -> list[str]:
    return [t for t in [*scenario.feature_tags, *scenario.tags] if t.removeprefix("@").startswith(TAG_PREFIX)]


def _control_rows(
    run: RunRecord, anchors: dict[int, str], findings: tuple[Finding, ...]
) -> tuple[ControlRow, ...]:
    """One row per catalogue control (claimed or not), then any unknown id a scenario claimed."""
    catalogue = load_catalogue()
    proving: dict[str, list[ScenarioRef]] = {}
    for scenario in run.scenarios:
        ref = ScenarioRef(anchors[id(scenario)], scenario.feature, scenario.name, scenario.status)
        for control_id in _claimed(scenario):
            proving.setdefault(control_id, []).append(ref)
    unknown = {
        cid: Control(cid, "Not in the controls catalogue", "—", "—", "Unknown control id", "unknown")
        for cid in proving
        if cid not in catalogue
    }
    rows = []
    for control in [*catalogue.values(), *unknown.values()]:
        refs = tuple(proving.get(control.id, ()))
        verdict, reason = _verdict(refs)
        own = tuple(f for f in findings if f.control_id == control.id)
        rows.append(ControlRow(control, refs, verdict, reason, own))
    return tuple(rows)


def _verdict(refs: tuple[ScenarioRef, ...]) -> tuple[str, str]:
    if not refs:
        return NOT_PROVEN, "no scenario"
    failing = sum(ref.status in _FAILING for ref in refs)
    if failing:
        return FAILED, f"{failing} of {len(refs)} failed"
    if all(ref.status == "passed" for ref in refs):
        return PROVEN, f"{len(refs)} of {len(refs)} passed"
    return NOT_PROVEN, "some scenarios did not run"


def _findings(run: RunRecord) -> tuple[Finding, ...]:
    """Policy findings for each scenario's claimed controls, once per feature and sentence."""
    catalogue = load_catalogue()
    found: dict[tuple[str, str, str], Finding] = {}
    for scenario in run.scenarios:
        ids = _claimed(scenario)
        unknown = [cid for cid in ids if cid not in catalogue]
        for cid in unknown:
            text = f"The scenario “{scenario.name}” claims {cid}, which the controls catalogue does not list."
            found.setdefault((cid, scenario.feature, text), Finding(cid, scenario.feature, text))
        policy = scenario.policy or run.target_policy
        try:
            new = policy_findings(policy, [catalogue[cid] for cid in ids if cid in catalogue], scenario.feature)
        except ConfigError as err:
            new = [Finding("", scenario.feature, f"The stated policy could not be read: {err}.")]
        for finding in new:
            found.setdefault((finding.control_id, finding.subject, finding.text), finding)
    return tuple(found.values())


def _features(run: RunRecord, anchors: dict[int, str]) -> tuple[FeatureSection, ...]:
    """Scenarios grouped by feature file, in the order the run met them."""
    groups: dict[str, list[ScenarioRecord]] = {}
    for scenario in run.scenarios:
        groups.setdefault(scenario.feature_file or scenario.feature, []).append(scenario)
    sections = []
    for number, scenarios in enumerate(groups.values(), start=1):
        first = next((s for s in scenarios if s.policy), scenarios[0])
        sections.append(
            FeatureSection(
                anchor=f"feature-{number}",
                name=first.feature,
                file=first.feature_file,
                description=first.feature_description,
                tags=tuple(first.feature_tags),
                policy=first.policy or run.target_policy,
                policy_source=first.policy_source or ("target" if run.target_policy else ""),
                scenarios=tuple((anchors[id(s)], s) for s in scenarios),
            )
        )
    return tuple(sections)


def _row_dict(row: ControlRow) -> dict[str, Any]:
    control = row.control
    return {
        "id": control.id,
        "tag": control.tag,
        "title": control.title,
        "source": control.source,
        "section": control.section,
        "requirement": control.requirement,
        "kind": control.kind,
        "limit": control.limit,
        "max_idle_s": control.max_idle.total_seconds() if control.max_idle else None,
        "max_absolute_s": control.max_absolute.total_seconds() if control.max_absolute else None,
        "obligation": control.obligation,
        "note": control.note,
        "verdict": row.verdict,
        "reason": row.reason,
        "scenarios": [
            {"anchor": r.anchor, "feature": r.feature, "scenario": r.name, "status": r.status}
            for r in row.scenarios
        ],
        "findings": [finding.text for finding in row.findings],
    }


def _finding_dict(finding: Finding) -> dict[str, str]:
    return {"control": finding.control_id, "subject": finding.subject, "text": finding.text}
