"""Run the feature library once per (target, variant), each in its own behave process, a few at a time.

Each process starts one app and at most one browser, and writes its evidence to its own reports directory;
the matrix reads only the per-scenario statuses of its `audit.json`. A process that dies, hangs or writes
no evidence is a *run error*, never a catch.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

JOB_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Job:
    target: str
    variant: str
    reports: Path  # this run's own reports directory
    args: tuple[str, ...] = ()  # extra behave arguments (paths, tags)

    @property
    def label(self) -> str:
        return self.variant if self.target == "reference" else f"{self.variant} @ {self.target}"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "behave", "--format", "progress", "--no-color",
                "-D", f"target={self.target}", "-D", f"variant={self.variant}", "-D", f"reports={self.reports}",
                *self.args]


@dataclass(frozen=True)
class ScenarioResult:
    feature_file: str
    name: str
    status: str  # passed / failed / error / skipped / untested


@dataclass
class JobResult:
    job: Job
    seconds: float
    exit_code: int | None
    scenarios: list[ScenarioResult] = field(default_factory=list)
    problem: str = ""  # why the run produced no verdict (crash, timeout, no audit.json)

    @property
    def ran(self) -> bool:
        return not self.problem


def read_audit(reports: Path) -> list[ScenarioResult]:
    """The per-scenario statuses a run wrote (`audit.json`: top-level `scenarios`, each with `feature_file`,
    `name` and `status`)."""
    data = json.loads((reports / "audit.json").read_text(encoding="utf-8"))
    return [ScenarioResult(str(s["feature_file"]), str(s["name"]), str(s["status"])) for s in data["scenarios"]]


def run_job(job: Job, timeout_s: float = JOB_TIMEOUT_S) -> JobResult:
    job.reports.mkdir(parents=True, exist_ok=True)
    audit = job.reports / "audit.json"
    audit.unlink(missing_ok=True)  # never read a previous run's evidence
    log = job.reports / "behave.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(job.command(), stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            code: int | None = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _stop(process)
            return JobResult(job, time.perf_counter() - started, None,
                             problem=f"did not finish within {timeout_s:.0f} s (log: {log})")
        except BaseException:
            _stop(process)
            raise
    seconds = time.perf_counter() - started
    if not audit.is_file():
        return JobResult(job, seconds, code, problem=f"behave exited {code} without evidence: {_last_line(log)} "
                                                     f"(log: {log})")
    try:
        scenarios = read_audit(job.reports)
    except (ValueError, KeyError, TypeError) as exc:
        return JobResult(job, seconds, code, problem=f"unreadable {audit}: {exc}")
    if not scenarios:
        return JobResult(job, seconds, code, problem=f"no scenario ran (log: {log})")
    return JobResult(job, seconds, code, scenarios)


def run_all(jobs: Sequence[Job], workers: int, done: Callable[[JobResult], None] | None = None) -> list[JobResult]:
    """Run every job, `workers` at a time, in the order given (put the longest first); results in job order."""
    results: dict[Job, JobResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="mutants") as pool:
        futures = {pool.submit(run_job, job): job for job in jobs}
        for future in as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            if done is not None:
                done(result)
    return [results[job] for job in jobs]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the run's process group (behave turns it into a clean stop), then SIGKILL what is left."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else "no output"
