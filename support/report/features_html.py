"""Per feature: its policy in words; per scenario: the Gherkin, the verdict, the timeline, the evidence."""

from __future__ import annotations

from pathlib import Path

from support.controls import TAG_PREFIX, Finding
from support.evidence.model import ScenarioRecord
from support.report.audit import FeatureSection
from support.report.evidence_table import evidence_html
from support.report.gherkin import steps_html
from support.report.markup import anchor_for, esc
from support.report.timeline_svg import timeline_svg
from support.report.words import policy_sentence, real_time, short

__all__ = ["feature_html", "tags_html"]


def feature_html(
    feature: FeatureSection, findings: list[Finding], reports_dir: Path, not_before: float | None
) -> str:
    """One feature section: heading, policy box (with its findings), description, then its scenarios."""
    source = f" — stated in the {esc(feature.policy_source)}" if feature.policy_source else ""
    scenarios = "".join(
        _scenario_html(anchor, scenario, feature.policy, reports_dir, not_before)
        for anchor, scenario in feature.scenarios
    )
    description = f'<p class="description">{esc(feature.description)}</p>' if feature.description else ""
    return (
        f'<section class="feature" id="{feature.anchor}">'
        f"<h2>Feature: {esc(feature.name)}</h2>"
        f'<div class="feature-meta"><span class="mono">{esc(feature.file)}</span> {tags_html(feature.tags)}</div>'
        f'<div class="policy"><div class="muted">Policy{source}</div>'
        f'<div class="sentence">{esc(policy_sentence(feature.policy))}</div>{_findings(findings)}</div>'
        f"{description}{scenarios}</section>"
    )


def _findings(findings: list[Finding]) -> str:
    items = "".join(f'<li><a href="#findings">⚠ {esc(f.control_id or "policy")}</a>: {esc(f.text)}</li>'
                    for f in findings)
    return f'<ul class="policy-findings">{items}</ul>' if items else ""


def tags_html(tags: tuple[str, ...] | list[str]) -> str:
    """Tags as chips; control tags link to their row in the controls table."""
    chips = []
    for tag in tags:
        name = tag.removeprefix("@")
        if name.startswith(TAG_PREFIX):
            target = anchor_for("control", name.removeprefix(TAG_PREFIX))
            chips.append(f'<a class="tag" href="#{target}">@{esc(name)}</a>')
        else:
            chips.append(f'<span class="tag">@{esc(name)}</span>')
    return "".join(chips)


def _scenario_html(
    anchor: str, scenario: ScenarioRecord, feature_policy: dict[str, str], reports_dir: Path,
    not_before: float | None,
) -> str:
    own_policy = ""
    if scenario.policy and scenario.policy != feature_policy:
        own_policy = f'<div class="policy"><div class="muted">Policy in this scenario</div>' \
                     f'<div class="sentence">{esc(policy_sentence(scenario.policy))}</div></div>'
    span = f"{short(scenario.virtual_span_s)} of virtual time" if scenario.virtual_span_s else "no virtual time"
    meta = f"{span} · {real_time(scenario.duration_s)} real · {len(scenario.events)} events"
    timeline = '<p class="muted">Nothing was recorded, so there is nothing to draw.</p>'
    if scenario.events:
        timeline = (
            f"<figure>{timeline_svg(scenario, f'{anchor}-timeline')}<figcaption>Hover a mark for the event, "
            "its real time and what was seen.</figcaption></figure>"
        )
    status = esc(scenario.status)
    own_tags = [tag for tag in scenario.tags if tag not in scenario.feature_tags]
    return (
        f'<article class="scenario {status}" id="{anchor}">'
        f'<div class="sc-head"><span class="badge {status}">{status}</span>'
        f"<h3>Scenario: {esc(scenario.name)}</h3>{tags_html(own_tags)}</div>"
        f'<div class="sc-meta">{esc(meta)}</div>{own_policy}'
        f"<h4>As written</h4>{steps_html(scenario.steps)}"
        f"<h4>Timeline</h4>{timeline}"
        f'<details class="evidence" open><summary>Evidence</summary>'
        f"{evidence_html(scenario.events, reports_dir, not_before)}</details></article>"
    )
