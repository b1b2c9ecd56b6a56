"""A target: one system under test, described in `targets/NAME.toml` (where it is, how to sign in and out,
how to tell signed-in from signed-out). The feature files never change between targets.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from support.durations import parse_duration
from support.errors import ConfigError
from support.policy import SessionPolicy
from support.tomltable import Table

TARGETS_DIR = Path("targets")
CLOCK_BACKENDS = ("freezegun", "faketime", "http", "redis-ttl", "real")
APP_SERVER, SESSION_STORE = "app server", "session store"  # as support.clock.backend names them
READY_WITHIN = timedelta(seconds=20)  # start-up time allowed by default (`ready_within`)


@dataclass(frozen=True)
class AppSpec:
    """Where the app is: a running `base_url`, the name of an embedded app Lapse starts in-process, or a
    `start` command Lapse runs (with `{port}` and other placeholders: see support/launch.py)."""

    base_url: str | None = None
    embedded: str | None = None
    ready_path: str = "/"
    start: tuple[str, ...] | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    port: int | None = None  # a fixed port for `start`; default: a free loopback port
    ready_within: timedelta = READY_WITHIN  # how long start-up may take before it is an error


@dataclass(frozen=True)
class ProcessSpec:
    """Another process Lapse starts before the app (`[[processes]]`), such as the session store."""

    name: str  # an identifier: `{NAME.port}` in the app's command and env
    start: tuple[str, ...]
    component: str  # whose clock it keeps, as features say it: "session store"
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    port: int | None = None
    ready_path: str | None = None  # None: ready when its port accepts connections
    faketime: bool = True  # run under libfaketime (only if the "faketime" backend is on)
    ready_within: timedelta = READY_WITHIN


@dataclass(frozen=True)
class HttpClockSpec:
    """The app's test clock endpoint (`[clock.http]`); the secret comes from `secret_env`, or is made up by
    Lapse for an app it starts (`{clock_secret}` in the app's env)."""

    path: str = "/_lapse/clock"
    secret_env: str | None = None


@dataclass(frozen=True)
class RedisTtlSpec:
    """A Redis whose keys' TTLs stand in for its clock (`[clock.redis_ttl]`)."""

    url: str  # may name a started process's port: redis://127.0.0.1:{redis.port}/0
    component: str = SESSION_STORE


@dataclass(frozen=True)
class FormSignIn:
    """An HTML sign-in form; hidden fields (CSRF tokens) are discovered and sent back automatically."""

    page: str
    username_field: str = "username"
    password_field: str = "password"
    submit: str | None = None  # CSS selector the browser clicks; default: submit the password field's form


@dataclass(frozen=True)
class SignedIn:
    """What a protected page looks like to a signed-in user."""

    probe: str  # path of a protected page; requesting it is the question "am I signed in?"
    text: str  # text in the response body (API channel)
    selector: str  # CSS selector on the page (browser channel)
    passive: bool = False  # True if requesting the probe does not count as activity


@dataclass(frozen=True)
class SignedOut:
    """How the app says "sign in again"."""

    redirect_to: str | None = None  # a redirect whose path starts with this
    statuses: tuple[int, ...] = (401, 403)
    text: str | None = None  # text in the body of the sign-in page (API channel)
    selector: str | None = None  # CSS selector of the sign-in page (browser channel)


@dataclass(frozen=True)
class SignOut:
    form_action: str  # the action of the sign-out form on the probe page (its CSRF field is sent along)
    button: str  # CSS selector the browser clicks


@dataclass(frozen=True)
class Credentials:
    username_env: str
    password_env: str
    default_username: str | None = None
    default_password: str | None = None

    def resolve(self) -> tuple[str, str]:
        """The username and password from the environment; defaults exist only for the embedded app."""
        username = os.environ.get(self.username_env) or self.default_username
        password = os.environ.get(self.password_env) or self.default_password
        missing = [name for name, value in ((self.username_env, username), (self.password_env, password))
                   if not value]
        if missing:
            raise ConfigError(f"no credentials: set the environment variable(s) {', '.join(missing)} "
                              f"to the test user's sign-in")
        assert username is not None and password is not None
        return username, password


@dataclass(frozen=True)
class Target:
    name: str
    file: Path
    app: AppSpec
    sign_in: FormSignIn
    signed_in: SignedIn
    signed_out: SignedOut
    sign_out: SignOut
    credentials: Credentials
    session_cookies: tuple[str, ...]
    clocks: tuple[str, ...] = ("freezegun",)
    processes: tuple[ProcessSpec, ...] = ()
    clock_http: HttpClockSpec | None = None
    clock_redis_ttl: RedisTtlSpec | None = None
    activity: str | None = None  # path a "click around" requests; defaults to the probe page
    description: str = ""
    policy: SessionPolicy | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def activity_path(self) -> str:
        return self.activity or self.signed_in.probe


def available_targets(directory: Path = TARGETS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml"))


def load_target(name: str, directory: Path = TARGETS_DIR) -> Target:
    """Read `targets/NAME.toml` (or a path to a .toml file); every problem is one line naming file and key."""
    file = Path(name) if name.endswith(".toml") else directory / f"{name}.toml"
    if not file.is_file():
        known = ", ".join(available_targets(directory)) or "none"
        raise ConfigError(f'unknown target "{name}": no file {file} (known targets: {known}); '
                          f"create one or pick a known target with -D target=NAME")
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from None
    return parse_target(data, file)


def parse_target(data: dict[str, object], file: Path) -> Target:
    top = Table(data, file)
    name = top.get("name", str) or file.stem
    description = top.get("description", str) or ""
    app = _app(top.table("app", required=True))
    processes = tuple(_process(t) for t in top.tables("processes"))
    clocks, clock_http, clock_redis_ttl = _clocks(top, app, processes)
    target = Target(
        name=name,
        file=file,
        description=description,
        app=app,
        clocks=tuple(clocks),
        processes=processes,
        clock_http=clock_http,
        clock_redis_ttl=clock_redis_ttl,
        sign_in=_sign_in(top.table("sign_in", required=True)),
        signed_in=_signed_in(top.table("signed_in", required=True)),
        signed_out=_signed_out(top.table("signed_out", required=True)),
        sign_out=_sign_out(top.table("sign_out", required=True)),
        credentials=_credentials(top.table("credentials", required=True), started=app.base_url is None),
        session_cookies=tuple(_session(top.table("session", required=True))),
        activity=top.get("activity", str),
        policy=_policy(top.table("policy")),
    )
    top.done()
    return target


def _app(t: Table | None) -> AppSpec:
    assert t is not None
    spec = AppSpec(base_url=t.get("base_url", str), embedded=t.get("embedded", str),
                   ready_path=_path(t, "ready_path") or "/", start=_command(t), env=t.string_map("env"),
                   cwd=_cwd(t), port=_port(t), ready_within=_ready_within(t))
    if [spec.base_url, spec.embedded, spec.start].count(None) != 2:
        raise ConfigError(f"{t.where('base_url')}: give exactly one of base_url (a running app), "
                          f'embedded = "reference_app" (started by Lapse) or start = [...] (a command Lapse runs)')
    if spec.start is None and (spec.env or spec.cwd or spec.port):
        raise ConfigError(f"{t.where('env' if spec.env else 'cwd' if spec.cwd else 'port')}: only an app Lapse "
                          f"starts (start = [...]) takes env, cwd and port")
    if spec.embedded is not None and spec.embedded != "reference_app":
        raise ConfigError(f'{t.where("embedded")}: unknown embedded app "{spec.embedded}"; '
                          f'the only embedded app is "reference_app"')
    t.done()
    return spec


def _command(t: Table) -> tuple[str, ...] | None:
    command = t.strings("start")
    if not t.has("start"):
        return None
    if not command or not command[0]:
        raise ConfigError(f'{t.where("start")} must name a program: start = ["program", "--port", "{{port}}"]')
    return tuple(command)


def _cwd(t: Table) -> Path | None:
    raw = t.get("cwd", str)
    return Path(raw) if raw is not None else None


def _port(t: Table) -> int | None:
    port = t.get("port", int)
    if port is not None and not 0 < port < 65536:
        raise ConfigError(f"{t.where('port')} must be a port number from 1 to 65535, not {port}")
    return port


def _path(t: Table, key: str) -> str | None:
    value = t.get(key, str)
    if value is not None and not value.startswith("/"):
        raise ConfigError(f'{t.where(key)} must be a path on the app starting with "/", not {value!r}')
    return value


def _ready_within(t: Table) -> timedelta:
    raw = t.get("ready_within", str)
    if raw is None:
        return READY_WITHIN
    try:
        within = parse_duration(raw)
    except ConfigError as exc:
        raise ConfigError(f"{t.where('ready_within')}: {exc}") from None
    if not within:
        raise ConfigError(f'{t.where("ready_within")} must be longer than 0 seconds, e.g. "60 seconds"')
    return within


def _process(t: Table) -> ProcessSpec:
    name = t.require("name", str)
    if not name.isidentifier():
        raise ConfigError(f"{t.where('name')} must be a plain name (letters, digits, _), not {name!r}: "
                          f"it is written {{NAME.port}} in commands")
    command = _command(t)
    if command is None:
        raise ConfigError(f"{t.where('start')} is missing: add `start = [...]`, the command that runs {name}")
    spec = ProcessSpec(name=name, start=command, component=t.get("component", str) or name,
                       env=t.string_map("env"), cwd=_cwd(t), port=_port(t), ready_path=_path(t, "ready_path"),
                       faketime=t.get("faketime", bool, True) is not False, ready_within=_ready_within(t))
    t.done()
    return spec


def _clocks(top: Table, app: AppSpec,
            processes: tuple[ProcessSpec, ...]) -> tuple[list[str], HttpClockSpec | None, RedisTtlSpec | None]:
    names = [p.name for p in processes]
    if dupes := sorted({n for n in names if names.count(n) > 1}):
        raise ConfigError(f"{top.where('processes')}: two processes are called {dupes[0]!r}; names must differ")
    clock = top.table("clock")
    if clock is None:
        return ["freezegun"], None, None
    backends = clock.strings("backends", ["freezegun"])
    for backend in backends:
        if backend not in CLOCK_BACKENDS:
            raise ConfigError(f'{clock.where("backends")}: unknown clock backend "{backend}" '
                              f"(known: {', '.join(CLOCK_BACKENDS)})")
    if "faketime" in backends and app.start is None and not processes:
        raise ConfigError(f'{clock.where("backends")}: "faketime" moves the clocks of processes Lapse starts; '
                          f"add [app] start = [...] or [[processes]]")
    http = _clock_http(clock, "http" in backends, app)
    redis_ttl = _clock_redis_ttl(clock, "redis-ttl" in backends)
    clock.done()
    return backends, http, redis_ttl


def _clock_http(clock: Table, on: bool, app: AppSpec) -> HttpClockSpec | None:
    t = clock.table("http")
    if t is None:
        spec = HttpClockSpec() if on else None
    else:
        if not on:
            raise ConfigError(f'{clock.where("http")} has no effect: add "http" to [clock] backends')
        spec = HttpClockSpec(path=_path(t, "path") or HttpClockSpec.path, secret_env=t.get("secret_env", str))
        t.done()
    if spec is not None and spec.secret_env is None and app.base_url is not None:
        raise ConfigError(f"{clock.where('http.secret_env')} is missing: name the environment variable that holds "
                          f"the secret of the app's test clock")
    return spec


def _clock_redis_ttl(clock: Table, on: bool) -> RedisTtlSpec | None:
    t = clock.table("redis_ttl")
    if t is None:
        if on:
            raise ConfigError(f'{clock.where("redis_ttl")} is missing: the "redis-ttl" clock needs '
                              f'[clock.redis_ttl] url = "redis://..."')
        return None
    if not on:
        raise ConfigError(f'{clock.where("redis_ttl")} has no effect: add "redis-ttl" to [clock] backends')
    spec = RedisTtlSpec(url=t.require("url", str), component=t.get("component", str) or SESSION_STORE)
    t.done()
    return spec


def _sign_in(t: Table | None) -> FormSignIn:
    assert t is not None
    form = t.table("form", required=True)
    assert form is not None
    spec = FormSignIn(page=form.require("page", str),
                      username_field=form.get("username_field", str) or "username",
                      password_field=form.get("password_field", str) or "password",
                      submit=form.get("submit", str))
    form.done()
    t.done()
    return spec


def _signed_in(t: Table | None) -> SignedIn:
    assert t is not None
    spec = SignedIn(probe=t.require("probe", str), text=t.require("text", str),
                    selector=t.require("selector", str), passive=bool(t.get("passive", bool)))
    t.done()
    return spec


def _signed_out(t: Table | None) -> SignedOut:
    assert t is not None
    spec = SignedOut(redirect_to=t.get("redirect_to", str), statuses=tuple(t.ints("statuses", [401, 403])),
                     text=t.get("text", str), selector=t.get("selector", str))
    if spec.selector is None:
        raise ConfigError(f"{t.where('selector')} is missing: the browser needs a CSS selector "
                          f"that is present on the sign-in page")
    t.done()
    return spec


def _sign_out(t: Table | None) -> SignOut:
    assert t is not None
    spec = SignOut(form_action=t.require("form_action", str), button=t.require("button", str))
    t.done()
    return spec


def _credentials(t: Table | None, started: bool) -> Credentials:
    assert t is not None
    creds = Credentials(username_env=t.require("username_env", str), password_env=t.require("password_env", str),
                        default_username=t.get("default_username", str),
                        default_password=t.get("default_password", str))
    if not started and (creds.default_username or creds.default_password):
        raise ConfigError(f"{t.where('default_password')}: default credentials are allowed only for the "
                          f"embedded reference app or an app Lapse starts; take them from {creds.password_env} instead")
    t.done()
    return creds


def _session(t: Table | None) -> list[str]:
    assert t is not None
    cookies = t.strings("cookies")
    if not cookies:
        raise ConfigError(f"{t.where('cookies')} is missing: name the session cookie(s), "
                          f'e.g. cookies = ["sessionid"]')
    t.done()
    return cookies


def _policy(t: Table | None) -> SessionPolicy | None:
    if t is None:
        return None
    rows = []
    for key in ("idle_timeout", "absolute_lifetime", "grace", "warning_lead", "access_token_lifetime",
                "refresh_token_lifetime"):
        value = t.get(key, str)
        if value is not None:
            rows.append((key.replace("_", " "), value))
    t.done()
    try:
        return SessionPolicy.from_rows(rows)
    except ConfigError as exc:
        raise ConfigError(f"{t.file}: [policy] {exc}") from None
