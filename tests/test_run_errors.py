"""Bad input and broken environments stop a behave run with one clear line: never a pass, never a
traceback, never "session expired"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def behave(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """behave with its default (progress) format, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "behave", "--junit-directory", str(tmp_path),
                           "-D", f"reports={tmp_path}", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize(("args", "line"), [
    (["-D", "target=nope"], 'lapse: unknown target "nope": no file targets/nope.toml'),
    (["-D", "clock=fast"], "lapse: -D clock=fast is not a clock mode; use one of: controlled, real"),
    (["-D", "variant=no_such_bug"], "no_such_bug"),
    (["tests/fixtures/unknown_control.feature"], "unknown control tag @control:PCI-DSS-8.2.9"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], line: str) -> None:
    run = behave(tmp_path, *args)
    assert run.returncode == 2
    errors = [text for text in run.stderr.splitlines() if text.startswith("lapse:")]
    assert len(errors) == 1 and line in errors[0]
    assert "Traceback" not in run.stdout + run.stderr


def test_a_wrong_password_is_an_error_not_an_expiry(tmp_path: Path) -> None:
    run = behave(tmp_path, "features/idle_timeout.feature", "-n", "One second after the idle timeout",
                 env={"LAPSE_PASSWORD": "not the password"})
    assert run.returncode == 1
    output = run.stdout + run.stderr
    assert "→ SignInFailed: could not sign in as alice: POST /login → 401" in output
    assert "1 error" in output and "0 scenarios passed" in output
    assert "Traceback" not in output
