"""The `lapse` command: check a target file, measure an app's real timeouts, start a new target file.

Thin on purpose: `LapseRun` starts the app and its clocks (as a behave run does), the channels sign in and
probe, `support.measure` measures. Bad input is one line on stderr and exit 2; a check or measurement that
fails is exit 1; nothing printed holds a secret (every line passes through `redact`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from functools import partial
from importlib import resources
from pathlib import Path
from typing import NoReturn

from support.channels.api import ApiChannel
from support.channels.browser import BrowserChannel
from support.channels.probe import Answer
from support.durations import format_duration, parse_duration
from support.errors import ConfigError, LapseError
from support.evidence.redact import redact
from support.evidence.timeline import Timeline
from support.measure import DEFAULT_MAXIMUM, DEFAULT_PRECISION, Limit, SessionProber, What, measure
from support.options import CLOCK_MODES, RunOptions
from support.run import LapseRun
from support.target import TARGETS_DIR, available_targets
from support.users import User

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
# The absolute lifetime needs the idle timeout (activity must come safely under it), so it measures both.
WHAT: dict[str, What] = {"idle": "idle timeout", "absolute": "absolute lifetime", "both": "absolute lifetime"}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.command(args)
        return code
    except ConfigError as exc:
        _say(f"lapse: {exc}", err=True)
        return EXIT_BAD_INPUT
    except LapseError as exc:
        _say(f"lapse: {exc}", err=True)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("lapse: interrupted", err=True)
        return 130


# -- lapse check-target ----------------------------------------------------------------------------------
class Checklist:
    """One line per step: what was done, what was seen, ok or the reason it failed."""

    def __init__(self) -> None:
        self.passed = 0

    def step(self, done: str, action: Callable[[], str]) -> bool:
        try:
            seen = action()
        except LapseError as exc:
            _say(f"FAIL  {done} — {exc}")
            return False
        self.passed += 1
        _say(f"ok    {done} — {seen}")
        return True


def check_target(args: argparse.Namespace) -> int:
    _require_target_file(args.target)
    checks = Checklist()
    holder: list[LapseRun] = []

    def read() -> str:
        holder.append(LapseRun(_options(args)))
        target = holder[0].target
        where = target.app.base_url or f"embedded {target.app.embedded}"
        policy = ", ".join(f"{k} {v}" for k, v in target.policy.describe().items()) if target.policy else "none"
        return (f'target "{target.name}": app {where}, sign-in form at {target.sign_in.page}, session cookie '
                f"{', '.join(target.session_cookies)}, clock {', '.join(target.clocks)}; declared policy: {policy}")

    if not checks.step(f"read {_target_file(args.target)}", read):
        return EXIT_FAILED
    run = holder[0]
    try:
        return _check_run(run, checks)
    finally:
        run.close()


def _check_run(run: LapseRun, checks: Checklist) -> int:
    target = run.target
    username = ""

    def credentials() -> str:
        nonlocal username
        username, _ = target.credentials.resolve()
        creds = target.credentials
        sources = [env if os.environ.get(env) else f"the file's default for {env}"
                   for env in (creds.username_env, creds.password_env)]
        return f"signing in as {username} (from {' and '.join(sources)})"

    def start() -> str:
        run.start()
        assert run.app is not None and run.clock is not None
        version = f" ({run.app.version})" if run.app.version else ""
        return f"{run.app.base_url}{target.app.ready_path} answers{version}; clock: {run.clock.mode}"

    if not (checks.step(f"credentials from {target.credentials.username_env}, {target.credentials.password_env}",
                        credentials)
            and checks.step("start the app" if target.app.base_url is None else "reach the app", start)):
        return EXIT_FAILED
    state = run.begin_scenario("check-target", browser_by_default=False)
    probe = target.signed_in.probe
    for via in ("api", "browser"):
        user = state.new_user(via, name=f"{via} user")
        steps: list[tuple[str, Callable[[], str | None]]] = [
            (f"{via}: sign in as {username} at {target.sign_in.page}", user.sign_in),
            (f"{via}: session cookie {', '.join(target.session_cookies)}", partial(_has_session_cookie, user)),
            (f"{via}: probe {probe}", partial(_expect, user, Answer.SIGNED_IN, "right after signing in")),
            (f"{via}: sign out", user.sign_out),
            (f"{via}: probe {probe} again", partial(_expect, user, Answer.SIGNED_OUT, "after signing out")),
        ]
        for done, action in steps:
            if not checks.step(done, _seen_on(state.timeline, action)):
                return EXIT_FAILED
    _say(f"all {checks.passed} checks ok: target {target.name} works with Lapse")
    return EXIT_OK


def _seen_on(timeline: Timeline, action: Callable[[], str | None]) -> Callable[[], str]:
    """`action`, answering with what it says, or else with what the app showed meanwhile (the observations
    the channel put on the timeline)."""

    def run() -> str:
        first = len(timeline.events)
        if said := action():
            return said
        seen = [e.observation + (f" ({e.outcome})" if e.outcome else "") for e in timeline.events[first:]]
        return ", then ".join(s for s in seen if s) or "done"

    return run


def _expect(user: User, answer: Answer, when: str) -> None:
    result = user.probe()
    if result.answer is answer:
        return
    if answer is Answer.SIGNED_IN:
        raise LapseError(f"{when} the app asked to sign in again: {result.seen}; check [signed_in] in "
                         f"{user.target.file}")
    raise LapseError(f"{when} the app still shows the signed-in page: {result.seen}; check [sign_out] in "
                     f"{user.target.file} (or the app does not end sessions on sign-out)")


def _has_session_cookie(user: User) -> str:
    if user.signed_in_cookies:
        return f"the app set {', '.join(sorted(user.signed_in_cookies))}"
    channel = user.channel
    if isinstance(channel, ApiChannel):
        names = sorted({c.name for c in channel.http.cookies})
    elif isinstance(channel, BrowserChannel):
        names = sorted({c["name"] for c in channel.driver.get_cookies()})
    else:
        names = []
    raise LapseError(f"the app set no cookie named {', '.join(user.target.session_cookies)} (it set: "
                     f"{', '.join(names) or 'none'}); name the session cookie in [session] cookies of "
                     f"{user.target.file}")


# -- lapse measure ---------------------------------------------------------------------------------------
def measure_target(args: argparse.Namespace) -> int:
    _require_target_file(args.target)
    run = LapseRun(_options(args))
    try:
        run.start()
        assert run.app is not None and run.clock is not None
        target = run.target
        if "real" in run.clock.mode:
            _say("lapse: the clock is real — every probe waits for real; this takes a long time", err=True)
        _say(f"measure {target.name} at {run.app.base_url} (clock {run.clock.mode}): fresh sign-in per probe, "
             f"to within {format_duration(args.precision)}, up to {format_duration(args.max)}")
        state = run.begin_scenario(f"measure {target.name}", browser_by_default=False)
        prober = SessionProber(target, run.app.base_url, run.clock, state.timeline, Timeline(run.clock))
        policy = target.policy
        declared: dict[What, timedelta | None] = {
            "idle timeout": policy.idle_timeout if policy else None,
            "absolute lifetime": policy.absolute_lifetime if policy else None}
        began = time.perf_counter()
        limits: list[Limit] = []
        try:
            limits = measure(prober, WHAT[args.what], declared, args.precision, args.max)
        finally:  # the evidence is written even when a probe could not tell: it shows what happened
            path = _write_evidence(args, run, prober, limits, time.perf_counter() - began)
        for limit in limits:
            _say(limit.sentence())
        _say(f"{prober.count} sign-ins in {time.perf_counter() - began:.1f} s; evidence: {path}")
        return EXIT_OK
    finally:
        run.close()


def _write_evidence(args: argparse.Namespace, run: LapseRun, prober: SessionProber, limits: list[Limit],
                    took: float) -> Path:
    assert run.app is not None and run.clock is not None and prober.summary is not None
    report = {
        "target": run.target.name, "target_file": str(run.target.file), "app": run.app.base_url,
        "app_version": run.app.version, "clock": run.clock.mode, "variant": args.variant,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"), "real_s": round(took, 3),
        "sign_ins": prober.count, "measurements": [limit.to_json() for limit in limits],
        "probes": [asdict(e) for e in prober.summary.events], "timeline": [asdict(e) for e in prober.detail.events],
    }
    path: Path = args.reports / f"measure-{run.target.name}.json"
    args.reports.mkdir(parents=True, exist_ok=True)
    path.write_text(redact(json.dumps(report, indent=1, ensure_ascii=False)) + "\n", encoding="utf-8")
    return path


# -- lapse init ------------------------------------------------------------------------------------------
def init_target(args: argparse.Namespace) -> int:
    name: str = args.target
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name) or name.endswith(".toml"):
        raise ConfigError(f'"{name}" is not a target name: use letters, digits, "-", "_" or "." '
                          f"(the file becomes {TARGETS_DIR}/NAME.toml)")
    file = TARGETS_DIR / f"{name}.toml"
    if file.exists():
        raise ConfigError(f"{file} already exists; edit it, or pick another name for the new target")
    template = resources.files("support").joinpath("data/target_template.toml").read_text(encoding="utf-8")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(template.replace("{name}", name), encoding="utf-8")
    _say(f"wrote {file}: fill in [app], [sign_in.form], [signed_in], [signed_out], [sign_out] and [session], "
         f"then run `lapse check-target {name}`")
    return EXIT_OK


# -- argument parsing ------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """Bad arguments are one line on stderr (no usage block), exit 2."""

    def error(self, message: str) -> NoReturn:
        _say(f"{self.prog}: {message} (see `{self.prog} --help`)", err=True)
        raise SystemExit(EXIT_BAD_INPUT)


def _duration(text: str) -> timedelta:
    try:
        value = parse_duration(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value <= timedelta(0):
        raise argparse.ArgumentTypeError(f'"{text}" must be longer than zero')
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lapse", description="Prove session-timeout policies against real apps.")
    commands = parser.add_subparsers(metavar="COMMAND", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("target", metavar="NAME", help="the target: targets/NAME.toml (or a path to a .toml file)")
        sub.set_defaults(command=run)
        return sub

    def run_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--reports", type=Path, default=Path("reports"), metavar="DIR",
                         help="where evidence and screenshots go (default: reports)")
        sub.add_argument("--variant", default="correct",
                         help="a broken variant of the embedded reference app (default: correct)")

    check = command("check-target", check_target,
                    "Start the target's app, sign in through the API and the browser, probe, sign out, probe "
                    "again: one line per step.")
    run_options(check)
    how = command("measure", measure_target,
                  "Measure the app's effective idle timeout and absolute lifetime by moving its clock and "
                  "bisecting (a fresh sign-in per probe).")
    how.add_argument("--what", choices=tuple(WHAT), default="both", help="what to measure (default: both)")
    how.add_argument("--precision", type=_duration, default=DEFAULT_PRECISION, metavar="DURATION",
                     help="how close to measure (default: 1s)")
    how.add_argument("--max", type=_duration, default=DEFAULT_MAXIMUM, metavar="DURATION",
                     help="give up looking beyond this (default: 24h)")
    how.add_argument("--clock", choices=CLOCK_MODES, default="controlled",
                     help="controlled: move the app's clock (default); real: wait for real (slow)")
    run_options(how)
    command("init", init_target, "Write targets/NAME.toml, a commented target file to start from.")
    return parser


def _options(args: argparse.Namespace) -> RunOptions:
    return RunOptions(target=args.target, clock=getattr(args, "clock", "controlled"), variant=args.variant,
                      reports=args.reports)


def _target_file(name: str) -> Path:
    return Path(name) if name.endswith(".toml") else TARGETS_DIR / f"{name}.toml"


def _require_target_file(name: str) -> None:
    """An unknown target is bad input (exit 2); what is wrong inside a file is for the command to report."""
    file = _target_file(name)
    if not file.is_file():
        known = ", ".join(available_targets()) or "none"
        raise ConfigError(f'unknown target "{name}": no file {file} (known targets: {known}); '
                          f"start one with `lapse init {name}`")


def _say(line: str, err: bool = False) -> None:
    print(redact(line), file=sys.stderr if err else sys.stdout, flush=True)


if __name__ == "__main__":
    sys.exit(main())
