"""Screenshots embedded in the report as data: URIs, so the one HTML file is the whole record.

Only files this run took are embedded: one that is missing, outside the reports directory, or older than
the run (left over from an earlier run) becomes a visible note instead, never someone else's picture and
never a crash.
"""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path

from support.report.markup import esc

__all__ = ["run_start", "screenshot_html"]

_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
_SLACK_S = 2.0  # file-system timestamps are coarse; a file this close to the start belongs to the run


def run_start(started_at: str) -> float | None:
    """The run's start as a POSIX timestamp (a naive ISO time is local time), or None if unreadable."""
    try:
        return datetime.fromisoformat(started_at).timestamp()
    except ValueError:
        return None


def screenshot_html(relative: str, reports_dir: Path, not_before: float | None, alt: str) -> str:
    """A thumbnail that enlarges when clicked (pure CSS), or a note saying why there is no picture."""
    root = reports_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        return _note(f"screenshot {relative} is outside the reports directory; not embedded")
    if path.suffix.lower() not in _MIME:
        return _note(f"screenshot {relative} is not an image Lapse embeds (png, jpeg, webp)")
    try:
        taken = path.stat().st_mtime
        data = path.read_bytes()
    except OSError:
        return _note(f"screenshot missing: {relative}")
    if not_before is not None and taken < not_before - _SLACK_S:
        return _note(f"screenshot {relative} predates this run; not embedded")
    uri = f"data:{_MIME[path.suffix.lower()]};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<label class="shot" title="click to enlarge"><input type="checkbox">'
        f'<img src="{uri}" alt="{esc(alt)}"></label>'
    )


def _note(text: str) -> str:
    return f'<span class="shot-missing">{esc(text)}</span>'
