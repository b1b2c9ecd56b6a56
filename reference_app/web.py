"""The browser-facing pages: health, sign-in with CSRF, the dashboard and its idle timer's two requests
(time left, keep alive), sign-out."""

from __future__ import annotations

import secrets
from urllib.parse import quote, urlsplit

from flask import Blueprint, jsonify, make_response, redirect, render_template, request
from werkzeug.wrappers import Response

from reference_app.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Visitor,
    forget,
    remember,
    settle_cookies,
    verify_password,
    visitor,
)
from reference_app.context import services
from reference_app.csrf import same_secret
from reference_app.lifetime import Session

bp = Blueprint("web", __name__)

NOTICES = {
    "expired": ("expired-notice", "Your session has expired. Please sign in again."),
    "signed-out": ("signed-out-notice", "You have signed out."),
}
POLL_INTERVAL_SECONDS = 60
CACHED_DASHBOARD = "private, max-age=3600"  # the logout_page_cached variant's planted bug


@bp.get("/healthz")
def healthz() -> Response:
    return Response("ok", mimetype="text/plain")


@bp.get("/login")
def login_page() -> Response:
    return _login_form(200)


@bp.post("/login")
def login() -> Response:
    ctx = services()
    if not ctx.login_csrf.accepts(request.cookies.get(CSRF_COOKIE), request.form.get("csrf_token")):
        return _csrf_failure()
    username = request.form.get("username", "")
    if not verify_password(ctx.settings.users, username, request.form.get("password", "")):
        return _login_form(401, error=True)
    if old := request.cookies.get(SESSION_COOKIE):
        ctx.web.end(old)  # the session this sign-in replaces ends; the new one always has a new id
    kept = old if old and not ctx.variant.rotates_session_at_sign_in else None  # a variant's planted bug
    session_id, session = ctx.web.start(username, csrf_token=secrets.token_urlsafe(32), session_id=kept)
    response = redirect(safe_next(request.form.get("next")) or "/dashboard", 303)
    remember(response, session_id, session)
    return response


@bp.get("/dashboard")
def dashboard() -> Response:
    who = visitor(activity=True, allow_bearer=False)
    if who.session is None:
        reason = "reason=expired&" if who.cookie_presented else ""
        return settle_cookies(redirect(f"/login?{reason}next={quote(request.path)}", 302), who)
    ctx = services()
    cached = ctx.variant.caches_dashboard
    html = render_template(
        "dashboard.html", user=who.session.user, csrf_token=who.session.csrf_token,
        idle_timeout=ctx.lifetime.idle, warning_lead=ctx.settings.warning_lead.total_seconds(),
        poll_interval=POLL_INTERVAL_SECONDS, reload_on_restore=not cached, client=_client_variant(),
        **_time_left(who.session))
    response = make_response(html)
    if cached:
        response.headers["Cache-Control"] = CACHED_DASHBOARD
    return settle_cookies(response, who)


@bp.get("/session/time-left")
def time_left() -> Response:
    """How long the session has left, in seconds from now; not activity: the page asks before it warns."""
    who = visitor(activity=False, allow_bearer=False)
    if who.session is None:
        return settle_cookies(_json_error(401, "signed out"), who)
    return settle_cookies(jsonify(_time_left(who.session)), who)


@bp.post("/session/keep-alive")
def keep_alive() -> Response:
    """"Stay signed in": activity by definition, and CSRF-checked like every request that changes state."""
    who = visitor(activity=False, allow_bearer=False)
    if who.session is None or who.session_id is None:
        return settle_cookies(_json_error(401, "signed out"), who)
    if not same_secret(who.session.csrf_token, request.headers.get("X-CSRF-Token")):
        return _json_error(400, "CSRF token missing or invalid")
    session = services().web.resume(who.session_id, activity=True)
    if session is None:
        return settle_cookies(_json_error(401, "signed out"), Visitor(None, cookie_presented=True))
    return settle_cookies(jsonify(_time_left(session)), Visitor(session, who.session_id, cookie_presented=True))


@bp.post("/logout")
def logout() -> Response:
    who = visitor(activity=False, allow_bearer=False)
    if who.session is not None and who.session_id is not None:
        if not same_secret(who.session.csrf_token, request.form.get("csrf_token")):
            return _csrf_failure()
        if services().variant.logout_ends_server_session:
            services().web.end(who.session_id)
    response = redirect("/login?reason=signed-out", 303)
    forget(response)
    return response


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site; None for anything that could leave it (//evil, \\evil)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 0x20 for c in target):
        return None
    parts = urlsplit(target)
    return target if not (parts.scheme or parts.netloc) else None


def _login_form(status: int, *, error: bool = False) -> Response:
    """The sign-in page; it reuses a valid CSRF cookie so two open tabs do not invalidate each other."""
    csrf = services().login_csrf
    token = request.cookies.get(CSRF_COOKIE)
    if token is None or not csrf.is_valid(token):
        token = csrf.new()
    html = render_template("login.html", csrf_token=token, error=error,
                           notice=NOTICES.get(request.args.get("reason", "")),
                           next=safe_next(request.values.get("next")))
    response = make_response(html, status)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure)
    return response


def _time_left(session: Session) -> dict[str, float]:
    """Seconds until the session idles out and until its absolute end: durations, so a client on another
    clock can count them down."""
    ctx = services()
    now = ctx.clock.now()
    return {"idle_expires_in": round(ctx.lifetime.idle_deadline(session) - now, 3),
            "absolute_expires_in": round(ctx.lifetime.absolute_deadline(session) - now, 3)}


def _client_variant() -> dict[str, str]:
    """How the dashboard's script behaves: the correct client, or one of the client-side planted bugs."""
    v = services().variant
    return {"stay_signed_in": "server" if v.stay_signed_in_reaches_server else "page",
            "tabs": "shared" if v.tabs_share_idle_time else "own",
            "counts_down": "true" if v.client_counts_down else "false"}


def _json_error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response


def _csrf_failure() -> Response:
    return make_response(render_template("csrf_error.html"), 400)
