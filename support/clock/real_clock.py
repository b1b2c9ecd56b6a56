"""Nothing faked: `advance` really waits, with a progress bar on the terminal. For staging and nightly runs."""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from typing import TextIO

from support.durations import format_duration

_BAR = 30


class RealClock:
    name = "real"

    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out if out is not None else sys.stderr

    def advance(self, delta: timedelta) -> None:
        total = delta.total_seconds()
        end = time.monotonic() + total
        show = self._out.isatty()
        while (left := end - time.monotonic()) > 0:
            if show:
                done = int(_BAR * (1 - left / total))
                self._out.write(f"\r  waiting {format_duration(delta)} [{'#' * done}{'.' * (_BAR - done)}] "
                                f"{left:5.1f}s left ")
                self._out.flush()
            time.sleep(min(left, 0.2))
        if show:
            self._out.write("\r" + " " * (_BAR + 60) + "\r")
            self._out.flush()

    def close(self) -> None:
        """Nothing to undo."""
