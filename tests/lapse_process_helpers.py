"""Helpers for the tests that start real processes (not a test module: pytest collects test_*.py only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.launch import Launched, Launcher, LaunchSpec

REDIS_SERVER = str(Path(sys.executable).parent / "redis-server")
REDIS_COMMAND = (REDIS_SERVER, "--port", "{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", "{tmp}", "--loglevel", "warning")
# A process that answers GET / with its own time.time(): what libfaketime makes it see.
TIME_SERVER = ("{python}", "-c",
               "import http.server, sys, time\n"
               "class H(http.server.BaseHTTPRequestHandler):\n"
               "    def do_GET(self):\n"
               "        body = repr(time.time()).encode()\n"
               "        self.send_response(200); self.send_header('Content-Length', str(len(body)))\n"
               "        self.end_headers(); self.wfile.write(body)\n"
               "    def log_message(self, *a): pass\n"
               "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()\n",
               "{port}")


def leftovers(marker: str) -> list[str]:
    """Live processes whose command line or environment mentions `marker`, and files or folders named by it."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            text = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in text and proc.name != str(os.getpid()):
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ")[:120]
            found.append(f"pid {proc.name}: {command!r}")
    return found + [str(p) for p in Path("/tmp").glob(f"{marker}*")]


@contextmanager
def launched(spec: LaunchSpec) -> Iterator[Launched]:
    """One process started by its own Launcher, ended (with its folder) afterwards."""
    launcher = Launcher()
    try:
        yield launcher.start(spec)
    finally:
        launcher.close()


def redis_spec(faketime: bool) -> LaunchSpec:
    return LaunchSpec(name="redis", command=REDIS_COMMAND, where="test", faketime=faketime)


def behave_statuses(target: str | Path, variant: str, reports: Path, *args: str) -> tuple[int, dict[str, str]]:
    """Run behave (API scenarios only) on a target; its exit code and each scenario's status from audit.json."""
    run = subprocess.run([sys.executable, "-m", "behave", *args, "--tags=~@browser", "-D", f"target={target}",
                          "-D", f"variant={variant}", "-D", f"reports={reports}"],
                         capture_output=True, text=True, timeout=180)
    scenarios = json.loads((reports / "audit.json").read_text())["scenarios"]
    return run.returncode, {s["name"]: s["status"] for s in scenarios}


CLOCK_FEATURES = ("features/idle_timeout.feature", "features/clock_changes.feature")


def edited_target(source: str, changes: dict[str, str], file: Path) -> Path:
    """A copy of targets/SOURCE.toml with each text replaced by another (each must be there), at `file`."""
    text = Path(f"targets/{source}.toml").read_text()
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    file.write_text(text)
    return file
