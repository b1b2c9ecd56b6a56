"""No process, log or timestamp file of a process target outlives a behave run: after a failing run, and
after Ctrl-C while the processes are starting or running."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.lapse_process_helpers import leftovers


def behave(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "behave", "--tags=~@browser", "-D", "target=reference-redis",
                             "-D", f"reports={tmp_path}", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_a_failing_run_leaves_nothing_behind(tmp_path: Path) -> None:
    proc = behave(tmp_path, "-D", "variant=no_sliding", "features/idle_timeout.feature")
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode != 0, out
    assert "should still be signed in" in out
    assert not leftovers(f"lapse-run-{proc.pid}-")


def test_ctrl_c_leaves_nothing_behind(tmp_path: Path) -> None:
    for wait_s in (0.0, 0.5):  # as soon as the first process exists; and well into the run
        proc = behave(tmp_path)
        marker = f"lapse-run-{proc.pid}-"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not [x for x in leftovers(marker) if x.startswith("pid")]:
            time.sleep(0.02)
        assert leftovers(marker), "no process was started"
        time.sleep(wait_s)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode != 0, out  # it was interrupted, not finished
        assert not leftovers(marker), out
