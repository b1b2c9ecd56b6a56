"""Start and stop the processes a target needs (an app server, Redis, ...), each on a loopback port and,
when asked, under libfaketime with a timestamp file of its own, so Lapse can move (and skew) its clock.

A `Launcher` owns every process it started and one temporary folder for their logs and timestamp files;
`close()` ends the processes' whole trees and removes the folder. Children are started with
`PR_SET_PDEATHSIG`, so they die with the test process even if it is killed without cleaning up (the signal
follows the *thread* that started them: start processes from a thread that lives as long as they should),
and a new `Launcher` removes the folders of launchers whose process is gone.

Commands and environment values are templates: `{port}` (this process's port), `{python}` (the Python
running Lapse), `{bin}` (its folder: the venv's bin), `{tmp}` (the run's temporary folder), `{random_secret}`
(made up once per run), `{NAME.port}`
(the port of the process called NAME, started earlier) and whatever the caller adds (`{variant}`, ...).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import requests

from support.clock.faketime_clock import write_offset
from support.errors import ConfigError, EnvironmentProblem
from support.processes import alive, kill_tree

LIBFAKETIME_PATHS = ("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                     "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1")
HOST = "127.0.0.1"
RUN_DIR_PREFIX = "lapse-run-"
TAIL_LINES = 12


def find_libfaketime(candidates: tuple[str, ...] = LIBFAKETIME_PATHS) -> Path:
    """The libfaketime shared library; a clear error naming the package if it is not installed."""
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    raise EnvironmentProblem(f"libfaketime is missing (looked for {candidates[0]}): install it with "
                             f"`apt-get install faketime` (or run `make setup`)")


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel's choice)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def expand(template: str, values: Mapping[str, object], where: str) -> str:
    """Fill `{name}` placeholders; an unknown one is a one-line error naming `where` it was written."""
    try:
        return template.format_map(values)
    except KeyError as exc:
        known = ", ".join("{" + k + "}" for k in sorted(values) if not isinstance(values[k], SimpleNamespace))
        raise ConfigError(f"{where}: unknown placeholder {{{exc.args[0]}}} in {template!r} (known: {known}, "
                          f"and {{NAME.port}} of a process started before this one)") from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise ConfigError(f"{where}: cannot fill {template!r}: {exc}") from None


@dataclass(frozen=True)
class LaunchSpec:
    """One process to start. `command` and `env` values are templates (see the module's docstring)."""

    name: str  # "app server", "redis": how messages name it; also {NAME.port} if it is an identifier
    command: tuple[str, ...]
    where: str  # where the spec was written ("targets/x.toml: app"), for error messages
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    port: int | None = None  # a fixed port; None: a free loopback port
    ready_path: str | None = None  # HTTP path that answers below 500 when ready; None: the port accepts
    faketime: bool = False
    ready_within_s: float = 20.0


@dataclass
class Launched:
    """A running process Lapse started."""

    spec: LaunchSpec
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    command: list[str]  # as run, placeholders filled
    clock_file: Path | None = None  # its libfaketime timestamp file, if it runs under libfaketime

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def output_tail(self, lines: int = TAIL_LINES) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.rstrip().splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            kill_tree(self.process.pid, grace_s=3.0)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


class Launcher:
    """Starts processes for one run and ends them all in `close()` (also safe after a failed start)."""

    def __init__(self, parent: Path | None = None) -> None:
        parent = parent or Path(tempfile.gettempdir())
        sweep_stale_run_dirs(parent)
        self.dir = Path(tempfile.mkdtemp(prefix=f"{RUN_DIR_PREFIX}{os.getpid()}-", dir=parent))
        self.started: dict[str, Launched] = {}
        self._secret = secrets.token_urlsafe(32)

    def values(self, extra: Mapping[str, object] | None = None) -> dict[str, object]:
        """The placeholders a command may use: see the module's docstring."""
        found: dict[str, object] = {"python": sys.executable, "bin": str(Path(sys.executable).parent),
                                    "tmp": str(self.dir), "random_secret": self._secret}
        for launched in self.started.values():
            if launched.name.isidentifier():
                found[launched.name] = SimpleNamespace(port=launched.port)
        return {**found, **(extra or {})}

    def start(self, spec: LaunchSpec, extra: Mapping[str, object] | None = None) -> Launched:
        """Start `spec` and wait until it is ready; a one-line error (plus its last output) if it is not."""
        if spec.name in self.started:
            raise ConfigError(f"{spec.where}: a process called {spec.name!r} is already started")
        port = self._port(spec)
        values = {**self.values(extra), "port": port}
        command = [expand(part, values, f"{spec.where}.start") for part in spec.command]
        env = {**os.environ}
        for key in [k for k in env if k.startswith("FAKETIME")]:
            del env[key]  # a parent's own faking must not leak in
        env.update({key: expand(value, values, f"{spec.where}.env.{key}") for key, value in spec.env.items()})
        executable = _executable(spec, command[0])
        clock_file = None
        if spec.faketime:
            library = find_libfaketime()
            clock_file = self.dir / f"{_slug(spec.name)}.faketime"
            write_offset(clock_file, 0.0)
            env["LD_PRELOAD"] = " ".join(filter(None, [str(library), env.get("LD_PRELOAD")]))
            env.update(FAKETIME_TIMESTAMP_FILE=str(clock_file), FAKETIME_NO_CACHE="1")
        cwd = spec.cwd
        if cwd is not None and not cwd.is_dir():
            raise ConfigError(f"{spec.where}.cwd: {cwd} is not a folder")
        log = self.dir / f"{_slug(spec.name)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen([executable, *command[1:]], stdin=subprocess.DEVNULL, stdout=out,
                                       stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True,
                                       preexec_fn=die_with_parent)
        launched = Launched(spec, port, process, log, [executable, *command[1:]], clock_file)
        self.started[spec.name] = launched
        _wait_until_ready(launched)
        return launched

    def close(self) -> None:
        """End every process (last started first) and remove the temporary folder."""
        for launched in reversed(list(self.started.values())):
            launched.stop()
        self.started.clear()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _port(self, spec: LaunchSpec) -> int:
        if spec.port is None:
            return free_port()
        if not port_is_free(spec.port):
            raise EnvironmentProblem(f"cannot start {spec.name}: port {spec.port} on {HOST} is taken by another "
                                     f"process; stop it, or remove `port` from {spec.where} to use a free one")
        return spec.port


def die_with_parent() -> None:
    """Runs in the child before exec: the kernel kills it if the test process dies without cleaning up."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def sweep_stale_run_dirs(parent: Path) -> None:
    """Remove run folders whose Lapse process is gone (it was killed before it could clean up)."""
    for folder in parent.glob(f"{RUN_DIR_PREFIX}*"):
        owner = folder.name.removeprefix(RUN_DIR_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _executable(spec: LaunchSpec, program: str) -> str:
    found = program if "/" in program else shutil.which(program)
    if found is None or not os.access(found, os.X_OK) or Path(found).is_dir():
        raise EnvironmentProblem(f"cannot start {spec.name}: {program} is not an installed program "
                                 f"(from {spec.where}.start); install it or give its full path")
    return found


def http_unready(url: str) -> str | None:
    """None if `url` answers below 500 (ready), else what it gave instead ("HTTP 502", "ConnectionError")."""
    try:
        reply = requests.get(url, timeout=2, allow_redirects=False)
    except requests.RequestException as exc:
        return type(exc).__name__
    return None if reply.status_code < 500 else f"HTTP {reply.status_code}"


def _wait_until_ready(launched: Launched) -> None:
    spec = launched.spec
    deadline = time.monotonic() + spec.ready_within_s
    url = launched.base_url + spec.ready_path if spec.ready_path is not None else None
    last: str | None = "no answer"
    while time.monotonic() < deadline:
        code = launched.process.poll()
        if code is not None:
            raise EnvironmentProblem(_with_output(launched, f"{spec.name} exited with code {code} before it was "
                                                            f"ready (started from {spec.where})"))
        if url is None:
            with socket.socket() as s:
                s.settimeout(1)
                if s.connect_ex((HOST, launched.port)) == 0:
                    return
        elif (last := http_unready(url)) is None:
            return
        time.sleep(0.05)
    what = f"{url} gave {last}" if url else f"nothing accepted connections on port {launched.port}"
    raise EnvironmentProblem(_with_output(launched, f"{spec.name} was not ready within "
                                                    f"{spec.ready_within_s:.0f} s ({what}); if it only needs "
                                                    f"longer, set ready_within in {spec.where}"))


def _with_output(launched: Launched, message: str) -> str:
    tail = launched.output_tail()
    if "Address already in use" in tail:
        message += f"; port {launched.port} was taken"
    return message + (f"; its last output:\n{_indent(tail)}" if tail else "; it printed nothing")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)

