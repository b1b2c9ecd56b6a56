"""Start the system under test: the embedded reference app in this process (its clock moved by freezegun),
a command Lapse runs (`[app] start`, under libfaketime if the target asks), or nothing at all for an app
that is already running at `base_url`; and before the app, the target's other processes (`[[processes]]`).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from support.errors import ConfigError, CouldNotTell
from support.launch import Launched, Launcher, LaunchSpec, http_unready
from support.policy import SessionPolicy
from support.target import APP_SERVER, Target

POLICY_PLACEHOLDERS = ("idle_timeout", "absolute_lifetime", "access_token_lifetime", "warning_lead")


@dataclass
class RunningApp:
    """An app Lapse can reach; `stop()` ends whatever Lapse started for it."""

    base_url: str
    version: str = ""
    clock_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    launcher: Launcher | None = field(default=None, repr=False)  # the processes Lapse started for it
    _server: _ReferenceServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def processes(self) -> list[Launched]:
        """The processes Lapse started (the app's own first, if it started the app), for their clocks."""
        return list(self.launcher.started.values()) if self.launcher is not None else []

    def stop(self) -> None:
        if self.launcher is not None:
            self.launcher.close()
            self.launcher = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


def start_app(target: Target, policy: SessionPolicy | None, variant: str = "correct",
              fake_clocks: bool = True) -> RunningApp:
    """Start the target's processes and its app if Lapse owns them, and wait until the app answers its
    readiness path. `fake_clocks=False` (real-time mode) starts nothing under libfaketime."""
    if target.app.base_url is not None and variant != "correct":
        raise ConfigError(f'-D variant={variant} needs an app Lapse starts; target "{target.name}" '
                          f"is already running at {target.app.base_url}")
    app = RunningApp(base_url="")
    try:
        faketime = fake_clocks and "faketime" in target.clocks
        if target.processes or target.app.start is not None:
            app.launcher = Launcher()
        for process in target.processes:
            assert app.launcher is not None
            app.launcher.start(LaunchSpec(
                name=process.name, command=process.start, where=f"{target.file}: processes.{process.name}",
                env=process.env, cwd=process.cwd, port=process.port, ready_path=process.ready_path,
                faketime=faketime and process.faketime, ready_within_s=process.ready_within.total_seconds()))
        if target.app.base_url is not None:
            app.base_url = target.app.base_url.rstrip("/")
        elif target.app.embedded is not None:
            _serve_reference_app(app, policy, variant, "http" in target.clocks)
        else:
            _launch_app(app, target, policy, variant, faketime)
        wait_until_ready(app.base_url + target.app.ready_path, target.app.ready_within)
    except BaseException:
        app.stop()
        raise
    return app


def _launch_app(app: RunningApp, target: Target, policy: SessionPolicy | None, variant: str,
                faketime: bool) -> None:
    spec = target.app
    assert spec.start is not None and app.launcher is not None
    templates = [*spec.start, *spec.env.values()]
    if variant != "correct" and not any("{variant}" in text for text in templates):
        raise ConfigError(f"-D variant={variant} cannot reach the app: {target.file} passes no {{variant}} to it "
                          f"(add it to [app] env or start)")
    values: dict[str, object] = {"variant": variant, "clock_secret": app.clock_secret}
    for name in POLICY_PLACEHOLDERS:
        if policy is not None and (value := getattr(policy, name)) is not None:
            values[name] = f"{value.total_seconds():g}"  # seconds, as LAPSE_APP_* variables take them
    launched = app.launcher.start(LaunchSpec(name=APP_SERVER, command=spec.start, where=f"{target.file}: app",
                                             env=spec.env, cwd=spec.cwd, port=spec.port,
                                             ready_path=spec.ready_path, faketime=faketime,
                                             ready_within_s=spec.ready_within.total_seconds()), values)
    app.base_url = launched.base_url
    app.version = f"started by Lapse: {' '.join(launched.command)}"


def _serve_reference_app(app: RunningApp, policy: SessionPolicy | None, variant: str, test_clock: bool) -> None:
    import reference_app
    from reference_app.app import create_app
    from reference_app.settings import AppSettings

    overrides: dict[str, Any] = {"variant": variant}
    if test_clock:
        overrides["clock_secret"] = app.clock_secret
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
    server = _ReferenceServer("127.0.0.1", 0, flask_app, handler=_OneRequestPerConnection)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="lapse-reference-app", daemon=True)
    thread.start()
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    app.version = f"reference_app {reference_app.__version__}"
    app._server, app._thread = server, thread


class _ReferenceServer(ThreadedWSGIServer):
    """A stopped in-process app must refuse the browser's next request (an app that is down reads as "could
    not tell"), not answer it on a connection that outlived `shutdown()`: Chromium preconnects a spare socket,
    which the server accepts and would serve later. So the server knows its open connections, and closing it
    cuts them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connections: set[socket.socket] = set()

    def server_close(self) -> None:
        super().server_close()
        for connection in list(self.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _OneRequestPerConnection(WSGIRequestHandler):
    """No keep-alive, and each connection known to its `_ReferenceServer` while it is open."""

    protocol_version = "HTTP/1.0"
    server: _ReferenceServer

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()


def wait_until_ready(url: str, within: timedelta = timedelta(seconds=15)) -> None:
    """Poll `url` until it answers below 500; a clear error if it never does."""
    deadline = time.monotonic() + within.total_seconds()
    last: str | None = "no answer"
    while time.monotonic() < deadline:
        if (last := http_unready(url)) is None:
            return
        time.sleep(0.05)
    raise CouldNotTell(f"the app is not ready: {url} gave {last} for {within.total_seconds():.0f} s")
