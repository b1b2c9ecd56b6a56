"""What every channel can do, so a User does not care whether it holds an HTTP client or a browser."""

from __future__ import annotations

from typing import Protocol

from support.channels.probe import ProbeResult
from support.evidence.model import EventKind


class Channel(Protocol):
    name: str

    def sign_in(self, username: str, password: str) -> None: ...

    def act(self) -> ProbeResult: ...

    def probe(self, kind: EventKind = "probe", action: str = "am I signed in?",
              path: str | None = None) -> ProbeResult: ...

    def sign_out(self) -> None: ...

    def session_cookies(self) -> dict[str, str]: ...
