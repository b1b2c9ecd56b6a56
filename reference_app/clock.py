"""The app's single time source: the wall clock plus a test offset.

Every part of the app that needs the time calls `AppClock.now()`, which reads `time.time()` at call time (so
freezegun in-process and libfaketime in a separate process move it) and adds `offset`, which is 0 unless
the test clock endpoint (`reference_app.clock_endpoint`, off unless `clock_secret` is set) changed it.
"""

from __future__ import annotations

import time


class AppClock:
    def __init__(self) -> None:
        self.offset = 0.0  # seconds ahead of the wall clock; one float store is atomic, no lock needed

    def now(self) -> float:
        """Unix time as this app sees it."""
        return time.time() + self.offset
