"""`make bench`: how fast Lapse proves a policy, measured side by side in one go, as medians.

Runs the whole feature suite several times on each shipped target (each run a fresh `behave` process, as a
user runs it, the targets taking turns) and reads each scenario's own duration from the run's audit.json,
so the numbers exclude nothing and include no start-up twice. Reports: one "idle for 16 minutes" scenario
through the API and through the browser, each target's suite wall time, the time to write the audit report,
peak memory, how much session time the suite simulates per second of wall time, and the cost of one clock
`advance` per target (bench/advance.py).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.advance import advance_costs

IDLE_16 = "A user idle for 16 minutes must sign in again"
IDLE_14 = "A user idle for 14 minutes is still signed in"  # runs after idle-16: the browser is warm
TARGETS = ("reference", "reference-process", "reference-redis")
REPORT_LINE = re.compile(r"Audit report: .* \(([\d,]+) KB, written in ([\d.]+) s\)")

Audit = dict[str, Any]


class SuiteRun:
    def __init__(self, reports: Path, target: str, extra: list[str]) -> None:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "behave", "-f", "null", "--junit-directory",
                               str(reports / "junit"), "-D", f"target={target}", "-D", f"reports={reports}",
                               *extra], check=False, capture_output=True, text=True)
        self.wall = time.perf_counter() - started
        self.audit: Audit = json.loads((reports / "audit.json").read_text())
        written = REPORT_LINE.search(done.stderr)
        if written is None:
            raise RuntimeError(f"behave on {target} printed no audit report line:\n{done.stderr[-2000:]}")
        self.report_kb = float(written.group(1).replace(",", ""))
        self.report_s = float(written.group(2))

    def scenario_seconds(self, name: str, browser: bool) -> float:
        for scenario in self.audit["scenarios"]:
            if scenario["name"].startswith(name) and ("browser" in scenario["tags"]) == browser:
                return float(scenario["duration_s"])
        raise LookupError(f"no scenario {name!r} (browser={browser}) in this run")

    @property
    def scenarios(self) -> int:
        return len(self.audit["scenarios"])

    @property
    def simulated_per_wall(self) -> float:
        return float(sum(s["virtual_span_s"] for s in self.audit["scenarios"])) / self.wall


def median(values: Iterable[float]) -> float:
    return float(statistics.median(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="suite runs per target")
    parser.add_argument("--targets", nargs="+", default=list(TARGETS))
    parser.add_argument("--out", type=Path, default=Path("reports/bench.json"))
    args, extra = parser.parse_known_args()
    runs: dict[str, list[SuiteRun]] = {target: [] for target in args.targets}
    with tempfile.TemporaryDirectory(prefix="lapse-bench-") as tmp:
        for i in range(args.runs):
            for target in args.targets:  # side by side: the targets take turns, so drift hits each alike
                runs[target].append(SuiteRun(Path(tmp) / f"{target}-{i}", target, extra))
    main_runs = runs[args.targets[0]]
    api = median(r.scenario_seconds(IDLE_16, browser=False) for r in main_runs)
    browser = median(r.scenario_seconds(IDLE_16, browser=True) for r in main_runs)
    warm = median(r.scenario_seconds(IDLE_14, browser=True) for r in main_runs)
    advances = advance_costs()
    result = {
        "runs": args.runs,
        "target": args.targets[0],
        "scenarios": main_runs[0].scenarios,
        "idle_16_api_s": api,
        "idle_16_browser_s": browser,
        "idle_14_browser_warm_s": warm,
        "browser_over_api": warm / api,
        "suite_wall_s": {t: median(r.wall for r in rs) for t, rs in runs.items()},
        "suite_scenarios": {t: r[0].scenarios for t, r in runs.items()},
        "simulated_per_wall_s": median(r.simulated_per_wall for r in main_runs),
        "report_write_s": median(r.report_s for r in main_runs),
        "report_html_kb": median(r.report_kb for r in main_runs),
        "advance_1_minute_s": advances,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    first = result["suite_wall_s"][args.targets[0]]
    rows = [
        ("'idle for 16 minutes', API", f"{api * 1000:.0f} ms"),
        ("'idle for 16 minutes', browser (starts Chromium)", f"{browser * 1000:.0f} ms"),
        ("'idle for 14 minutes', browser (warm)", f"{warm * 1000:.0f} ms"),
        ("warm browser / API", f"{result['browser_over_api']:.1f}×"),
        *[(f"whole suite on {t} ({result['suite_scenarios'][t]} scenarios)",
           f"{wall:.1f} s" + (f" ({wall / first:.2f}×)" if t != args.targets[0] else ""))
          for t, wall in result["suite_wall_s"].items()],
        ("simulated session time per wall second", f"{result['simulated_per_wall_s']:,.0f}×"),
        (f"writing the audit report ({result['report_html_kb']:,.0f} KB of HTML)",
         f"{result['report_write_s'] * 1000:.0f} ms"),
        *[(f"one advance(1 minute), {label}", f"{seconds * 1000:.2f} ms") for label, seconds in advances.items()],
        ("peak memory of one behave run", f"{result['peak_rss_mb']:.0f} MB"),
    ]
    print(f"Lapse benchmark — medians of {args.runs} runs per target")
    for label, value in rows:
        print(f"  {label:<62} {value:>14}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
