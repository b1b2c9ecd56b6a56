"""Bearer access tokens and rotating refresh tokens, both opaque and stored server-side.

A token session (a `SessionBook` of kind "token") follows the same idle and absolute rules as a web
session; only a refresh counts as its activity. Access tokens live a fixed time from issue and die with
their token session. A refresh token is single-use: claiming it is an atomic delete, so two concurrent
refreshes with the same token cannot both succeed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from reference_app.lifetime import Session
from reference_app.sessions import SessionBook, store_key

ACCESS, REFRESH = "access", "refresh"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: float

    def to_json(self) -> dict[str, Any]:
        seconds = int(self.expires_in) if self.expires_in.is_integer() else self.expires_in
        return {"access_token": self.access_token, "refresh_token": self.refresh_token,
                "token_type": "Bearer", "expires_in": seconds}


@dataclass(frozen=True)
class AccessCheck:
    """The outcome of presenting an access token: the live session, or why there is none."""

    session: Session | None
    error: str = ""


class TokenService:
    def __init__(self, sessions: SessionBook) -> None:
        self.sessions = sessions
        self.store = sessions.store
        self.lifetime = sessions.lifetime

    def issue(self, user: str) -> TokenPair:
        """Start a token session for a user whose credentials were already checked."""
        session_id, session = self.sessions.start(user)
        return self._mint(session_id, session)

    def refresh(self, refresh_token: str) -> TokenPair | None:
        """A new pair (the old refresh token is spent), or None if the token or its session is over."""
        key = store_key(REFRESH, refresh_token)
        record = self.store.get(key)
        if record is None:
            return None
        if self.lifetime.variant.spends_refresh_tokens and not self.store.delete(key):
            return None
        session_id = str(record["session"])
        session = self.sessions.resume(session_id, activity=True)
        return None if session is None else self._mint(session_id, session)

    def revoke(self, refresh_token: str) -> None:
        """End the token session behind a refresh token, and with it every access token it issued."""
        key = store_key(REFRESH, refresh_token)
        record = self.store.get(key)
        self.store.delete(key)
        if record is not None:
            self.sessions.end(str(record["session"]))

    def check_access(self, access_token: str) -> AccessCheck:
        record = self.store.get(store_key(ACCESS, access_token))
        if record is None:
            return AccessCheck(None, "signed out")
        if not self.lifetime.access_token_is_fresh(float(record["issued"]), self.sessions.now()):
            return AccessCheck(None, "token expired")
        session = self.sessions.resume(str(record["session"]), activity=False)
        if session is None and not self.lifetime.variant.access_tokens_die_with_session:
            issued = float(record["issued"])  # a variant's planted bug: the token alone is trusted
            session = Session(user=str(record.get("user", "")), created=issued, last_seen=issued)
        return AccessCheck(session, "" if session is not None else "signed out")

    def _mint(self, session_id: str, session: Session) -> TokenPair:
        now = self.sessions.now()
        ttl = self.sessions.ttl(session, now)  # tokens are worth remembering as long as their session
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.store.put(store_key(ACCESS, access), {"session": session_id, "issued": now, "user": session.user}, ttl)
        self.store.put(store_key(REFRESH, refresh), {"session": session_id}, ttl)
        return TokenPair(access, refresh, self.lifetime.access)
