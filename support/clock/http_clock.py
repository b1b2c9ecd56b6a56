"""The clock of an app that exposes a test clock endpoint (as Keycloak's test suite sets a time offset).

Protocol (the reference app implements it in `reference_app/clock.py`; another app can implement the same):
`PUT <base_url><path>` with the header `X-Lapse-Clock-Secret: <secret>` and the JSON body
`{"offset": <seconds>}` sets how far the app's clock runs ahead of real time (negative: behind); the answer
is `200 {"offset": <seconds>, "now": <the app's unix time>}`. Setting the whole offset, not a difference, makes
a retried request harmless. `403` means a wrong secret; `404` that the endpoint is not enabled.

What moves: only what the app adds its offset to — the reference app's single time source. Its monotonic
time, its libraries' own clock reads, and its session store do not move. `close()` sets the offset back to 0,
so an app Lapse did not start is left with its real clock.
"""

from __future__ import annotations

from datetime import timedelta

import requests

from support.clock.backend import APP_SERVER
from support.errors import ConfigError, EnvironmentProblem

SECRET_HEADER = "X-Lapse-Clock-Secret"
DEFAULT_PATH = "/_lapse/clock"


class HttpClock:
    name = "http"
    can_skew = True

    def __init__(self, base_url: str, secret: str, path: str = DEFAULT_PATH, component: str = APP_SERVER) -> None:
        self.url = base_url.rstrip("/") + path
        self.component = component
        self._secret = secret
        self._offset = 0.0
        self._http = requests.Session()
        self._put(0.0)

    @property
    def offset(self) -> timedelta:
        return timedelta(seconds=self._offset)

    def advance(self, delta: timedelta) -> None:
        self._put(self._offset + delta.total_seconds())

    def jump(self, delta: timedelta) -> None:
        """Step the app's clock by `delta`, either sign."""
        self._put(self._offset + delta.total_seconds())

    def close(self) -> None:
        try:
            if self._offset:
                self._put(0.0)
        except (EnvironmentProblem, ConfigError):
            pass  # the app is already gone: nothing to reset
        finally:
            self._http.close()

    def _put(self, offset: float) -> None:
        try:
            reply = self._http.put(self.url, json={"offset": offset}, headers={SECRET_HEADER: self._secret},
                                   timeout=5)
        except requests.RequestException as exc:
            raise EnvironmentProblem(f"the app's test clock at {self.url} did not answer: "
                                     f"{type(exc).__name__}") from None
        if reply.status_code == 404:
            raise ConfigError(f"the app has no test clock at {self.url} (HTTP 404): enable it (the reference app "
                              f"needs LAPSE_APP_CLOCK_SECRET) or fix [clock.http] path")
        if reply.status_code in (401, 403):
            raise ConfigError(f"the app's test clock at {self.url} refused the secret (HTTP {reply.status_code})")
        try:
            confirmed = float(reply.json()["offset"])
        except (ValueError, KeyError, TypeError):
            confirmed = None
        if reply.status_code != 200 or confirmed is None or abs(confirmed - offset) > 1e-3:
            raise EnvironmentProblem(f"the app's test clock at {self.url} did not take offset {offset:+.3f} s "
                                     f"(HTTP {reply.status_code}: {reply.text[:80]!r})")
        self._offset = offset
