"""The `lapse` command: check-target, measure and init on the real reference app; bad input is one line, exit 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import main
from support.target import load_target

LAPSE = str(Path(sys.executable).with_name("lapse"))
TEMPLATE = Path("support/data/target_template.toml")


def lapse(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run([LAPSE, *args], capture_output=True, text=True, timeout=120)


# -- check-target ----------------------------------------------------------------------------------------
def test_check_target_on_the_reference_target_is_all_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-target", "reference", "--reports", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"all {len(lines) - 1} checks ok: target reference works with Lapse"
    assert all(line.startswith("ok    ") for line in lines[:-1]), lines
    for channel in ("api", "browser"):
        steps = [line.split(" — ")[0][6:] for line in lines if line[6:].startswith(f"{channel}:")]
        assert steps == [f"{channel}: sign in as alice at /login", f"{channel}: session cookie session_id",
                         f"{channel}: probe /dashboard", f"{channel}: sign out", f"{channel}: probe /dashboard again"]
    seen = {line.split(" — ")[0][6:]: line.split(" — ", 1)[1] for line in lines[:-1]}
    assert seen["api: probe /dashboard"] == "GET /dashboard → 200 (signed in)"
    assert seen["api: probe /dashboard again"].endswith("(signed out)")
    assert seen["browser: probe /dashboard again"].endswith("shows the sign-in page (signed out)")
    assert "correct horse battery staple" not in "\n".join(lines)


def test_a_wrong_password_is_a_clear_failure_not_signed_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LAPSE_PASSWORD", "Tr0ub4dor&3-wrong")
    assert main(["check-target", "reference", "--reports", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    last = out.splitlines()[-1]
    assert last.startswith("FAIL  api: sign in as alice at /login — could not sign in as alice: POST /login → 401")
    assert "refused" in last and "LAPSE_PASSWORD" in last
    assert "signed out" not in last
    assert "Tr0ub4dor&3-wrong" not in out


def test_a_broken_target_file_fails_its_first_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(Path("targets/reference.toml").read_text().replace('probe = "/dashboard"', 'prob = "/x"'))
    assert main(["check-target", str(broken), "--reports", str(tmp_path)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"FAIL  read {broken} — ") and "prob" in line


def test_a_wrong_session_cookie_name_is_named_with_what_the_app_set(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cookie.toml"
    target.write_text(Path("targets/reference.toml").read_text().replace('["session_id"]', '["sessionid"]'))
    assert main(["check-target", str(target), "--reports", str(tmp_path)]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("FAIL  api: session cookie sessionid — the app set no cookie named sessionid (it set: ")
    assert "session_id" in last and "[session] cookies" in last


# -- measure ---------------------------------------------------------------------------------------------
def test_measure_prints_declared_vs_measured_and_writes_the_evidence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", "reference", "--reports", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "idle timeout: declared 15 minutes, measured 15 minutes (signed in after 14 minutes 59 seconds" in out
    assert "absolute lifetime: declared 8 hours, measured 8 hours" in out
    evidence = (tmp_path / "measure-reference.json").read_text()
    assert "correct horse battery staple" not in evidence
    report = json.loads(evidence)
    assert [m["measured_s"] for m in report["measurements"]] == [900.0, 28800.0]
    assert report["sign_ins"] == sum(len(m["probes"]) for m in report["measurements"]) == len(report["probes"])
    assert {e["kind"] for e in report["timeline"]} >= {"sign-in", "probe", "activity"}


def test_measure_shows_a_broken_app_differs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", "reference", "--what", "idle", "--variant", "lenient_boundary",
                 "--reports", str(tmp_path)]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("idle timeout")]
    assert "declared 15 minutes, measured 16 minutes" in line and "DIFFERS by +1 minute" in line


# -- init ------------------------------------------------------------------------------------------------
def test_init_writes_a_target_file_that_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "myapp"]) == 0
    assert "lapse check-target myapp" in capsys.readouterr().out
    target = load_target("myapp")
    assert target.name == "myapp" and target.app.base_url == "http://127.0.0.1:8000"
    monkeypatch.setenv("LAPSE_USERNAME", "tester")
    monkeypatch.setenv("LAPSE_PASSWORD", "s3cret-pw")
    assert target.credentials.resolve() == ("tester", "s3cret-pw")
    assert main(["init", "myapp"]) == 2  # never overwrites
    assert "targets/myapp.toml already exists" in capsys.readouterr().err


def test_every_key_of_the_template_is_explained() -> None:
    lines = TEMPLATE.read_text().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"\s*[a-z_]+\s*=", line):
            assert "#" in line or lines[number - 1].lstrip().startswith("#"), f"unexplained: {line}"


# -- bad input -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "says"), [
    (["check-target", "nope"], 'unknown target "nope"'),
    (["measure", "nope"], "lapse init nope"),
    (["measure", "reference", "--precision", "1 minuets"], 'did you mean "minutes"'),
    (["measure", "reference", "--max", "0s"], "longer than zero"),
    (["measure", "reference", "--what", "forever"], "invalid choice: 'forever'"),
    (["measure", "reference", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["measure", "reference", "--variant", "nope"], "unknown reference app variant 'nope'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "required: COMMAND"),
    (["init", "../elsewhere"], "is not a target name"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args: list[str], says: str) -> None:
    done = lapse(*args)
    assert done.returncode == 2, done
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("lapse") and says in line
    assert "Traceback" not in done.stderr


def test_the_templates_start_alternative_loads_when_switched_on(tmp_path: Path) -> None:
    """The commented `start` line is the way to a controlled clock: switched on, it must be a valid target."""
    text = TEMPLATE.read_text().replace("{name}", "alt")
    text = re.sub(r"^base_url = .*$", "", text, flags=re.M).replace("# start = [", "start = [")
    text = text.replace('backends = ["real"]', 'backends = ["faketime"]')
    (tmp_path / "alt.toml").write_text(text)
    target = load_target(str(tmp_path / "alt.toml"))
    assert target.app.start is not None and "{port}" in " ".join(target.app.start)
    assert target.clocks == ("faketime",)
