"""behave lifecycle: one Lapse run per behave run (app, clocks and browser started once), a clean
scenario state per scenario, the evidence written after the run, and nothing left running."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import parse
from behave import register_type

from support import step_types
from support.behave_record import failure_lines, one_line_errors, scenario_record
from support.controls import check_feature_files
from support.errors import LapseError
from support.options import RunOptions
from support.report import summarise, write_reports
from support.run import LapseRun

register_type(
    Duration=parse.with_pattern(step_types.DURATION_PATTERN)(step_types.duration),
    Channel=parse.with_pattern(step_types.CHANNEL_PATTERN)(step_types.channel),
)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # behave then aborts cleanly and after_all still runs


def before_all(context: Any) -> None:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        options = RunOptions.from_userdata(context.config.userdata)
        check_feature_files(_feature_files(context.config.paths or ["features"]))
        context.lapse = LapseRun(options)
        if context.config.junit_directory == "reports/junit":  # the default follows -D reports=DIR
            context.config.junit_directory = str(options.reports / "junit")
        shutil.rmtree(context.config.junit_directory, ignore_errors=True)  # no stale XML from an earlier run
        context.add_cleanup(context.lapse.close)
        context.lapse.start()
    except LapseError as exc:
        _stop_before_anything_ran(context, exc)


def _stop_before_anything_ran(context: Any, exc: LapseError) -> NoReturn:
    """Bad input or an unreachable app: one line and exit 2, not a hook traceback and 26 "untested"."""
    if (run := getattr(context, "lapse", None)) is not None:
        run.close()
    print(f"lapse: {exc}", file=sys.__stderr__, flush=True)
    sys.stdout.flush()
    os._exit(2)  # behave would report the abort as "ABORTED: By user" and count every scenario


def before_scenario(context: Any, scenario: Any) -> None:
    browser = "browser" in scenario.effective_tags
    context.state = context.lapse.begin_scenario(scenario.name, browser_by_default=browser)


def after_scenario(context: Any, scenario: Any) -> None:
    one_line_errors(scenario)
    if lines := failure_lines(scenario):
        print("\n" + "\n".join(lines), file=sys.__stderr__, flush=True)
    state = context.state
    context.lapse.record.scenarios.append(scenario_record(
        scenario, state.timeline.events, state.policy.describe(), state.policy_source,
        state.clock.elapsed().total_seconds()))


def after_all(context: Any) -> None:
    run = getattr(context, "lapse", None)
    if run is None:
        return
    run.close()
    started = time.perf_counter()
    html, _ = write_reports(run.record, run.reports_dir)
    took = time.perf_counter() - started
    line = (f"Lapse: {summarise(run.record)['verdict']} Audit report: {html.resolve()} "
            f"({html.stat().st_size / 1024:,.0f} KB, written in {took:.2f} s)")
    # at exit, below behave's summary; on sys.__stderr__, as behave captures sys.stderr in hooks
    atexit.register(print, line, file=sys.__stderr__, flush=True)


def _feature_files(paths: list[str]) -> list[Path]:
    """The feature files this run will read, so an unknown control tag stops it before anything starts."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.rglob("*.feature")) if path.is_dir() else [Path(str(path).split(":")[0])])
    return files
