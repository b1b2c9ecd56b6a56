"""The JSON report: the same audit as the HTML, for machines, with every string redacted again."""

from __future__ import annotations

import json
from typing import Any

from support.evidence.redact import redact
from support.report.audit import Audit

__all__ = ["redacted", "render_json"]


def render_json(audit: Audit) -> str:
    """The run as recorded plus the summary, controls table and findings, as indented UTF-8 JSON."""
    return json.dumps(redacted(audit.to_dict()), indent=2, ensure_ascii=False) + "\n"


def redacted(value: Any) -> Any:
    """`value` with every string in it (keys too) passed through `redact`, at any depth."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redacted(str(key)): redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redacted(item) for item in value]
    return value
