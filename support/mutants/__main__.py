"""`python -m support.mutants [--workers N] [--strict] [--only VARIANT ...]`: run and judge the matrix."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from support.errors import ConfigError
from support.mutants.expected import (
    DEFAULT_TARGET,
    EXPECTED_FILE,
    Expectation,
    check_scenarios_exist,
    load_expected,
    unlisted,
    why_pending,
)
from support.mutants.jobs import Job, JobResult, run_all
from support.mutants.judge import Row, judge_correct, judge_variant, pending_row, scenarios_that_catch_nothing
from support.mutants.render import Matrix, render_json, render_markdown, render_text, with_table
from support.target import available_targets

SLOW_TAG = "@slow"
DEFAULT_WORKERS = 3  # on 2 cores: runs wait on the app and the browser as much as they compute


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m support.mutants", description=__doc__)
    parser.add_argument("--expected", type=Path, default=EXPECTED_FILE, help="the expectations file")
    parser.add_argument("--reports", type=Path, default=Path("reports"), help="where the matrix is written")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LAPSE_MUTANT_WORKERS", DEFAULT_WORKERS)),
                        help=f"behave processes at a time (default {DEFAULT_WORKERS})")
    parser.add_argument("--strict", action="store_true", default=os.environ.get("LAPSE_MUTANTS_STRICT") == "1",
                        help="a pending variant fails the matrix (also LAPSE_MUTANTS_STRICT=1)")
    parser.add_argument("--full", action="store_true",
                        help=f"run {SLOW_TAG} scenarios against every variant too (slower; more 'also failed' detail)")
    parser.add_argument("--readme", type=Path, metavar="FILE",
                        help="also copy the table into FILE between its <!-- mutants:begin/end --> markers")
    parser.add_argument("--only", nargs="+", metavar="VARIANT", help="run only these variants (and the correct app)")
    args = parser.parse_args(argv)
    try:
        matrix = run_matrix(args.expected, args.reports, args.workers, args.strict, args.only, args.full)
    except ConfigError as exc:
        print(f"lapse mutants: {exc}", file=sys.stderr)
        return 2
    print(render_text(matrix), end="")
    if args.readme is not None:
        try:
            args.readme.write_text(with_table(args.readme.read_text(encoding="utf-8"), render_markdown(matrix)),
                                   encoding="utf-8")
        except (OSError, ValueError) as exc:
            print(f"lapse mutants: {args.readme}: {exc}", file=sys.stderr)
            return 2
    print(f"Written: {args.reports / 'mutants.md'}, {args.reports / 'mutants.json'}; each run's evidence under "
          f"{args.reports / 'mutants'}/")
    return 0 if matrix.ok else 1


def run_matrix(expected_file: Path, reports: Path, workers: int, strict: bool = False,
               only: list[str] | None = None, full: bool = False) -> Matrix:
    from reference_app.variants import VARIANTS

    expected = load_expected(expected_file)
    expectations = expected.variants
    if missing := unlisted(expectations, VARIANTS):
        raise ConfigError(f"{expected_file} does not say which scenario is meant to catch: {', '.join(missing)} "
                          f"— add a [[variant]] for each")
    if only:
        if unknown := sorted(set(only) - {e.variant for e in expectations}):
            raise ConfigError(f"--only: unknown variant(s) {', '.join(unknown)}")
        expectations = [e for e in expectations if e.variant in only]
    targets = available_targets()
    pending: dict[str, str] = {}
    for e in expectations:
        if (why := why_pending(e, VARIANTS, targets)) is not None:
            pending[e.variant] = why
        else:
            check_scenarios_exist(e)
    runnable = [e for e in expectations if e.variant not in pending]
    base = reports / "mutants"
    correct_jobs = [Job(t, "correct", base / t / "correct", expected.args_for(t))
                    for t in dict.fromkeys([DEFAULT_TARGET, *(e.target for e in runnable)])]
    variant_jobs = [Job(e.target, e.variant, base / e.target / e.variant,
                        (*expected.args_for(e.target), *([] if full else slow_args(e)))) for e in runnable]
    started = time.perf_counter()
    print(f"Mutation matrix: {len(correct_jobs)} correct run(s) and {len(variant_jobs)} variant run(s), "
          f"{workers} at a time; {len(pending)} pending", flush=True)
    jobs = longest_first([*correct_jobs, *variant_jobs], reports / "mutants.json")
    results = run_all(jobs, workers, done=_progress)
    wall = time.perf_counter() - started
    by_job = {r.job: r for r in results}
    correct_rows = [judge_correct(by_job[j]) for j in correct_jobs]
    variant_rows: list[Row] = []
    for e in expectations:
        if e.variant in pending:
            variant_rows.append(pending_row(e, pending[e.variant], VARIANTS.get(e.variant, e.note)))
        else:
            job = next(j for j in variant_jobs if j.variant == e.variant)
            variant_rows.append(judge_variant(e, by_job[job], VARIANTS[e.variant]))
    unused = scenarios_that_catch_nothing([by_job[j] for j in correct_jobs], variant_rows) if not only else []
    matrix = Matrix([*correct_rows, *variant_rows], unused, wall, workers, strict)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "mutants.md").write_text(render_markdown(matrix), encoding="utf-8")
    (reports / "mutants.json").write_text(render_json(matrix), encoding="utf-8")
    return matrix


def slow_args(expectation: Expectation, root: Path = Path(".")) -> list[str]:
    """Scenarios tagged @slow run against the correct app and the variants meant for them (a feature of theirs
    has @slow scenarios), not against every variant: the one trade of detail ("also failed") for time."""
    files = {ref.feature_file for ref in expectation.meant_for}
    if any(SLOW_TAG in (root / f).read_text(encoding="utf-8") for f in files if (root / f).is_file()):
        return []
    return [f"--tags=not {SLOW_TAG}"]


def longest_first(jobs: list[Job], previous: Path) -> list[Job]:
    """The slowest runs of the previous matrix start first, so no long run is left alone at the end; the
    correct app's runs lead when nothing is known."""
    try:
        rows = json.loads(previous.read_text(encoding="utf-8"))["rows"]
        seconds = {(str(r["target"]), str(r["variant"])): float(r["seconds"]) for r in rows}
    except (OSError, ValueError, KeyError, TypeError):
        seconds = {}
    return sorted(jobs, key=lambda j: -seconds.get((j.target, j.variant), 1e9 if j.variant == "correct" else 0))


def _progress(result: JobResult) -> None:
    outcome = result.problem or f"{len(result.scenarios)} scenarios, " + ", ".join(
        f"{n} {s}" for s, n in _counts(result).items())
    print(f"  {result.job.label}: {outcome} ({result.seconds:.1f} s)", flush=True)


def _counts(result: JobResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in result.scenarios:
        counts[s.status] = counts.get(s.status, 0) + 1
    return counts


__all__ = ["Expectation", "main", "run_matrix"]

if __name__ == "__main__":
    sys.exit(main())
