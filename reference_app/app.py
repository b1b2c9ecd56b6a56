"""The application factory."""

from __future__ import annotations

from flask import Flask, Response, request

from reference_app import api, clock_endpoint, web
from reference_app.clock import AppClock
from reference_app.context import EXTENSION, Services
from reference_app.settings import AppSettings
from reference_app.store import InMemorySessionStore, SessionStore
from reference_app.variants import variant_named


def create_app(settings: AppSettings, *, store: SessionStore | None = None) -> Flask:
    """A new app enforcing `settings`; sessions live in `store` (by default: in Redis if `settings.redis_url`
    is set, else a fresh in-memory store). The test clock endpoint exists only if `settings.clock_secret` is."""
    app = Flask("reference_app")
    app.config["SECRET_KEY"] = settings.secret_key
    clock = AppClock()
    chosen = store if store is not None else default_store(settings, clock)
    app.extensions[EXTENSION] = Services.build(settings, chosen, clock)
    app.register_blueprint(web.bp)
    app.register_blueprint(api.bp)
    if settings.clock_secret:
        app.register_blueprint(clock_endpoint.bp)
    app.after_request(_no_store_by_default)
    return app


def default_store(settings: AppSettings, clock: AppClock) -> SessionStore:
    """Redis (`LAPSE_APP_REDIS_URL`) with the variant's store bug, if any; else process memory."""
    if settings.redis_url is None:
        return InMemorySessionStore()
    from reference_app.store_redis import RedisSessionStore

    variant = variant_named(settings.variant)
    return RedisSessionStore.from_url(settings.redis_url, renew_on_touch=variant.renews_store_ttl,
                                      expire_at=None if variant.store_ttl_is_relative else clock.now)

def _no_store_by_default(response: Response) -> Response:
    """Pages and API answers may carry a session or CSRF token: no cache may keep them unless a view
    decided otherwise (only the cacheable-dashboard variant does). Static assets hold no secrets."""
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
