"""The cost of one `TimeController.advance`, per target and clock, as medians measured in one go.

One `advance` is what every "idle for …" sentence pays: a freezegun move in-process, a timestamp file
rewritten per process under libfaketime, and with a signed-in page open, the browser's timers fired at their
due times (the dashboard polls once a minute, so one virtual minute is one poll: a request and its answer).
Each case starts the target once, as a behave run does, and times `advance(1 minute)` many times.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from support.options import RunOptions
from support.run import LapseRun

MINUTE = timedelta(minutes=1)
CASES = [  # (label, target, with a signed-in page open in the browser)
    ("freezegun (reference)", "reference", False),
    ("faketime, 1 process (reference-process)", "reference-process", False),
    ("faketime, app + Redis (reference-redis)", "reference-redis", False),
    ("freezegun + browser, dashboard open", "reference", True),
]


def advance_cost(target: str, with_page: bool, repeats: int) -> float:
    """Median real seconds of one advance by 1 virtual minute on `target`."""
    with tempfile.TemporaryDirectory(prefix="lapse-bench-advance-") as reports:
        run = LapseRun(RunOptions(target=target, reports=Path(reports)))
        try:
            run.start()
            state = run.begin_scenario("advance benchmark", browser_by_default=with_page)
            if with_page:
                state.new_user().sign_in()
            assert run.clock is not None
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                run.clock.advance(MINUTE)
                samples.append(time.perf_counter() - started)
            return statistics.median(samples)
        finally:
            run.close()


def advance_costs(repeats: int = 30) -> dict[str, float]:
    """Label → median seconds of one `advance(1 minute)`, for every case."""
    return {label: advance_cost(target, page, repeats) for label, target, page in CASES}
