"""The scenario as the product owner wrote it, each step marked with what happened to it.

The Gherkin is the policy in the reader's own words; the marks and the failing step's error turn it into
evidence without making the auditor read a log.
"""

from __future__ import annotations

from support.evidence.model import StepRecord
from support.report.markup import esc

__all__ = ["MARKS", "steps_html", "table_html"]

MARKS = {
    "passed": "✓",
    "failed": "✗",
    "error": "✗",
    "hook_error": "✗",
    "skipped": "–",
    "untested": "–",
    "undefined": "?",
}


def steps_html(steps: list[StepRecord]) -> str:
    """An ordered list of steps: mark, keyword, text, data table, and the error under a failed step."""
    items = []
    for step in steps:
        extra = table_html(step.table) if step.table else ""
        if step.error:
            extra += f'<pre class="error">{esc(step.error)}</pre>'
        items.append(
            f'<li class="step st-{esc(step.status)}" title="{esc(step.status)}">'
            f'<span class="mark" aria-label="{esc(step.status)}">{MARKS.get(step.status, "·")}</span>'
            f'<span class="kw">{esc(step.keyword)}</span> {esc(step.text)}{extra}</li>'
        )
    return f'<ol class="steps">{"".join(items)}</ol>' if items else '<p class="muted">No steps recorded.</p>'


def table_html(rows: list[list[str]]) -> str:
    """A Gherkin data table, every row as written (a policy table has no header row to set apart)."""
    body = "".join("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="datatable">{body}</table>'
