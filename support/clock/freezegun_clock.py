"""The in-process app's clock, moved with freezegun.

freezegun patches `time` and `datetime` for the whole process, so everything that must keep real time is
named in `IGNORE`: selenium and urllib3 (their waits would hang), requests, behave's own timing, cookie
expiry in the HTTP client (a browser's cookie jar follows the real clock too), and Lapse itself (its
evidence records real time; its benchmarks time it). Time keeps ticking (`tick=True`): the app sees real
time plus every advance.

The clock is the app server's (its in-memory session store shares the process, so it has no clock of its
own). A `jump` moves `time.time`, `datetime` and `time.monotonic` together, as freezegun fakes them all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun import freeze_time

from support.clock.backend import APP_SERVER

IGNORE = ["selenium", "urllib3", "requests", "http.cookiejar", "http.client", "socket", "ssl", "behave",
          "hamcrest", "parse", "support", "bench", "pytest", "_pytest", "pluggy", "threading", "queue", "logging",
          "concurrent", "asyncio", "selectors", "subprocess", "tempfile"]


class FreezegunClock:
    name = "freezegun"
    component = APP_SERVER
    can_skew = True

    def __init__(self) -> None:
        self._freezer: Any = freeze_time(datetime.now(UTC), tick=True, ignore=IGNORE)
        self._factory: Any = self._freezer.start()

    def advance(self, delta: timedelta) -> None:
        # Not `tick(delta)`: on a ticking clock that adds to the *start* time and drops the real time that
        # passed since the last move. `move_to(now + delta)` keeps both.
        self.jump(delta)

    def jump(self, delta: timedelta) -> None:
        """Step the app's clock by `delta`, either sign."""
        self._factory.move_to(self._factory() + delta)

    def close(self) -> None:
        if self._freezer is not None:
            self._freezer.stop()
            self._freezer = None
