"""Write the audit report files of a run: `audit.html` and `audit.json`, side by side.

Each file is written to a temporary name and renamed into place, so a crash mid-write never leaves a
half report that looks whole, and a reader never sees one run's HTML beside another run's JSON for long.
"""

from __future__ import annotations

import os
from pathlib import Path

from support.evidence.model import RunRecord
from support.report.audit import build_audit
from support.report.json_doc import render_json
from support.report.page import render_html

__all__ = ["HTML_NAME", "JSON_NAME", "write_reports"]

HTML_NAME = "audit.html"
JSON_NAME = "audit.json"


def write_reports(run: RunRecord, reports_dir: Path) -> tuple[Path, Path]:
    """Write `reports_dir/audit.html` and `reports_dir/audit.json`; return their paths (HTML, JSON).

    Screenshots named by the run's events are read from `reports_dir` and embedded in the HTML.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    audit = build_audit(run)
    html_path = _write(reports_dir / HTML_NAME, render_html(audit, reports_dir))
    json_path = _write(reports_dir / JSON_NAME, render_json(audit))
    return html_path, json_path


def _write(path: Path, text: str) -> Path:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path
