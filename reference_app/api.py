"""The JSON API: who am I, the background notifications poll, and bearer/refresh tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.wrappers import Response

from reference_app.auth import Visitor, settle_cookies, verify_password, visitor
from reference_app.context import services

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/me")
def me() -> Response:
    who = visitor(activity=True)
    if who.session is None:
        return _signed_out(who)
    lifetime = services().lifetime
    return settle_cookies(jsonify(user=who.session.user,
                                  idle_expires_at=lifetime.idle_deadline(who.session),
                                  absolute_expires_at=lifetime.absolute_deadline(who.session)), who)


@bp.get("/notifications")
def notifications() -> Response:
    """What the dashboard polls in the background: a correct server does not treat it as activity."""
    who = visitor(activity=services().variant.poll_counts_as_activity)
    if who.session is None:
        return _signed_out(who)
    return settle_cookies(jsonify(notifications=[]), who)


@bp.post("/token")
def token() -> Response:
    body = _json_strings("username", "password")
    if body is None:
        return _error(400, "expected JSON {\"username\": ..., \"password\": ...}")
    username, password = body
    if not verify_password(services().settings.users, username, password):
        return _error(401, "invalid credentials")
    return jsonify(services().tokens.issue(username).to_json())


@bp.post("/token/refresh")
def refresh() -> Response:
    body = _json_strings("refresh_token")
    if body is None:
        return _error(400, "expected JSON {\"refresh_token\": ...}")
    pair = services().tokens.refresh(body[0])
    return _error(401, "refresh token expired") if pair is None else jsonify(pair.to_json())


@bp.post("/token/revoke")
def revoke() -> Response:
    body = _json_strings("refresh_token")
    if body is None:
        return _error(400, "expected JSON {\"refresh_token\": ...}")
    services().tokens.revoke(body[0])
    return jsonify(revoked=True)


def _signed_out(who: Visitor) -> Response:
    response = _error(401, who.error)
    if who.bearer:
        response.headers["WWW-Authenticate"] = "Bearer"
    return settle_cookies(response, who)


def _error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response


def _json_strings(*names: str) -> list[str] | None:
    """The named string fields of a JSON object body, or None if the body is not shaped like that."""
    body: Any = request.get_json(silent=True)
    if not isinstance(body, dict) or not all(isinstance(body.get(name), str) for name in names):
        return None
    return [body[name] for name in names]
