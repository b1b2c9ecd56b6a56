"""`make bench`: how fast Lapse proves a policy, measured side by side in one go, as medians.

Runs the whole feature suite several times (each run a fresh `behave` process, as a user runs it) and reads
each scenario's own duration from the run's audit.json, so the numbers exclude nothing and include no
start-up twice. Reports: one "idle for 16 minutes" scenario through the API and through the browser, the
whole suite's wall time, peak memory, and how much session time the suite simulates per second of wall time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

IDLE_16 = "A user idle for 16 minutes must sign in again"
IDLE_14 = "A user idle for 14 minutes is still signed in"  # runs after idle-16: the browser is warm


Audit = dict[str, Any]


def run_suite(reports: Path, extra: list[str]) -> tuple[float, Audit]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "behave", "-f", "null", "--junit-directory", str(reports / "junit"),
                    "-D", f"reports={reports}", *extra], check=False, capture_output=True)
    wall = time.perf_counter() - started
    return wall, json.loads((reports / "audit.json").read_text())


def scenario_seconds(audit: Audit, name: str, browser: bool) -> float:
    for scenario in audit["scenarios"]:
        if scenario["name"].startswith(name) and ("browser" in scenario["tags"]) == browser:
            return float(scenario["duration_s"])
    raise LookupError(f"no scenario {name!r} (browser={browser}) in this run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("reports/bench.json"))
    args, extra = parser.parse_known_args()
    walls: list[float] = []
    api: list[float] = []
    browser: list[float] = []
    warm: list[float] = []
    simulated: list[float] = []
    scenarios = 0
    with tempfile.TemporaryDirectory(prefix="lapse-bench-") as tmp:
        for i in range(args.runs):
            wall, audit = run_suite(Path(tmp) / str(i), extra)
            walls.append(wall)
            api.append(scenario_seconds(audit, IDLE_16, browser=False))
            browser.append(scenario_seconds(audit, IDLE_16, browser=True))
            warm.append(scenario_seconds(audit, IDLE_14, browser=True))
            runs = audit["scenarios"]
            scenarios = len(runs)
            simulated.append(sum(s["virtual_span_s"] for s in runs) / wall)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "runs": args.runs,
        "scenarios": scenarios,
        "idle_16_api_s": statistics.median(api),
        "idle_16_browser_s": statistics.median(browser),
        "idle_14_browser_warm_s": statistics.median(warm),
        "browser_over_api": statistics.median(warm) / statistics.median(api),
        "suite_wall_s": statistics.median(walls),
        "simulated_per_wall_s": statistics.median(simulated),
        "peak_rss_mb": round(peak_mb, 1),
    }
    rows = [
        ("'idle for 16 minutes', API", f"{result['idle_16_api_s'] * 1000:.0f} ms"),
        ("'idle for 16 minutes', browser (starts Chromium)", f"{result['idle_16_browser_s'] * 1000:.0f} ms"),
        ("'idle for 14 minutes', browser (warm)", f"{result['idle_14_browser_warm_s'] * 1000:.0f} ms"),
        ("warm browser / API", f"{result['browser_over_api']:.1f}×"),
        (f"whole suite ({scenarios} scenarios, fresh process)", f"{result['suite_wall_s']:.1f} s"),
        ("simulated session time per wall second", f"{result['simulated_per_wall_s']:,.0f}×"),
        ("peak memory of one behave run", f"{result['peak_rss_mb']:.0f} MB"),
    ]
    print(f"Lapse benchmark — medians of {args.runs} runs")
    for label, value in rows:
        print(f"  {label:<48} {value:>10}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
