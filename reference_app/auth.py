"""Who is asking: the session behind a request's cookie or bearer token, and the cookies that carry it.

The `session_expires` cookie is informational (client scripts may read it); only a variant with a planted
bug ever treats it as the truth.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from flask import request
from werkzeug.wrappers import Response

from reference_app.context import services
from reference_app.csrf import same_secret
from reference_app.lifetime import Session

SESSION_COOKIE = "session_id"
EXPIRES_COOKIE = "session_expires"
CSRF_COOKIE = "csrf_token"


@dataclass(frozen=True)
class Visitor:
    """A request's credentials and what they are worth; `error` says why `session` is None."""

    session: Session | None
    session_id: str | None = None
    cookie_presented: bool = False
    bearer: bool = False
    error: str = "signed out"


def visitor(*, activity: bool, allow_bearer: bool = True) -> Visitor:
    """Resolve the request's bearer token if it has one, else its session cookie."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if allow_bearer and scheme.lower() == "bearer":
        check = services().tokens.check_access(token.strip())
        return Visitor(check.session, bearer=True, error=check.error or "signed out")
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return Visitor(None)
    claimed = _float_or_none(request.cookies.get(EXPIRES_COOKIE))
    session = services().web.resume(session_id, activity=activity, claimed=claimed)
    return Visitor(session, session_id, cookie_presented=True)


def remember(response: Response, session_id: str | None, session: Session) -> None:
    """Set the session cookie (browser-session lifetime: no Expires) and the informational expiry."""
    secure = request.is_secure
    if session_id is not None:
        response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="Lax", secure=secure)
    expires = math.floor(services().lifetime.idle_deadline(session))
    response.set_cookie(EXPIRES_COOKIE, str(expires), httponly=False, samesite="Lax", secure=secure)


def forget(response: Response) -> None:
    for name in (SESSION_COOKIE, EXPIRES_COOKIE):
        response.delete_cookie(name, httponly=name == SESSION_COOKIE, samesite="Lax")


def settle_cookies(response: Response, who: Visitor) -> Response:
    """Refresh the expiry cookie of a live cookie session, clear the cookies of a dead one."""
    if who.session is not None and not who.bearer:
        remember(response, None, who.session)
    elif who.cookie_presented and who.session is None:
        forget(response)
    return response


def verify_password(users: Mapping[str, str], username: str, password: str) -> bool:
    """Constant-time check; an unknown user costs the same as a wrong password."""
    expected = users.get(username)
    matches = same_secret(expected or "\x00unknown user", password)
    return expected is not None and matches


def _float_or_none(raw: str | None) -> float | None:
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None
