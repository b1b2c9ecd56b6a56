"""A target: one system under test, described in `targets/NAME.toml` (where it is, how to sign in and out,
how to tell signed-in from signed-out). The feature files never change between targets.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from support.errors import ConfigError
from support.policy import SessionPolicy
from support.tomltable import Table

TARGETS_DIR = Path("targets")
CLOCK_BACKENDS = ("freezegun", "real")


@dataclass(frozen=True)
class AppSpec:
    """Where the app is: a running `base_url`, or the name of an embedded app Lapse starts in-process."""

    base_url: str | None = None
    embedded: str | None = None
    ready_path: str = "/"


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
    target = Target(
        name=name,
        file=file,
        description=description,
        app=app,
        clocks=tuple(_clocks(top)),
        sign_in=_sign_in(top.table("sign_in", required=True)),
        signed_in=_signed_in(top.table("signed_in", required=True)),
        signed_out=_signed_out(top.table("signed_out", required=True)),
        sign_out=_sign_out(top.table("sign_out", required=True)),
        credentials=_credentials(top.table("credentials", required=True), embedded=app.embedded is not None),
        session_cookies=tuple(_session(top.table("session", required=True))),
        activity=top.get("activity", str),
        policy=_policy(top.table("policy")),
    )
    top.done()
    return target


def _app(t: Table | None) -> AppSpec:
    assert t is not None
    spec = AppSpec(base_url=t.get("base_url", str), embedded=t.get("embedded", str),
                   ready_path=t.get("ready_path", str) or "/")
    if (spec.base_url is None) == (spec.embedded is None):
        raise ConfigError(f"{t.where('base_url')}: give exactly one of base_url (a running app) "
                          f'or embedded = "reference_app" (started by Lapse)')
    if spec.embedded is not None and spec.embedded != "reference_app":
        raise ConfigError(f'{t.where("embedded")}: unknown embedded app "{spec.embedded}"; '
                          f'the only embedded app is "reference_app"')
    t.done()
    return spec


def _clocks(top: Table) -> list[str]:
    clock = top.table("clock")
    if clock is None:
        return ["freezegun"]
    backends = clock.strings("backends", ["freezegun"])
    for backend in backends:
        if backend not in CLOCK_BACKENDS:
            raise ConfigError(f'{clock.where("backends")}: unknown clock backend "{backend}" '
                              f"(known: {', '.join(CLOCK_BACKENDS)})")
    clock.done()
    return backends


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


def _credentials(t: Table | None, embedded: bool) -> Credentials:
    assert t is not None
    creds = Credentials(username_env=t.require("username_env", str), password_env=t.require("password_env", str),
                        default_username=t.get("default_username", str),
                        default_password=t.get("default_password", str))
    if not embedded and (creds.default_username or creds.default_password):
        raise ConfigError(f"{t.where('default_password')}: default credentials are allowed only for the "
                          f"embedded reference app; take them from {creds.password_env} instead")
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
