"""One Lapse run: the target's app, the clocks, the browser and the evidence, each started once.

`LapseRun` is what environment.py holds for the whole behave run; `ScenarioState` is the per-scenario
view that steps use (policy in force, users, timeline).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import support
from support.app_server import RunningApp, start_app
from support.channels.api import ApiChannel
from support.channels.browser import Browser, BrowserChannel
from support.channels.channel import Channel
from support.channels.tokens import TokenChannel
from support.clock import ClockBackend, TimeController
from support.clock.real_clock import RealClock
from support.durations import format_duration
from support.errors import ConfigError, EnvironmentProblem
from support.evidence.model import RunRecord
from support.evidence.screenshots import ScreenshotStore
from support.evidence.timeline import Timeline
from support.options import RunOptions
from support.policy import SessionPolicy
from support.target import APP_SERVER, Target, load_target
from support.users import User


class LapseRun:
    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.target: Target = load_target(options.target)
        self.app: RunningApp | None = None
        self.clock: TimeController | None = None
        self.browser = Browser()
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
        self.record = RunRecord(run_id=run_id, started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                                target=self.target.name, clock_mode=options.clock,
                                time_scale=options.time_scale, variant=options.variant,
                                lapse_version=support.__version__,
                                target_policy=self.target.policy.describe() if self.target.policy else {})
        self.shots = ScreenshotStore(options.reports, run_id)
        self.started_s = time.perf_counter()

    @property
    def reports_dir(self) -> Path:
        return self.options.reports

    def start(self) -> None:
        """Start the app, then take over its clocks. Call `close()` whatever happens."""
        app_policy = self.target.policy
        if app_policy is not None and self.options.clock == "real":
            app_policy = app_policy.scaled(self.options.time_scale)
        self.app = start_app(self.target, app_policy, self.options.variant,
                             fake_clocks=self.options.clock != "real")
        self.record.target_url = self.app.base_url
        self.record.app_version = self.app.version
        self.clock = TimeController(self._clock_backends(), scale=self.options.time_scale)
        self.record.clock_mode = f"{self.options.clock} ({self.clock.mode})"
        if self.options.clock != "real":
            self.browser.use_clock(self.clock)  # pages run on virtual time too, from the browser's start

    def _clock_backends(self) -> list[ClockBackend]:
        if self.options.clock == "real":
            return [RealClock()]
        backends: list[ClockBackend] = []
        try:
            for name in self.target.clocks:
                backends.extend(self._clock_backend(name))
        except BaseException:
            for backend in backends:
                backend.close()
            raise
        return backends

    def _clock_backend(self, name: str) -> list[ClockBackend]:
        """The backends of one kind named in the target's [clock] backends."""
        target, app = self.target, self.app
        assert app is not None
        if name == "freezegun":
            if target.app.embedded is None:
                raise ConfigError(f"{target.file}: the freezegun clock moves only an app running "
                                  f"inside Lapse (embedded); use -D clock=real for {target.app.base_url}")
            from support.clock.freezegun_clock import FreezegunClock

            return [FreezegunClock()]
        if name == "faketime":
            from support.clock.faketime_clock import FaketimeClock

            components = {p.name: p.component for p in target.processes}
            return [FaketimeClock(p.clock_file, components.get(p.name, APP_SERVER))
                    for p in app.processes if p.clock_file is not None]
        if name == "http":
            from support.clock.http_clock import HttpClock

            assert target.clock_http is not None
            return [HttpClock(app.base_url, self._clock_secret(), target.clock_http.path)]
        if name == "redis-ttl":
            from support.clock.redis_ttl_clock import RedisTtlClock
            from support.launch import expand

            spec = target.clock_redis_ttl
            assert spec is not None
            values = app.launcher.values() if app.launcher is not None else {}
            return [RedisTtlClock(expand(spec.url, values, f"{target.file}: clock.redis_ttl.url"), spec.component)]
        return [RealClock()]

    def _clock_secret(self) -> str:
        spec, app = self.target.clock_http, self.app
        assert spec is not None and app is not None
        if spec.secret_env is None:
            return app.clock_secret
        secret = os.environ.get(spec.secret_env)
        if not secret:
            raise ConfigError(f"no test clock secret: set the environment variable {spec.secret_env} "
                              f"([clock.http] secret_env in {self.target.file})")
        return secret

    def begin_scenario(self, name: str, browser_by_default: bool) -> ScenarioState:
        assert self.app is not None and self.clock is not None, "LapseRun.start() was not called"
        if browser_by_default:  # the first sentence may be about the browser's clock: it must be under control
            with contextlib.suppress(EnvironmentProblem):  # raised again, as one line, by the first browser step
                self.browser.start()
        self.browser.reset()  # before the clock's origin: wiping the browser is not part of the scenario
        self.clock.begin_scenario()
        self.shots.scenario = name
        return ScenarioState(self, browser_by_default)

    def close(self) -> None:
        """Stop everything this run started; safe to call twice and after a partial start."""
        self.browser.quit()
        if self.clock is not None:
            self.clock.close()
        if self.app is not None:
            self.app.stop()
            self.app = None
        self.record.finished_at = datetime.now(UTC).isoformat(timespec="seconds")


class ScenarioState:
    """What a scenario knows: the policy in force, its users, its timeline."""

    def __init__(self, run: LapseRun, browser_by_default: bool) -> None:
        assert run.clock is not None and run.app is not None
        self.run = run
        self.clock = run.clock
        self.timeline = Timeline(run.clock)
        self.browser_by_default = browser_by_default
        self.stated_policy: SessionPolicy | None = None
        self.users: dict[str, User] = {}
        self._current: User | None = None

    @property
    def policy(self) -> SessionPolicy:
        """The feature's policy over the target's: the feature wins field by field."""
        base = self.run.target.policy or SessionPolicy()
        return self.stated_policy.merged_over(base) if self.stated_policy else base

    @property
    def policy_source(self) -> str:
        if self.stated_policy is None:
            return "target" if self.run.target.policy else "none"
        return "feature (over the target's)" if self.run.target.policy else "feature"

    def state_policy(self, policy: SessionPolicy) -> None:
        self.stated_policy = policy.merged_over(self.stated_policy) if self.stated_policy else policy
        self.timeline.record("policy", "lapse", "policy", "policy in force", self.policy.sentence())

    def require(self, what: str) -> SessionPolicy:
        """The policy, checked to state `what` ("idle_timeout", ...), else a clear error."""
        policy = self.policy
        if getattr(policy, what) is None:
            words = what.replace("_", " ")
            raise ConfigError(f"no {words} is stated: add `Given the session policy:` with a row "
                              f'"{words}" to the feature, or [policy] {what} to {self.run.target.file}')
        return policy

    def new_user(self, channel: str | None = None, name: str = "the user") -> User:
        kind = channel or ("browser" if self.browser_by_default else "api")
        app = self.run.app
        assert app is not None
        actor = name
        chosen: Channel
        if kind == "browser":
            chosen = BrowserChannel(self.run.browser, self.run.target, app.base_url, actor, self.timeline,
                                    self.run.shots)
        elif kind == "tokens":
            chosen = TokenChannel(self.run.target, app.base_url, actor, self.timeline)
        else:
            chosen = ApiChannel(self.run.target, app.base_url, actor, self.timeline)
        user = User(actor, chosen, self.clock, self.timeline, self.run.target, app.base_url)
        self.users[name] = user
        self._current = user
        return user

    def moment(self) -> str:
        """Where the scenario is on the virtual clock, in words: "16 minutes in"."""
        seconds = round(self.clock.elapsed().total_seconds())
        return f"{format_duration(timedelta(seconds=seconds))} into the scenario"

    @property
    def user(self) -> User:
        if self._current is None:
            raise ConfigError('no user yet: start the scenario with "Given a user signed in" '
                              '(or "Given a user idle for 16 minutes")')
        return self._current
