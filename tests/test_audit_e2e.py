"""The audit report's guarantees, proven on real runs of the feature suite against the reference app:
no secret in any byte under reports/, a failing scenario shows what the server answered, runs never mix."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response

import reference_app.app

PASSWORD = "correct horse battery staple"


def _behave(reports: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "behave", "-f", "null", "--junit-directory", str(reports / "junit"),
                           "-D", f"reports={reports}", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def secrets_seen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, set[str]]]:
    """Run the whole suite in this process, with the app's every Set-Cookie and token recorded on the side
    (the app's answers are read, not changed), so the check does not trust Lapse's own list of secrets."""
    reports = tmp_path_factory.mktemp("reports")
    seen: set[str] = {PASSWORD}
    original = reference_app.app.create_app

    def recording_app(*args: Any, **kwargs: Any) -> Flask:
        app = original(*args, **kwargs)

        @app.after_request
        def record(response: Response) -> Response:
            for header in response.headers.getlist("Set-Cookie"):
                value = header.split(";", 1)[0].split("=", 1)[1]
                if len(value) >= 8:
                    seen.add(value)
            if response.is_json and isinstance(body := response.get_json(silent=True), dict):
                seen.update(str(v) for k, v in body.items() if "token" in k and isinstance(v, str))
            if not response.direct_passthrough:  # static files are streamed and hold no secrets
                seen.update(re.findall(r'name="csrf_token" value="([^"]{8,})"', response.get_data(as_text=True)))
            return response
        return app

    from behave.__main__ import main as behave_main
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reference_app.app, "create_app", recording_app)
        status = behave_main(["-f", "null", "--junit-directory", str(reports / "junit"), "-D", f"reports={reports}"])
    assert status == 0
    yield reports, seen


def test_no_secret_appears_in_any_file_under_reports(secrets_seen: tuple[Path, set[str]]) -> None:
    reports, seen = secrets_seen
    cookies_and_tokens = seen - {PASSWORD}
    assert len(cookies_and_tokens) >= 10, "the recorder saw too few secrets for this check to mean anything"
    files = [p for p in reports.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"audit.html", "audit.json"}
    assert any(p.suffix == ".xml" for p in files) and any(p.suffix == ".png" for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in seen:
            assert secret.encode() not in data, f"a secret ({secret[:3]}…) was written to {path.name}"


def test_a_failing_scenario_shows_what_the_server_answered(tmp_path: Path) -> None:
    run = _behave(tmp_path, "features/logout.feature", "-n", "old session cookie is rejected",
                  "-D", "variant=logout_keeps_server_session")
    assert run.returncode != 0
    audit = json.loads((tmp_path / "audit.json").read_text())
    failed = [s for s in audit["scenarios"] if s["status"] == "failed"]
    assert failed, "the broken logout was not caught"
    replays = [e for s in failed for e in s["events"] if e["kind"] == "replay"]
    assert any(e["details"].get("status") == 200 and e["outcome"] == "signed in" for e in replays)
    html = (tmp_path / "audit.html").read_text()
    assert "GET /dashboard → 200" in html and "should have had to sign in again" in html


def test_two_runs_never_mix(tmp_path: Path) -> None:
    ids = []
    for _ in range(2):
        assert _behave(tmp_path, "features/logout.feature", "-n", "back button").returncode == 0
        ids.append(json.loads((tmp_path / "audit.json").read_text())["run_id"])
    first, second = ids
    assert first != second
    shots = list((tmp_path / "screenshots").glob("*.png"))
    assert shots and all(p.name.startswith(second) for p in shots)
    html = (tmp_path / "audit.html").read_text()
    assert second in html and first not in html
