"""The application factory."""

from __future__ import annotations

from flask import Flask, Response, request

from reference_app import api, web
from reference_app.context import EXTENSION, Services
from reference_app.settings import AppSettings
from reference_app.store import InMemorySessionStore, SessionStore


def create_app(settings: AppSettings, *, store: SessionStore | None = None) -> Flask:
    """A new app enforcing `settings`; sessions live in `store` (a fresh in-memory one by default)."""
    app = Flask("reference_app")
    app.config["SECRET_KEY"] = settings.secret_key
    app.extensions[EXTENSION] = Services.build(settings, store if store is not None else InMemorySessionStore())
    app.register_blueprint(web.bp)
    app.register_blueprint(api.bp)
    app.after_request(_no_store_by_default)
    return app


def _no_store_by_default(response: Response) -> Response:
    """Pages and API answers may carry a session or CSRF token: no cache may keep them unless a view
    decided otherwise (only the cacheable-dashboard variant does). Static assets hold no secrets."""
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
