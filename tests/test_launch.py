"""Starting processes: a free loopback port, readiness, and a clear error for each way a start goes wrong;
nothing (process, log, timestamp file) outlives the launcher, nor a test process killed without cleanup."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from support.errors import ConfigError, EnvironmentProblem
from support.launch import Launcher, LaunchSpec, find_libfaketime, sweep_stale_run_dirs
from support.processes import alive
from tests.lapse_process_helpers import TIME_SERVER, leftovers

PY = "{python}"


def spec(*command: str, **kw: object) -> LaunchSpec:
    return LaunchSpec(name="test server", command=command, where="targets/x.toml: app", **kw)  # type: ignore[arg-type]


def test_a_started_process_answers_on_a_free_loopback_port_and_is_gone_after_close() -> None:
    launcher = Launcher()
    process = launcher.start(spec(*TIME_SERVER, ready_path="/"))
    folder = launcher.dir
    assert requests.get(process.base_url, timeout=2).status_code == 200
    assert process.base_url.startswith("http://127.0.0.1:")
    launcher.close()
    assert not alive(process.pid)
    assert not folder.exists()




def test_placeholders_reach_the_command_and_the_environment() -> None:
    script = ("import os, socket, sys; open(sys.argv[2], 'w').write(sys.argv[1] + ' ' + os.environ['GREETING'])\n"
              "s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); s.accept()")
    launcher = Launcher()
    try:
        process = launcher.start(spec(PY, "-c", script, "{port}", "{tmp}/said", env={"GREETING": "hi {who}"}),
                                 {"who": "alice"})
        assert (launcher.dir / "said").read_text() == f"{process.port} hi alice"
    finally:
        launcher.close()


def test_an_unknown_placeholder_names_the_file_and_key() -> None:
    with pytest.raises(ConfigError, match=r"targets/x.toml: app.env.GREETING: unknown placeholder \{colour\}"):
        Launcher().start(spec(PY, "-V", env={"GREETING": "{colour}"}))


def test_a_missing_binary_is_named() -> None:
    launcher = Launcher()
    try:
        with pytest.raises(EnvironmentProblem, match=r"cannot start test server: no-such-server-binary is not an "
                                                     r"installed program \(from targets/x.toml: app.start\)"):
            launcher.start(spec("no-such-server-binary", "--port", "{port}"))
    finally:
        launcher.close()


def test_a_taken_port_is_named() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        launcher = Launcher()
        try:
            with pytest.raises(EnvironmentProblem, match=rf"port {port} on 127.0.0.1 is taken by another process"):
                launcher.start(spec(*TIME_SERVER, port=port))
        finally:
            launcher.close()


def test_missing_libfaketime_says_which_package_to_install() -> None:
    with pytest.raises(EnvironmentProblem, match=r"libfaketime is missing .*apt-get install faketime"):
        find_libfaketime(("/nonexistent/libfaketime.so.1",))


def test_a_process_that_exits_early_shows_its_last_output() -> None:
    script = "import sys; print('config line 1'); print('fatal: no such option --bogus', file=sys.stderr); sys.exit(3)"
    launcher = Launcher()
    try:
        with pytest.raises(EnvironmentProblem) as caught:
            launcher.start(spec(PY, "-c", script))
    finally:
        launcher.close()
    message = str(caught.value)
    assert message.splitlines()[0].startswith("test server exited with code 3 before it was ready")
    assert "fatal: no such option --bogus" in message


def test_a_process_that_never_gets_ready_is_an_error_and_is_stopped() -> None:
    launcher = Launcher()
    try:
        with pytest.raises(EnvironmentProblem, match=r"test server was not ready within 1 s \(nothing accepted.*"
                                                      r"set ready_within in "):
            launcher.start(spec(PY, "-c", "import time; print('starting', flush=True); time.sleep(60)",
                                ready_within_s=1.0))
        pid = launcher.started["test server"].pid
    finally:
        launcher.close()
    assert not alive(pid)


def test_a_killed_test_process_takes_its_children_along() -> None:
    """PR_SET_PDEATHSIG: a SIGKILLed parent cannot clean up, the kernel ends its children; the next
    launcher removes the folder it left."""
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, '.')\n"
         "from support.launch import Launcher, LaunchSpec\n"
         "from tests.lapse_process_helpers import TIME_SERVER\n"
         "p = Launcher().start(LaunchSpec(name='t', command=TIME_SERVER, where='t', faketime=True))\n"
         "print(p.pid, flush=True)\n"
         "import time; time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    marker = f"lapse-run-{parent.pid}-"
    assert alive(child) and leftovers(marker)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)
    sweep_stale_run_dirs(Path("/tmp"))
    assert not leftovers(marker)
