"""The one interface every kind of clock implements."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol


class ClockBackend(Protocol):
    """A clock Lapse can move: the in-process app (freezegun), a process (libfaketime), a browser, ..."""

    name: str

    def advance(self, delta: timedelta) -> None:
        """Move this clock forward by `delta` (already converted to the backend's own time scale)."""

    def close(self) -> None:
        """Stop faking; leave nothing behind."""
