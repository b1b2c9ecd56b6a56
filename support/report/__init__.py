"""The audit report: one self-contained HTML page and the same content as JSON, from a run's evidence.

Call `write_reports(run, reports_dir)` once after the run. `build_audit` and `summarise` expose the
computed content (controls table, findings, verdict counts) for a console summary or another writer.
"""

from support.report.audit import Audit, ControlRow, FeatureSection, ScenarioRef, build_audit, summarise
from support.report.writer import HTML_NAME, JSON_NAME, write_reports

__all__ = [
    "HTML_NAME",
    "JSON_NAME",
    "Audit",
    "ControlRow",
    "FeatureSection",
    "ScenarioRef",
    "build_audit",
    "summarise",
    "write_reports",
]
