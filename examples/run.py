"""`make examples`: Lapse against real third-party apps (targets/examples/), and their misconfigured twins.

For every example: `lapse check-target`, the idle, logout and measure features (behave), and `lapse measure`.
A correctly configured app must pass everything; a misconfigured twin must be *caught*: the scenarios meant
for its mistake fail on an assertion (never on "could not tell"), and the measured idle timeout differs from
the declared one. A summary table follows; the exit code is 1 if any expectation is not met.

    .venv/bin/python examples/run.py [--only NAME,...] [--reports DIR] [--skip-setup]

Run from anywhere; it works in the repository root. The test user's sign-in comes from LAPSE_USERNAME and
LAPSE_PASSWORD; without LAPSE_PASSWORD a random one is made up for this run (given to examples/setup.sh, which
sets it in the apps' databases, and to Lapse) and never printed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from support.durations import parse_duration
from support.mutants.jobs import read_audit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IDLE, LOGOUT, MEASURED = (f"features/{name}.feature" for name in ("idle_timeout", "logout", "measured_timeouts"))


@dataclass(frozen=True)
class Measurement:
    """`lapse measure --what WHAT --precision PRECISION`, and how close to the declared value it must come."""

    what: str  # "idle timeout" or "absolute lifetime", as the evidence names it
    precision: str
    tolerance: timedelta  # as measured_timeouts.feature says it: "within 5 seconds", "within 1 minute"

    @property
    def option(self) -> str:
        return self.what.split()[0]  # "idle", "absolute"


IDLE_S = Measurement("idle timeout", "1s", timedelta(seconds=5))
# The absolute lifetime, to the minute: each probe keeps a session active for hours (about 35 requests).
ABSOLUTE_MIN = Measurement("absolute lifetime", "1m", timedelta(minutes=1))


@dataclass(frozen=True)
class Example:
    """One run of the suite against one target file (targets/examples/TARGET.toml), and what must happen."""

    target: str
    app: str
    features: tuple[str, ...] = (IDLE, LOGOUT, MEASURED)
    tags: str | None = None  # behave --tags
    measure: tuple[Measurement, ...] = (IDLE_S,)
    caught: tuple[str, ...] = ()  # a misconfigured twin: these scenarios (name prefixes) must fail
    check: bool = False  # run `lapse check-target` first

    @property
    def name(self) -> str:
        """As `-D target=` and `lapse` take it: targets/examples/TARGET.toml."""
        return f"examples/{self.target}"

    @property
    def expected(self) -> str:
        return "caught" if self.caught else "pass"


IDLE_CAUGHT = ("A user idle for 16 minutes must sign in again", "The real idle timeout is the written one")
EXAMPLES = (
    Example("django-admin", "Django 5.2 admin", tags="~@absolute", check=True),
    Example("django-admin-30min", "Django 5.2 admin", tags="~@absolute", caught=IDLE_CAUGHT),
    Example("redmine", "Redmine 5.0", measure=(IDLE_S, ABSOLUTE_MIN), check=True),
    Example("redmine-30min", "Redmine 5.0", caught=IDLE_CAUGHT),
    Example("redmine-stock-cache", "Redmine 5.0", features=(LOGOUT,), measure=(),
            caught=("The back button after sign-out shows the sign-in page",)),
)


@dataclass
class Outcome:
    """What one example did, and whether that is what it had to do (`problems` empty)."""

    example: Example
    checked: str = "-"
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    suite_s: float = 0.0
    measured: dict[str, tuple[str, str]] = field(default_factory=dict)  # what → (value, "N probes in S s")
    problems: list[str] = field(default_factory=list)

    @property
    def result(self) -> str:
        if self.problems:
            return "NOT CAUGHT" if self.example.caught and not self.failed else "FAILED"
        return "caught" if self.example.caught else "ok"


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    os.chdir(ROOT)
    env = _environment()
    began = time.perf_counter()
    chosen = [e for e in EXAMPLES if not args.only or e.target in args.only]
    if unknown := sorted(set(args.only or ()) - {e.target for e in EXAMPLES}):
        print(f"examples: unknown example {', '.join(unknown)} (known: {', '.join(e.target for e in EXAMPLES)})",
              file=sys.stderr)
        return 2
    try:
        if not args.skip_setup and _run(["examples/setup.sh"], env, "set up the apps") != 0:
            print("examples: examples/setup.sh failed", file=sys.stderr)
            return 1
        outcomes = [_example(example, env, args.reports) for example in chosen]
    except KeyboardInterrupt:
        print("examples: interrupted", file=sys.stderr)
        return 130
    _summary(outcomes, time.perf_counter() - began)
    return 1 if any(o.problems for o in outcomes) else 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="examples/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", type=lambda text: [t for t in text.split(",") if t], metavar="NAME,...",
                        help="run only these examples (target names)")
    parser.add_argument("--reports", type=Path, default=Path("reports/examples"), metavar="DIR",
                        help="evidence goes to DIR/TARGET (default: reports/examples)")
    parser.add_argument("--skip-setup", action="store_true", help="do not run examples/setup.sh first")
    return parser.parse_args(argv)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("LAPSE_USERNAME", "lapse")
    if not env.get("LAPSE_PASSWORD"):
        env["LAPSE_PASSWORD"] = secrets.token_urlsafe(18)  # for this run only: setup.sh sets it in the apps
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> int:
    print(f"\n== {what}: {' '.join(command)}", flush=True)
    with subprocess.Popen(command, env=env) as process:
        try:
            return process.wait()
        except KeyboardInterrupt:  # the child got the Ctrl-C too: let it clean up
            process.wait()
            raise


def _example(example: Example, env: dict[str, str], reports: Path) -> Outcome:
    outcome = Outcome(example)
    out = reports / example.target
    where = f"{example.target} (expected: {example.expected})"
    if example.check:
        code = _run([str(BIN / "lapse"), "check-target", example.name, "--reports", str(out)], env,
                    f"{where}: check the target")
        outcome.checked = "ok" if code == 0 else "FAILED"
        if code != 0:
            outcome.problems.append(f"lapse check-target exited {code}")
    command = [str(BIN / "behave"), "--format", "progress", "-D", f"target={example.name}", "-D", f"reports={out}",
               *(["--tags", example.tags] if example.tags else []), *example.features]
    (out / "audit.json").unlink(missing_ok=True)  # never judge a previous run's evidence
    began = time.perf_counter()
    code = _run(command, env, f"{where}: the features")
    outcome.suite_s = time.perf_counter() - began
    if (out / "audit.json").is_file():
        _read_statuses(outcome, out)
        _judge_suite(outcome, code)
    else:
        outcome.problems.append(f"behave exited {code} and wrote no {out / 'audit.json'}")
    for how in example.measure:
        _measure(outcome, env, out, how)
    return outcome


def _read_statuses(outcome: Outcome, reports: Path) -> None:
    """The run's verdicts from its audit.json, as the mutation matrix reads them."""
    for scenario in read_audit(reports):
        if scenario.status == "passed":
            outcome.passed += 1
        elif scenario.status == "failed":
            outcome.failed.append(scenario.name)
        elif scenario.status != "skipped":
            outcome.errors.append(scenario.name)  # error, untested: could not tell, never a catch


def _judge_suite(outcome: Outcome, code: int) -> None:
    example, problems = outcome.example, outcome.problems
    if outcome.errors:
        problems.append(f"could not tell (an error, not a verdict): {'; '.join(outcome.errors)}")
    if not example.caught:
        if code != 0 or outcome.failed or not outcome.passed:
            problems.append(f"behave exited {code}; failed: {'; '.join(outcome.failed) or 'none'}")
        return
    if code not in (0, 1):
        problems.append(f"behave exited {code} (it did not run the scenarios to a verdict)")
    for name in example.caught:
        if not any(failed.startswith(name) for failed in outcome.failed):
            problems.append(f"not caught: {name!r} passed")


def _measure(outcome: Outcome, env: dict[str, str], out: Path, how: Measurement) -> None:
    example = outcome.example
    folder = out / f"measure-{how.option}"
    command = [str(BIN / "lapse"), "measure", example.name, "--what", how.option, "--precision", how.precision,
               "--reports", str(folder)]
    code = _run(command, env, f"{example.target}: measure the {how.what}")
    evidence = folder / f"measure-{example.target}.json"
    if code != 0 or not evidence.is_file():
        outcome.problems.append(f"lapse measure exited {code}")
        return
    report = json.loads(evidence.read_text(encoding="utf-8"))
    limit = next(m for m in report["measurements"] if m["what"] == how.what)
    found, declared = limit["measured_s"], _seconds(limit["declared"])
    words = limit["measured"] or "none found"
    outcome.measured[how.what] = (words, f"{len(limit['probes'])} in {limit['real_s']:.1f} s")
    close = found is not None and declared is not None and abs(found - declared) <= how.tolerance.total_seconds()
    if close == bool(example.caught):
        outcome.problems.append(f"measured {how.what} {words} (declared {limit['declared']}, expected "
                                f"{'a difference' if example.caught else 'that'} within "
                                f"{how.tolerance.total_seconds():g} s)")


def _seconds(words: str | None) -> float | None:
    """The declared value as the evidence words it ("15 minutes", "8 hours"), in seconds."""
    return parse_duration(words).total_seconds() if words is not None else None


def _summary(outcomes: list[Outcome], took: float) -> None:
    header = ("target", "app", "expected", "check", "scenarios", "suite", "idle timeout", "probes", "absolute",
              "probes", "result")
    rows = [header]
    for o in outcomes:
        scenarios = f"{o.passed} passed, {len(o.failed)} failed" + (f", {len(o.errors)} errors" if o.errors else "")
        idle = o.measured.get(IDLE_S.what, ("-", "-"))
        absolute = o.measured.get(ABSOLUTE_MIN.what, ("-", "-"))
        rows.append((o.example.target, o.example.app, o.example.expected, o.checked, scenarios, f"{o.suite_s:.0f} s",
                     *idle, *absolute, o.result))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print("\n== Lapse against real applications (declared: idle timeout 15 minutes; Redmine also 8 hours "
          "absolute lifetime)")
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * width for width in widths))
    for o in outcomes:
        for problem in o.problems:
            print(f"{o.example.target}: {problem}")
    verdict = "every expectation met" if not any(o.problems for o in outcomes) else "SOME EXPECTATIONS NOT MET"
    runs = f"{len(outcomes)} run" + ("s" if len(outcomes) != 1 else "")
    print(f"{verdict} — {runs} in {took / 60:.1f} minutes")


if __name__ == "__main__":
    sys.exit(main())
