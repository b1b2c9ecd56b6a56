"""The audit report: both files written, self-contained, secret-free, and showing what the server answered.

`sample_run` builds a realistic run by hand (a passing API scenario, a browser scenario with a
screenshot, a failing replay where the server answered 200, a feature whose policy is looser than the
control it claims); the browser test renders the same run.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from support.evidence.model import Event, RunRecord, ScenarioRecord, StepRecord
from support.evidence.redact import redact
from support.report import build_audit, summarise, write_reports

SECRET = "s3cret-cookie-value"
PASSWORD = "correct-horse-battery"
URL = "http://127.0.0.1:54321"
IDLE_TAGS = ["control:PCI-DSS-8.2.8", "control:NIST-800-63B-AAL3"]
POLICY = {"idle timeout": "15 minutes", "absolute lifetime": "8 hours"}


def png(width: int = 64, height: int = 40, rgb: tuple[int, int, int] = (30, 58, 95)) -> bytes:
    """A real, solid-colour PNG (what a browser screenshot is), built without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _sign_in(t: float, channel: str = "api") -> Event:
    return Event(t, 0.05, "sign-in", "the user", channel, "sign in as alice", "303 → /dashboard; signed in",
                 details={"method": "POST", "path": "/login", "status": 303, "location": "/dashboard",
                          "cookies_set": ["session_id"]})


def _probe(t: float, real: float, outcome: str, status: int, replay: bool = False, **details: object) -> Event:
    words = {"signed in": "the dashboard", "signed out": "the sign-in page"}.get(outcome, "an error page")
    return Event(t, real, "replay" if replay else "probe", "the user", "api",
                 "replay the old session cookie in a fresh client" if replay else "am I signed in?",
                 f"GET /dashboard → {status}: {words}", outcome=outcome,  # type: ignore[arg-type]
                 details={"method": "GET", "path": "/dashboard", "status": status, **details})


def _idle(t: float, minutes: float, real: float) -> list[Event]:
    later = t + minutes * 60
    return [Event(t, real, "idle", "the user", "clock", f"idle for {minutes:g} minutes"),
            Event(later, real + 0.01, "clock", "clock", "freezegun", f"{minutes:g} minutes later")]


def _scenario(feature: str, name: str, status: str, steps: list[StepRecord], events: list[Event],
              tags: list[str], policy: dict[str, str] | None = None, browser: bool = False) -> ScenarioRecord:
    file = f"features/{feature.lower().replace(' ', '_')}.feature"
    return ScenarioRecord(
        feature=feature, feature_file=file, name=name, tags=[*tags, *(["browser"] if browser else [])],
        status=status, steps=steps, events=events, policy=POLICY if policy is None else policy,
        policy_source="feature (over the target's)", duration_s=round(events[-1].real_s + 0.1, 3),
        virtual_span_s=max(e.virtual_s for e in events), feature_tags=tags,
        feature_description="A user who walks away from a signed-in screen must sign in again.",
    )


def _policy_step() -> StepRecord:
    return StepRecord("Given", "the session policy:", "passed",
                      table=[["idle timeout", "15 minutes"], ["absolute lifetime", "8 hours"]])


def sample_run(reports_dir: Path, copies: int = 1) -> RunRecord:
    """A run with passing, failing and browser scenarios; `copies` repeats the set (4 scenarios each)."""
    shots = reports_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    (shots / "run1-0001-dashboard.png").write_bytes(png(rgb=(22, 163, 74)))
    redact.register(SECRET, PASSWORD)
    run = RunRecord(run_id="20260101T120000Z-abc123", started_at="2000-01-01T12:00:00+00:00",
                    finished_at="2000-01-01T12:00:09+00:00", target="reference", target_url=URL,
                    clock_mode="freezegun (virtual)", variant="correct", lapse_version="0.1.0",
                    app_version="reference-app 0.1.0", target_policy=POLICY)
    for copy in range(copies):
        suffix = f" (set {copy + 1})" if copies > 1 else ""
        run.scenarios += _scenarios(suffix)
    return run


def _scenarios(suffix: str) -> list[ScenarioRecord]:
    idle = _scenario(
        "Idle timeout", "A user idle for 16 minutes must sign in again" + suffix, "passed",
        [_policy_step(), StepRecord("Given", "a user idle for 16 minutes", "passed"),
         StepRecord("Then", "the user must sign in again", "passed")],
        [Event(0, 0.01, "policy", "lapse", "policy", "policy in force", "15 minutes idle, 8 hours overall"),
         _sign_in(0), _probe(0, 0.1, "signed in", 200), *_idle(0, 16, 0.12),
         _probe(960, 0.2, "signed out", 302, location="/login"),
         _probe(960, 0.25, "signed out", 302, replay=True, location="/login", cookies_sent=["session_id"])],
        IDLE_TAGS,
    )
    clicks = [Event(600 * n, 0.3 * n, "activity", "the user", "browser", "click Reports",
                    "/reports shows the signed-in page", details={"url": "/reports"}) for n in range(1, 7)]
    browser = _scenario(
        "Idle timeout", "Activity keeps the session alive" + suffix, "passed",
        [StepRecord("Given", "a user signed in through the browser", "passed"),
         StepRecord("When", "the user clicks around every 10 minutes for 1 hour", "passed"),
         StepRecord("Then", "the user is still signed in", "passed")],
        [_sign_in(0, "browser"), *clicks,
         Event(3600, 2.1, "probe", "the user", "browser", "look at the page", "/dashboard shows the signed-in "
               f"page; cookie session_id={SECRET}", outcome="signed in",
               details={"url": "/dashboard", "title": "Dashboard"}, screenshot="screenshots/run1-0001-dashboard.png"),
         Event(3600, 2.2, "probe", "the user", "browser", "look again", "the picture is gone", outcome="signed in",
               screenshot="screenshots/gone.png")],
        IDLE_TAGS, browser=True,
    )
    failed = _scenario(
        "Logout", "The old session cookie is rejected after sign-out" + suffix, "failed",
        [StepRecord("Given", "a user signed in", "passed"), StepRecord("When", "the user signs out", "passed"),
         StepRecord("Then", "the old session cookie is rejected by the server", "failed",
                    error="Expected: the server refuses the old session cookie\n"
                          "     but: GET /dashboard → 200, the dashboard (signed in)")],
        [_sign_in(0), Event(5, 0.1, "sign-out", "the user", "api", "sign out", "302 → /login",
                            details={"method": "POST", "path": "/logout", "status": 302, "location": "/login"}),
         _probe(5, 0.2, "signed in", 200, replay=True, cookies_sent=["session_id"],
                headers={"Cookie": f"session_id={SECRET}", "Authorization": f"Bearer {SECRET}"})],
        ["control:WSTG-SESS-06", "control:ASVS-5.0-V7.4.1"],
    )
    loose = _scenario(
        "Relaxed idle timeout", "A user idle for 31 minutes must sign in again" + suffix, "passed",
        [StepRecord("Given", "the idle timeout is 30 minutes", "passed"),
         StepRecord("When", f"a user with password {PASSWORD} is idle for 31 minutes", "passed"),
         StepRecord("Then", "the user must sign in again", "passed")],
        [_sign_in(0), *_idle(0, 31, 0.1), _probe(1860, 0.3, "signed out", 302, location="/login")],
        ["control:PCI-DSS-8.2.8"], policy={"idle timeout": "30 minutes"},
    )
    return [idle, browser, failed, loose]


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, Path, RunRecord]:
    run = sample_run(tmp_path)
    html_path, json_path = write_reports(run, tmp_path)
    return html_path, json_path, run


def test_both_files_are_written_beside_each_other(written: tuple[Path, Path, RunRecord], tmp_path: Path) -> None:
    html_path, json_path, _ = written
    assert (html_path, json_path) == (tmp_path / "audit.html", tmp_path / "audit.json")
    assert html_path.stat().st_size > 1000 and json_path.stat().st_size > 1000
    assert not list(tmp_path.glob(".*.tmp"))


def test_html_loads_nothing_from_anywhere(written: tuple[Path, Path, RunRecord]) -> None:
    page = written[0].read_text(encoding="utf-8")
    references = re.findall(r"""(?:src|href|action|xlink:href|poster|data)\s*=\s*["']?([^"'\s>]*)""", page)
    assert references, "the page should at least link its own sections"
    assert all(ref.startswith(("#", "data:image/")) for ref in references), references
    assert "url(" not in page and "@import" not in page and "<link" not in page and "<script" not in page
    # The target URL appears as text, escaped; nothing else names a network location.
    assert set(re.findall(r"https?://[^\s\"'<&]+", page)) == {URL}


def test_json_holds_the_run_and_what_was_computed_from_it(written: tuple[Path, Path, RunRecord]) -> None:
    _, json_path, run = written
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["run_id"] == run.run_id and data["target_url"] == URL
    assert [s["name"] for s in data["scenarios"]] == [s.name for s in run.scenarios]
    assert data["summary"] == json.loads(json.dumps(summarise(run)))
    rows = {row["id"]: row for row in data["controls"]}
    assert rows["PCI-DSS-8.2.8"]["verdict"] == "proven"
    assert rows["WSTG-SESS-06"]["verdict"] == "failed"
    assert rows["CIS-8-4.3"]["verdict"] == "not proven" and rows["CIS-8-4.3"]["reason"] == "no scenario"
    assert [f["control"] for f in data["findings"]] == ["PCI-DSS-8.2.8"]
    assert "30 minutes" in data["findings"][0]["text"]


def test_html_and_json_tell_the_same_story(written: tuple[Path, Path, RunRecord]) -> None:
    page = written[0].read_text(encoding="utf-8")
    data = json.loads(written[1].read_text(encoding="utf-8"))
    for row in data["controls"]:
        assert f'id="control-{re.sub(r"[^A-Za-z0-9_-]+", "-", row["id"]).strip("-")}"' in page
    for finding in data["findings"]:
        assert finding["text"] in page
    assert data["summary"]["verdict"] in page


def test_no_secret_reaches_any_written_byte(written: tuple[Path, Path, RunRecord], tmp_path: Path) -> None:
    _, _, run = written
    assert SECRET in run.scenarios[1].events[-2].observation, "the sample must carry the secret"
    for path in (tmp_path / "audit.html", tmp_path / "audit.json"):
        data = path.read_bytes()
        for secret in (SECRET, PASSWORD):
            assert secret.encode() not in data, f"{secret} in {path.name}"
        assert b"\xc2\xabredacted\xc2\xbb" in data or b"&laquo;redacted&raquo;" in data


def test_a_failing_scenario_shows_what_the_server_answered(written: tuple[Path, Path, RunRecord]) -> None:
    page = written[0].read_text(encoding="utf-8")
    heading = page.index("<h3>Scenario: The old session cookie is rejected after sign-out")
    failed = page[page.rindex("<article", 0, heading) : page.index("</article>", heading)]
    assert "HTTP 200" in failed and "GET /dashboard" in failed
    assert "cookies sent: session_id" in failed
    assert "GET /dashboard → 200, the dashboard (signed in)" in failed  # the step's error text
    assert 'class="badge failed"' in failed


def test_each_scenario_has_a_timeline_picture(written: tuple[Path, Path, RunRecord]) -> None:
    page = written[0].read_text(encoding="utf-8")
    pictures = re.findall(r"<svg class=\"timeline\".*?</svg>", page, flags=re.S)
    assert len(pictures) == len(written[2].scenarios)
    idle = pictures[0]
    assert "idle for 16 min" in idle and "outcome-out" in idle and "outcome-in" in idle
    assert "0.20 s real" in idle  # real time lives in the tooltip
    assert ">15 min<" in idle or ">10 min<" in idle or ">5 min<" in idle  # ticks in minutes


def test_screenshots_are_embedded_and_missing_ones_are_noted(written: tuple[Path, Path, RunRecord]) -> None:
    page = written[0].read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 1
    assert "screenshot missing: screenshots/gone.png" in page


def test_screenshots_from_an_earlier_run_are_not_embedded(tmp_path: Path) -> None:
    run = sample_run(tmp_path)
    run.started_at = "2999-01-01T00:00:00+00:00"  # every file on disk is older than this run
    page = write_reports(run, tmp_path)[0].read_text(encoding="utf-8")
    assert "data:image/png" not in page and "predates this run" in page


def test_the_run_is_named_in_title_header_and_json(written: tuple[Path, Path, RunRecord]) -> None:
    page = written[0].read_text(encoding="utf-8")
    run_id = written[2].run_id
    assert re.search(rf"<title>[^<]*{run_id}[^<]*</title>", page)
    assert page.count(run_id) >= 3


def test_everything_is_escaped(tmp_path: Path) -> None:
    run = sample_run(tmp_path)
    run.scenarios[0].name = "<script>alert(1)</script>"
    run.scenarios[0].events[1].observation = '"><img src=x onerror=alert(1)>'
    page = write_reports(run, tmp_path)[0].read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_control_and_an_unreadable_policy_become_findings(tmp_path: Path) -> None:
    run = sample_run(tmp_path)
    run.scenarios[0].tags.append("control:PCI-DSS-9.9.9")
    run.scenarios[3].policy = {"idel timeout": "15 minutes"}
    audit = build_audit(run)
    texts = " ".join(f.text for f in audit.findings)
    assert "PCI-DSS-9.9.9" in texts and "could not be read" in texts
    assert any(row.control.id == "PCI-DSS-9.9.9" for row in audit.controls)


def test_a_run_with_no_scenarios_still_writes_a_report(tmp_path: Path) -> None:
    run = RunRecord(run_id="empty-run", started_at="not a date")
    html_path, json_path = write_reports(run, tmp_path / "new" / "reports")
    assert "No scenario ran." in html_path.read_text(encoding="utf-8")
    assert json.loads(json_path.read_text(encoding="utf-8"))["scenarios"] == []
