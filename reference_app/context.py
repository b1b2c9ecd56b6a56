"""The per-app objects views need, built once by `create_app` and found through `current_app`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from reference_app.clock import AppClock
from reference_app.csrf import LoginCsrf
from reference_app.lifetime import Lifetime
from reference_app.sessions import SessionBook
from reference_app.settings import AppSettings
from reference_app.store import SessionStore
from reference_app.tokens import TokenService
from reference_app.variants import Variant, variant_named

EXTENSION = "lapse_reference_app"


@dataclass(frozen=True)
class Services:
    settings: AppSettings
    variant: Variant
    lifetime: Lifetime
    web: SessionBook
    tokens: TokenService
    login_csrf: LoginCsrf
    clock: AppClock

    @classmethod
    def build(cls, settings: AppSettings, store: SessionStore, clock: AppClock | None = None) -> Services:
        variant = variant_named(settings.variant)
        lifetime = Lifetime(settings, variant)
        clock = clock or AppClock()
        token_sessions = SessionBook(store, lifetime, "token", check_idle=variant.refresh_checks_idle,
                                     clock=clock.now)
        return cls(settings=settings, variant=variant, lifetime=lifetime,
                   web=SessionBook(store, lifetime, "web", clock=clock.now), tokens=TokenService(token_sessions),
                   login_csrf=LoginCsrf(settings.secret_key), clock=clock)


def services() -> Services:
    found = current_app.extensions[EXTENSION]
    assert isinstance(found, Services)
    return found
