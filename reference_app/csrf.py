"""CSRF tokens: signed double-submit for the login form, per-session tokens for everything after it."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def same_secret(expected: str, given: str | None) -> bool:
    """Constant-time equality that treats a missing or empty value as a mismatch."""
    return bool(expected) and given is not None and hmac.compare_digest(expected.encode(), given.encode())


class LoginCsrf:
    """The login form has no session to bind a token to, so its cookie is signed with the app's secret:
    a value planted by another site (or a sibling subdomain) fails the signature check."""

    def __init__(self, secret_key: str) -> None:
        self._key = secret_key.encode()

    def new(self) -> str:
        nonce = secrets.token_urlsafe(32)
        return f"{nonce}.{self._sign(nonce)}"

    def is_valid(self, token: str | None) -> bool:
        nonce, _, signature = (token or "").partition(".")
        return bool(nonce) and same_secret(self._sign(nonce), signature)

    def accepts(self, cookie: str | None, form_value: str | None) -> bool:
        """The double-submit check: a validly signed cookie and the same value in the form."""
        return cookie is not None and self.is_valid(cookie) and same_secret(cookie, form_value)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, b"login-csrf:" + nonce.encode(), hashlib.sha256).hexdigest()
