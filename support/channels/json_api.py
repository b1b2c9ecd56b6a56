"""JSON endpoints of an app: where they are, and a client that calls them and reads the status as the answer.

The HTML channel (`ApiChannel`) decides "signed in?" from a page; a JSON endpoint says it with its status:
2xx is signed in, one of the target's signed-out statuses (401, 403) is signed out, anything else is
could-not-tell. `JsonClient` reuses `ApiChannel`'s plumbing (sending, describing, recording on the
timeline) so every call appears in the evidence exactly like a page request, secrets redacted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from support.channels.api import ApiChannel
from support.channels.probe import Answer, ProbeResult
from support.errors import CouldNotTell
from support.evidence.model import EventKind


@dataclass(frozen=True)
class JsonEndpoints:
    """The JSON side of an app. Today these are the reference app's; kept in this one object so that a
    target file can describe them later (e.g. `[tokens] issue = "/api/token"`, `[activity] poll = ...`)."""

    issue: str = "/api/token"  # POST {"username", "password"} → {"access_token", "refresh_token"}
    refresh: str = "/api/token/refresh"  # POST {"refresh_token"} → a new pair; the old refresh token is spent
    revoke: str = "/api/token/revoke"  # POST {"refresh_token"}: end the token session
    resource: str = "/api/me"  # a protected resource; GET with the bearer token is "am I signed in?"
    poll: str = "/api/notifications"  # what an open page polls in the background (not user activity)


REFERENCE_ENDPOINTS = JsonEndpoints()


class JsonClient(ApiChannel):
    """An HTTP client for JSON endpoints; every call is one timeline event with its answer."""

    def call(self, method: str, path: str, *, kind: EventKind, action: str,
             headers: dict[str, str] | None = None, body: dict[str, Any] | None = None) -> tuple[ProbeResult, Any]:
        """Send one request; the answer from its status, and the decoded JSON body (None if there is none).
        A server error, a redirect or any other status is `CouldNotTell`, recorded before it is raised."""
        try:
            reply = self._send(method, path, headers=headers, json=body)
        except CouldNotTell as exc:
            self.timeline.record(kind, self.actor, self.name, f"{method} {path} ({action})", str(exc),
                                 outcome="could not tell")
            raise
        seen = self._describe(reply)
        answer = self._json_answer(reply)
        if answer is None:
            why = f"unexpected answer: {seen} — expected 2xx or one of {self.target.signed_out.statuses}"
            self._record(kind, f"{method} {path} ({action})", why, reply, outcome="could not tell")
            raise CouldNotTell(why)
        self._record(kind, f"{method} {path} ({action})", seen, reply, outcome=answer.value)
        return ProbeResult(answer, seen), _json(reply)

    def _json_answer(self, reply: requests.Response) -> Answer | None:
        if 200 <= reply.status_code < 300:
            return Answer.SIGNED_IN
        if reply.status_code in self.target.signed_out.statuses:
            return Answer.SIGNED_OUT
        return None


def _json(reply: requests.Response) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None
