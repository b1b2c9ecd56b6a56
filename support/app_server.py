"""Start the system under test: the embedded reference app in this process (its clock moved by freezegun),
or nothing at all for an app that is already running at `base_url`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import requests
from werkzeug.serving import make_server

from support.errors import ConfigError, CouldNotTell
from support.policy import SessionPolicy
from support.target import Target


@dataclass
class RunningApp:
    """An app Lapse can reach; `stop()` ends whatever Lapse started for it."""

    base_url: str
    version: str = ""
    _server: Any = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


def start_app(target: Target, policy: SessionPolicy | None, variant: str = "correct") -> RunningApp:
    """Start the target's app if Lapse owns it, and wait until it answers its readiness path."""
    if target.app.base_url is not None:
        if variant != "correct":
            raise ConfigError(f'-D variant={variant} needs an app Lapse starts; target "{target.name}" '
                              f"is already running at {target.app.base_url}")
        app = RunningApp(base_url=target.app.base_url.rstrip("/"))
    else:
        app = _serve_reference_app(policy, variant)
    try:
        wait_until_ready(app.base_url + target.app.ready_path)
    except CouldNotTell:
        app.stop()
        raise
    return app


def _serve_reference_app(policy: SessionPolicy | None, variant: str) -> RunningApp:
    import reference_app
    from reference_app.app import create_app
    from reference_app.settings import AppSettings

    overrides: dict[str, Any] = {"variant": variant}
    if policy is not None:
        for name in ("idle_timeout", "absolute_lifetime", "access_token_lifetime"):
            if (value := getattr(policy, name)) is not None:
                overrides[name] = value
        if policy.warning_lead is not None:
            overrides["warning_lead"] = policy.warning_lead
    try:
        settings = AppSettings(**overrides)
        flask_app = create_app(settings)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request log on the terminal
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="lapse-reference-app", daemon=True)
    thread.start()
    return RunningApp(base_url=f"http://127.0.0.1:{server.server_port}",
                      version=f"reference_app {reference_app.__version__}", _server=server, _thread=thread)


def wait_until_ready(url: str, within: timedelta = timedelta(seconds=15)) -> None:
    """Poll `url` until it answers below 500; a clear error if it never does."""
    deadline = time.monotonic() + within.total_seconds()
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            reply = requests.get(url, timeout=2, allow_redirects=False)
            if reply.status_code < 500:
                return
            last = f"HTTP {reply.status_code}"
        except requests.RequestException as exc:
            last = type(exc).__name__
        time.sleep(0.05)
    raise CouldNotTell(f"the app is not ready: {url} gave {last} for {within.total_seconds():.0f} s")
