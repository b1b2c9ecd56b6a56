"""A scenario's timeline: every action and observation on both clocks, as it happens."""

from __future__ import annotations

from typing import Any

from support.clock import TimeController
from support.evidence.model import Event, EventKind, Outcome
from support.evidence.redact import redact


class Timeline:
    def __init__(self, clock: TimeController) -> None:
        self.clock = clock
        self.events: list[Event] = []

    def record(self, kind: EventKind, actor: str, channel: str, action: str, observation: str = "",
               outcome: Outcome | None = None, details: dict[str, Any] | None = None,
               screenshot: str | None = None) -> Event:
        """Append one event; text is redacted on the way in, so nothing secret is ever held."""
        event = Event(
            virtual_s=round(self.clock.elapsed().total_seconds(), 3),
            real_s=round(self.clock.real_elapsed(), 3),
            kind=kind, actor=actor, channel=channel, action=redact(action), observation=redact(observation),
            outcome=outcome, details={k: _clean(v) for k, v in (details or {}).items()}, screenshot=screenshot,
        )
        self.events.append(event)
        return event


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
