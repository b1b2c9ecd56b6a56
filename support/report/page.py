"""The audit report as one HTML page, in the order an auditor reads it.

Summary (what ran, where, how it went) → the policy in plain words → the controls table → findings →
each feature and its scenarios. The run id is in the title, the header and the footer, so a printed page
or a forwarded file always says which run it belongs to.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from support.report.audit import FAILED, NOT_PROVEN, PROVEN, Audit, ControlRow
from support.report.features_html import feature_html
from support.report.gherkin import MARKS
from support.report.markup import anchor_for, esc
from support.report.screenshots import run_start
from support.report.style import CSS
from support.report.words import policy_sentence

__all__ = ["render_html"]

_FACTS = (
    ("Run", "run_id"),
    ("Started", "started_at"),
    ("Finished", "finished_at"),
    ("Target", "target"),
    ("Target URL", "target_url"),
    ("Clock mode", "clock_mode"),
    ("Time scale", "time_scale"),
    ("Variant", "variant"),
    ("Lapse version", "lapse_version"),
    ("App version", "app_version"),
)


def render_html(audit: Audit, reports_dir: Path) -> str:
    """The whole page. Screenshots are read from `reports_dir`; nothing else is read or fetched."""
    summary = audit.summary
    not_before = run_start(audit.run.started_at)
    features = "".join(
        feature_html(f, [x for x in audit.findings if x.subject == f.name], reports_dir, not_before)
        for f in audit.features
    )
    title = f"Lapse audit — run {summary['run_id']} — {summary['target'] or 'target'}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="lapse-run-id" content="{esc(summary["run_id"])}">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"{_header(summary)}{_toc(audit)}<main class=\"wrap\">"
        f"{_summary(audit)}{_policies(audit)}{_controls(audit.controls)}{_findings(audit)}"
        f"{features}</main>{_footer(summary)}</body></html>"
    )


def _header(summary: dict[str, Any]) -> str:
    return (
        '<header class="top"><div class="wrap"><div>'
        "<h1>Session-timeout audit</h1>"
        f'<div class="sub">Run <span class="runid">{esc(summary["run_id"])}</span> · '
        f"{esc(summary['target'] or 'unnamed target')} · {esc(summary['started_at'])}</div></div>"
        f'<div class="sub">{esc(summary["verdict"])}</div></div></header>'
    )


def _toc(audit: Audit) -> str:
    links = [("summary", "Summary"), ("policy", "Policy"), ("controls", "Controls"), ("findings", "Findings")]
    links += [(f.anchor, f.name) for f in audit.features]
    items = "".join(f'<a href="#{anchor}">{esc(text)}</a>' for anchor, text in links)
    return f'<nav class="toc"><div class="wrap">{items}</div></nav>'


def _summary(audit: Audit) -> str:
    summary = audit.summary
    facts = "".join(
        f"<dt>{label}</dt><dd>{esc(_fact(summary, key))}</dd>" for label, key in _FACTS if summary.get(key) != ""
    )
    counts = "".join(_tile(status, n, status) for status, n in summary["counts"].items())
    verdicts = Counter(row.verdict for row in audit.controls)
    controls = "".join(
        _tile(v.replace(" ", "-"), verdicts[v], f"controls {v}") for v in (PROVEN, FAILED, NOT_PROVEN) if verdicts[v]
    )
    return (
        '<section class="block" id="summary"><h2>Summary</h2><div class="grid2">'
        f'<dl class="facts">{facts}</dl><div><p class="verdict-line">{esc(summary["verdict"])}</p>'
        f'<div class="tiles">{counts}</div><div class="tiles">{controls}</div>'
        f'<div class="muted">{len(audit.findings)} finding(s) about the stated policies.</div>'
        "</div></div></section>"
    )


def _fact(summary: dict[str, Any], key: str) -> str:
    if key == "time_scale":
        scale = summary[key]
        return "1 (virtual time moves only when a step moves it)" if scale == 1 else f"× {scale}"
    return str(summary.get(key, ""))


def _tile(css: str, count: int, label: str) -> str:
    return f'<div class="tile {esc(css)}"><div class="n">{count}</div><div class="l">{esc(label)}</div></div>'


def _policies(audit: Audit) -> str:
    items = [
        f'<li><a href="#{f.anchor}">{esc(f.name)}</a>: {esc(policy_sentence(f.policy))}</li>'
        for f in audit.features
    ]
    target = audit.summary["target_policy"]
    if target:
        items.append(f"<li>The target file states: {esc(target)} Where a feature states a policy, it wins.</li>")
    body = f'<ul class="policies">{"".join(items)}</ul>' if items else '<p class="muted">No policy stated.</p>'
    return f'<section class="block" id="policy"><h2>The policy in plain words</h2>{body}</section>'


def _controls(rows: tuple[ControlRow, ...]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("Control", "Source", "Requirement", "Limit", "Proven by", "Verdict"))
    widths = "".join(f'<col style="width:{w}%">' for w in (17, 15, 27, 11, 19, 11))
    return (
        '<section class="block" id="controls"><h2>Controls</h2>'
        '<p class="muted">Every control in the catalogue. <b>Proven</b>: every scenario claiming it passed on '
        "this run. <b>Failed</b>: at least one did not. <b>Not proven</b>: no scenario claims it, or its "
        "scenarios did not run.</p>"
        f'<table class="controls"><colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead><tbody>'
        f'{"".join(_control_row(row) for row in rows)}</tbody></table></section>'
    )


def _control_row(row: ControlRow) -> str:
    control = row.control
    proofs = "".join(
        f'<li class="st-{esc(ref.status)}" title="{esc(ref.status)}"><span class="mark">'
        f'{MARKS.get(ref.status, "·")}</span><a href="#{ref.anchor}">{esc(ref.name)}</a></li>'
        for ref in row.scenarios
    )
    proof_list = f'<ul class="proofs">{proofs}</ul>' if proofs else "—"
    flag = ""
    if row.findings:
        flag = f'<br><a class="flag" href="#findings">⚠ {len(row.findings)} finding(s)</a>'
    note = f'<div class="note">{esc(control.note)}</div>' if control.note else ""
    verdict = row.verdict.replace(" ", "-")
    return (
        f'<tr id="{anchor_for("control", control.id)}" class="{"claimed" if row.scenarios else "unclaimed"}">'
        f'<td class="id">{esc(control.id)}<span class="title">{esc(control.title)}</span></td>'
        f"<td>{esc(control.reference)}</td><td>{esc(control.requirement)}{note}</td>"
        f"<td>{esc(control.limit)}</td>"
        f"<td>{proof_list}</td>"
        f'<td><span class="badge {verdict}">{esc(row.verdict)}</span>'
        f'<div class="muted">{esc(row.reason)}</div>{flag}</td></tr>'
    )


def _findings(audit: Audit) -> str:
    if not audit.findings:
        body = '<p class="ok">No findings: every stated policy meets the limits of the controls it claims.</p>'
    else:
        items = "".join(
            f'<li><span class="ctl">{esc(f.control_id or "policy")}</span>'
            f'<span class="muted">{esc(f.subject)}</span><br>{esc(f.text)}</li>'
            for f in audit.findings
        )
        body = (
            '<p class="muted">A finding is a policy looser than a control it claims, or silent on a limit the '
            "control needs. It stands even when every scenario passes: the application may enforce the wrong "
            f'rule faithfully.</p><ul class="findings">{items}</ul>'
        )
    return f'<section class="block" id="findings"><h2>Findings</h2>{body}</section>'


def _footer(summary: dict[str, Any]) -> str:
    return (
        f'<footer><div class="wrap">Lapse {esc(summary["lapse_version"])} · run '
        f'<span class="mono">{esc(summary["run_id"])}</span> · written {esc(summary["finished_at"])}. '
        "This file is self-contained: it loads nothing from the network.</div></footer>"
    )
