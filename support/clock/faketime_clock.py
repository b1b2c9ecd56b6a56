"""The clock of a separate process (an app server in any language, Redis, a gateway) run under libfaketime.

The process is started with `LD_PRELOAD=libfaketime.so.1`, `FAKETIME_TIMESTAMP_FILE=<its own file>` and
`FAKETIME_NO_CACHE=1` (see `support.launch`). The file holds the offset from real time in seconds, always
signed (`+960` is 16 minutes ahead; a bare `960` would be read as a date). A running process sees a new
offset on its next clock call, so moving its clock is one atomic file write: no restart, no request.

What moves: every clock the process reads through libc — the wall clock (`time()`, `gettimeofday`,
`CLOCK_REALTIME`) and `CLOCK_MONOTONIC` too. So a `jump` (a wall-clock step) moves this process's monotonic
time with it: `FAKETIME_DONT_FAKE_MONOTONIC=1` would prevent that, but it breaks Python 3.12's
`time.sleep`. Real time keeps passing on top of the offset. Each process has its own file, so components
can be skewed against each other.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path


def format_offset(seconds: float) -> str:
    """`+960.000000` / `-3600.000000`: always signed, as libfaketime reads a bare number as a date."""
    return f"{'-' if seconds < 0 else '+'}{abs(seconds):.6f}"


def write_offset(file: Path, seconds: float) -> None:
    """Replace the file's offset atomically: a process reading it concurrently sees the old or the new one."""
    temporary = file.with_name(file.name + ".new")
    temporary.write_text(format_offset(seconds) + "\n")
    os.replace(temporary, file)


class FaketimeClock:
    """Moves one process's clock by rewriting its libfaketime timestamp file."""

    name = "faketime"
    can_skew = True  # an offset holds for everything the process does from now on

    def __init__(self, file: Path, component: str) -> None:
        self.file = file
        self.component = component
        self._offset = 0.0
        write_offset(file, 0.0)

    @property
    def offset(self) -> timedelta:
        """How far this process's clock is ahead of real time."""
        return timedelta(seconds=self._offset)

    def advance(self, delta: timedelta) -> None:
        self._move(delta)

    def jump(self, delta: timedelta) -> None:
        """Step the process's clock by `delta` (either sign); its monotonic clock moves too (see above)."""
        self._move(delta)

    def close(self) -> None:
        """Nothing to undo: the file goes with the run's temporary folder, the process with the run."""

    def _move(self, delta: timedelta) -> None:
        self._offset += delta.total_seconds()
        write_offset(self.file, self._offset)
