"""The one way text enters the HTML: redacted, then escaped.

Events are redacted when recorded; redacting again here is the second net, so a secret that slipped past
the first (a field someone forgot) still never reaches a file an auditor may forward.
"""

from __future__ import annotations

import html
import re

from support.evidence.redact import redact

__all__ = ["anchor_for", "esc", "outcome_class"]

_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
_OUTCOME_CLASS = {"signed in": "in", "signed out": "out", "could not tell": "unknown"}


def esc(text: object) -> str:
    """Any value as safe HTML text (also safe inside a double- or single-quoted attribute)."""
    return html.escape(redact(str(text)), quote=True)


def outcome_class(outcome: str | None) -> str:
    """The CSS class that colours a probe's answer the same way in the timeline and the evidence table."""
    return "outcome-" + _OUTCOME_CLASS.get(outcome or "", "none")


def anchor_for(prefix: str, name: str) -> str:
    """A fragment id that survives any control id: `control-HIPAA-164-312-a-2-iii`."""
    return f"{prefix}-{_NOT_ID.sub('-', name).strip('-')}"
