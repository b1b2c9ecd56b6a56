"""When a session ends: the idle and absolute rules of one app instance, with its variant's bug applied.

Everything here is a pure function of a session and a `now` the caller read from `time.time()`, so the
rules are testable without a clock and a variant's bug is visible as one flag read in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from reference_app.settings import AppSettings
from reference_app.store import Record
from reference_app.variants import Variant


@dataclass(frozen=True)
class Session:
    """One server-side session as stored (web sign-in or token session); times are unix seconds."""

    user: str
    created: float
    last_seen: float
    csrf_token: str = ""

    def to_record(self) -> Record:
        return asdict(self)

    @classmethod
    def from_record(cls, record: Record) -> Session:
        return cls(user=str(record["user"]), created=float(record["created"]),
                   last_seen=float(record["last_seen"]), csrf_token=str(record.get("csrf_token", "")))


class Lifetime:
    """Decides whether a session or access token is still alive at `now`.

    Clock steps: a session whose `last_seen` lies in the future (the wall clock was stepped back past its
    last activity) is expired. The wall clock alone cannot tell how long such a session really idled, and a
    deadline stored at touch time would not help (a backward step delays reaching it by exactly as much),
    so the correct app fails closed: a backward step may end a session early but never gives it more life.
    Requests read the clock after loading the session, so on a clock that does not step back a concurrent
    touch can never make `now < last_seen`. A step that the clock has made up again by the next request is
    invisible to any wall-clock rule. The `clock_jump_extends_session` variant takes the negative elapsed
    time at face value, which keeps the session alive for the whole step.
    """

    def __init__(self, settings: AppSettings, variant: Variant) -> None:
        self.variant = variant
        self.idle = settings.idle_timeout.total_seconds()
        self.absolute = settings.absolute_lifetime.total_seconds()
        self.access = settings.access_token_lifetime.total_seconds()

    def idle_deadline(self, session: Session, claimed: float | None = None) -> float:
        """When the session idles out; `claimed` is the client's own idea, used only by a buggy variant."""
        if claimed is not None and self.variant.trusts_client_expiry:
            return claimed
        anchor = session.last_seen if self.variant.slides_on_activity else session.created
        return anchor + self.idle

    def absolute_deadline(self, session: Session) -> float:
        return session.created + self.absolute

    def is_alive(self, session: Session, now: float, *, claimed: float | None = None,
                 check_idle: bool = True) -> bool:
        """Alive iff now is before the idle deadline and before the absolute deadline."""
        v = self.variant
        if not v.expires_sessions:
            return True
        if self._stepped_back(now, session.last_seen):
            return False
        if check_idle and now >= self.idle_deadline(session, claimed) + v.idle_grace_seconds:
            return False
        return not (v.caps_absolute_lifetime and now >= self.absolute_deadline(session))

    def access_token_is_fresh(self, issued: float, now: float) -> bool:
        """Access tokens never slide: they live `access_token_lifetime` from issue."""
        if self._stepped_back(now, issued):
            return False
        return now < issued + self.access or not self.variant.expires_access_tokens

    def ttl_hint(self, session: Session, now: float, *, check_idle: bool = True) -> float | None:
        """Seconds after which this session can never be alive again (None: no bound), for the store."""
        v = self.variant
        if not v.expires_sessions:
            return None
        bounds = []
        if check_idle and not v.trusts_client_expiry:
            bounds.append(self.idle_deadline(session) + v.idle_grace_seconds)
        if v.caps_absolute_lifetime:
            bounds.append(self.absolute_deadline(session))
        return max(min(bounds) - now, 0.0) if bounds else None

    def _stepped_back(self, now: float, since: float) -> bool:
        return self.variant.rejects_backward_clock and now < since
