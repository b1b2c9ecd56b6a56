"""The interfaces every kind of clock implements."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol, runtime_checkable

APP_SERVER = "app server"
SESSION_STORE = "session store"


class ClockBackend(Protocol):
    """A clock Lapse can move: the in-process app (freezegun), a process (libfaketime), a browser, ..."""

    name: str

    def advance(self, delta: timedelta) -> None:
        """Move this clock forward by `delta` (already converted to the backend's own time scale)."""

    def close(self) -> None:
        """Stop faking; leave nothing behind."""


@runtime_checkable
class SteppableClock(Protocol):
    """A backend that can also step its component's wall clock (an NTP correction, a skewed host).

    `component` names what keeps this time in the words a feature uses ("app server", "session store",
    "browser"); a backend without one is the component called by its `name`. `can_skew` is True if a step
    holds for everything the component does afterwards (a real offset), False if it only shifts what already
    exists (the redis-ttl backend shifts the TTLs of keys that exist now, not of keys written later).
    """

    name: str
    component: str
    can_skew: bool

    def advance(self, delta: timedelta) -> None: ...

    def jump(self, delta: timedelta) -> None:
        """Step this component's wall clock by `delta` (either sign) at once; no time passes elsewhere."""

    def close(self) -> None: ...


def component_of(backend: ClockBackend) -> str:
    """The component whose time `backend` keeps."""
    return str(getattr(backend, "component", backend.name))
