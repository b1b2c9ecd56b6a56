"""No browser, chromedriver or server process outlives a run: after a failure, and after Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BEHAVE = [sys.executable, "-m", "behave", "tests/fixtures/failing.feature", "--no-capture", "-f", "plain"]


def leftovers(pid: int) -> list[str]:
    """Processes (and profile folders) left by the run with this pid: its browser profile is named after it."""
    found = subprocess.run(["pgrep", "-af", f"lapse-chromium-{pid}-"], capture_output=True, text=True).stdout
    procs = [line for line in found.splitlines() if "pgrep" not in line]
    return procs + [str(p) for p in Path("/tmp").glob(f"lapse-chromium-{pid}-*")]


def behave(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*BEHAVE, *args, "-D", f"reports={tmp_path}"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def test_a_failing_run_leaves_nothing_behind(tmp_path: Path) -> None:
    proc = behave(tmp_path, "-n", "fails on purpose")
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode != 0, out
    assert "should still be signed in" in out
    assert not leftovers(proc.pid)


@pytest.mark.parametrize("after_s", [0.0, 1.5], ids=["while the browser starts", "mid-run"])
def test_ctrl_c_leaves_nothing_behind(tmp_path: Path, after_s: float) -> None:
    proc = behave(tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not leftovers(proc.pid):
        time.sleep(0.1)
    assert leftovers(proc.pid), "the browser never started"
    time.sleep(after_s)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert not leftovers(proc.pid), out
