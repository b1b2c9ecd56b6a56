"""Server-side sessions of one kind (web sign-ins or token sessions) kept in a `SessionStore`.

Expiry is lazy: a session is judged on each request, and a dead one is deleted when seen. Every clock
read happens after the record is loaded (see `Lifetime` for why that ordering matters).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import replace

from reference_app.lifetime import Lifetime, Session
from reference_app.store import SessionStore


def store_key(kind: str, secret: str) -> str:
    """The store key for a client-held secret: hashed, so a store dump reveals no usable id or token."""
    return f"{kind}:{hashlib.sha256(secret.encode()).hexdigest()}"


class SessionBook:
    """Start, resume and end the sessions of one `kind`; ids are opaque `token_urlsafe(32)` strings."""

    def __init__(self, store: SessionStore, lifetime: Lifetime, kind: str, *, check_idle: bool = True,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.lifetime = lifetime
        self.kind = kind
        self.check_idle = check_idle
        self.now = clock  # the app's single time source (`AppClock.now`)

    def start(self, user: str, csrf_token: str = "", session_id: str | None = None) -> tuple[str, Session]:
        """A new session under a new random id; only a buggy variant passes in an id the client chose."""
        now = self.now()
        session_id = session_id or secrets.token_urlsafe(32)
        session = Session(user=user, created=now, last_seen=now, csrf_token=csrf_token)
        self.store.put(self._key(session_id), session.to_record(), self.ttl(session, now))
        return session_id, session

    def resume(self, session_id: str, *, activity: bool, claimed: float | None = None) -> Session | None:
        """The live session (with `last_seen = now` if this request is activity), or None if it is over."""
        key = self._key(session_id)
        record = self.store.get(key)
        if record is None:
            return None
        session = Session.from_record(record)
        now = self.now()
        if not self.lifetime.is_alive(session, now, claimed=claimed, check_idle=self.check_idle):
            self.store.delete(key)
            return None
        if activity:
            session = replace(session, last_seen=now)
            if not self.store.touch(key, {"last_seen": now}, self.ttl(session, now)):
                return None  # ended by a concurrent sign-out
        return session

    def end(self, session_id: str) -> None:
        self.store.delete(self._key(session_id))

    def ttl(self, session: Session, now: float) -> float | None:
        return self.lifetime.ttl_hint(session, now, check_idle=self.check_idle)

    def _key(self, session_id: str) -> str:
        return store_key(self.kind, session_id)
