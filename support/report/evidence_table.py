"""The evidence table: every event of a scenario on both clocks, with what the server actually answered.

The request facts an auditor asks for (method, path, status, redirect, cookie names) are pulled out of
`Event.details` into their own chips; cookie *values* are never shown, whatever shape the details take.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from support.evidence.model import Event
from support.evidence.redact import MASK
from support.report.markup import esc, outcome_class
from support.report.screenshots import screenshot_html
from support.report.words import clock, real_time

__all__ = ["cookie_names", "evidence_html"]

_CREDENTIAL_WORDS = ("authorization", "password", "passwd", "secret", "token", "csrf", "api-key", "api_key")
_REQUEST_KEYS = ("method", "path", "url", "status", "location", "redirect")
_HEAD = ("#", "Virtual time", "Real time", "Actor", "Channel", "Action", "Observation", "Answer")


def evidence_html(events: list[Event], reports_dir: Path, not_before: float | None) -> str:
    """A table of the scenario's events, in the order they happened."""
    if not events:
        return '<p class="muted">No evidence was recorded for this scenario.</p>'
    head = "".join(f"<th>{name}</th>" for name in _HEAD)
    rows = [_row(number, event, reports_dir, not_before) for number, event in enumerate(events, start=1)]
    return f'<table class="evidence"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def cookie_names(value: Any) -> list[str]:
    """Names only, from a dict of cookies, a list of names or dicts, or "name=value" text."""
    if isinstance(value, Mapping):
        return [str(name) for name in value]
    if isinstance(value, str):
        return [part.split("=", 1)[0].strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list | tuple | set):
        names: list[str] = []
        for item in value:
            names.extend([str(item.get("name", "?"))] if isinstance(item, Mapping) else cookie_names(str(item)))
        return names
    return [str(value)]


def _row(number: int, event: Event, reports_dir: Path, not_before: float | None) -> str:
    answer = ""
    if event.outcome:
        answer = f'<span class="answer {outcome_class(event.outcome)}">{esc(event.outcome)}</span>'
    shot = ""
    if event.screenshot:
        alt = f"browser at {clock(event.virtual_s)}: {event.action}"
        shot = f'<div class="shot-cell">{screenshot_html(event.screenshot, reports_dir, not_before, alt)}</div>'
    return (
        f'<tr class="ev-{esc(event.kind)}">'
        f'<td class="num">{number}</td>'
        f'<td class="time">{clock(event.virtual_s)}</td>'
        f'<td class="time real">{real_time(event.real_s)}</td>'
        f"<td>{esc(event.actor)}</td>"
        f"<td>{esc(event.channel)}</td>"
        f'<td><span class="kind">{esc(event.kind)}</span> {esc(event.action)}</td>'
        f"<td>{esc(event.observation)}{_details(event.details)}{shot}</td>"
        f"<td>{answer}</td></tr>"
    )


def _details(details: Mapping[str, Any]) -> str:
    """Request facts first (as chips), then any other detail as `key: value`; cookies by name only."""
    chips = []
    request = " ".join(str(details[key]) for key in ("method", "path") if details.get(key))
    if not request and details.get("url"):
        request = " ".join(filter(None, [str(details.get("method", "")), str(details["url"])]))
    if request:
        chips.append(f'<span class="chip req">{esc(request)}</span>')
    if details.get("status") is not None:
        chips.append(f'<span class="chip status s{str(details["status"])[:1]}">HTTP {esc(details["status"])}</span>')
    target = details.get("location") or details.get("redirect")
    if target:
        chips.append(f'<span class="chip redirect">→ {esc(target)}</span>')
    for key, value in details.items():
        if "cookie" in key.lower() and value:
            names = ", ".join(cookie_names(value))
            chips.append(f'<span class="chip cookie">{esc(key.replace("_", " "))}: {esc(names)}</span>')
        elif key not in _REQUEST_KEYS and value not in (None, "", [], {}):
            chips.append(f'<span class="chip">{esc(key.replace("_", " "))}: {esc(_field(key, value))}</span>')
    return f'<div class="chips">{"".join(chips)}</div>' if chips else ""


def _plain(value: Any) -> str:
    """Nested details flattened to text; cookies by name and credential-named fields masked, at any depth."""
    if isinstance(value, Mapping):
        return ", ".join(f"{key}={_field(str(key), item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    return str(value)


def _field(key: str, value: Any) -> str:
    lowered = key.lower()
    if "cookie" in lowered:
        return "/".join(cookie_names(value))
    if any(word in lowered for word in _CREDENTIAL_WORDS):
        return MASK
    return _plain(value)
