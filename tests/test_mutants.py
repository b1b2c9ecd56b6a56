"""The mutation matrix: its expectations file, its verdicts, its tables, and real behave runs it reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reference_app.variants import VARIANTS
from support.errors import ConfigError
from support.mutants.__main__ import longest_first, main, slow_args
from support.mutants.expected import (
    EXPECTED_FILE,
    Expectation,
    ScenarioRef,
    check_scenarios_exist,
    load_expected,
    scenario_names,
    unlisted,
    why_pending,
)
from support.mutants.jobs import Job, JobResult, ScenarioResult, run_job
from support.mutants.judge import Verdict, judge_correct, judge_variant, pending_row, scenarios_that_catch_nothing
from support.mutants.render import Matrix, render_json, render_markdown, render_text, short, with_table
from support.target import available_targets

IDLE = "features/idle_timeout.feature"
OUTLINE = "A user idle for 16 minutes must sign in again"


# --- the real expectations file -----------------------------------------------------------------------
def test_every_variant_of_the_reference_app_has_an_expectation() -> None:
    assert unlisted(load_expected().variants, VARIANTS) == []


def test_every_runnable_expectation_names_scenarios_that_exist() -> None:
    for expectation in load_expected().variants:
        if why_pending(expectation, VARIANTS, available_targets()) is None:
            check_scenarios_exist(expectation)  # raises on a stale name


# --- naming scenarios ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("ref", "name", "matches"), [
    (f"{IDLE}: {OUTLINE}", f"{OUTLINE} -- @1.1 over the API", True),
    (f"{IDLE}: {OUTLINE}", OUTLINE, True),
    (f"{IDLE}: {OUTLINE} -- @2.1 in the browser", f"{OUTLINE} -- @1.1 over the API", False),
    (f"{IDLE}: {OUTLINE} -- @2.1 in the browser", f"{OUTLINE} -- @2.1 in the browser", True),
    (f"{IDLE}: A user idle", OUTLINE, False),  # a prefix is not the name
    (f"{IDLE}: Every <interval> ends (x)", "Every 5 minutes ends (x) -- @1.1 over the API", True),
    (f"{IDLE}: Every <interval> ends (x)", "Every 5 minutes ends -- @1.1 over the API", False),
    (IDLE, "anything at all", True),
])
def test_a_reference_matches_scenarios_as_behave_names_them(ref: str, name: str, matches: bool) -> None:
    assert ScenarioRef.parse(ref, "here").matches(IDLE, name) is matches
    assert not ScenarioRef.parse(ref, "here").matches("features/logout.feature", name)


def test_scenario_names_reads_scenarios_and_outlines(tmp_path: Path) -> None:
    feature = tmp_path / "x.feature"
    feature.write_text("Feature: f\n  Scenario: one\n    Given x\n  Scenario Outline: two <a>\n", encoding="utf-8")
    assert scenario_names(feature) == ["one", "two <a>"]


def test_a_stale_scenario_name_is_a_config_error() -> None:
    stale = Expectation("no_sliding", (ScenarioRef(IDLE, "Activity keeps the session alive forever"),))
    with pytest.raises(ConfigError, match=r'no_sliding is meant to be caught by .* has no such scenario'):
        check_scenarios_exist(stale)


@pytest.mark.parametrize(("expectation", "why"), [
    (Expectation("not_yet", (ScenarioRef(IDLE),)), "variant not_yet is not in reference_app/variants.py yet"),
    (Expectation("no_sliding", (ScenarioRef(IDLE),), target="nowhere"), "target nowhere does not exist yet"),
    (Expectation("no_sliding", (ScenarioRef("features/later.feature"),)), "no features/later.feature yet"),
    (Expectation("no_sliding", (ScenarioRef(IDLE),)), None),
])
def test_pending_says_what_is_missing(expectation: Expectation, why: str | None) -> None:
    found = why_pending(expectation, VARIANTS, ["reference"])
    assert found == why if why is None else why in (found or "")


# --- reading the file strictly ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "message"), [
    ('[[variant]]\nname = "a"\n', "meant_for is missing"),
    ('[[variant]]\nname = "a"\nmeant_for = ["x"]\n', 'should read "features/FILE.feature: Scenario name"'),
    ('[[variant]]\nname = "a"\nmeant_for = ["f.feature"]\nmeant = 1\n', "meant"),
    ('[[variant]]\nname = "a"\nmeant_for = ["f.feature"]\n[[variant]]\nname = "a"\nmeant_for = ["f.feature"]\n',
     "listed twice"),
    ("variant = 3\n", "must be a list"),
    ("[[variant]\n", "not valid TOML"),
])
def test_a_bad_expectations_file_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "expected.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_expected(file)


def test_behave_args_per_target(tmp_path: Path) -> None:
    file = tmp_path / "expected.toml"
    file.write_text('[target.reference-redis]\nbehave_args = ["--tags=~@browser"]\n', encoding="utf-8")
    expected = load_expected(file)
    assert expected.args_for("reference-redis") == ("--tags=~@browser",) and expected.args_for("reference") == ()
    file.write_text('[target.reference-redis]\nbehave_arg = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="behave_arg"):
        load_expected(file)


def test_slow_scenarios_run_only_against_the_variants_meant_for_them(tmp_path: Path) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features/slow.feature").write_text("Feature: f\n  @slow\n  Scenario: s\n", encoding="utf-8")
    (tmp_path / "features/quick.feature").write_text("Feature: f\n  Scenario: q\n", encoding="utf-8")
    meant_slow = Expectation("a", (ScenarioRef("features/slow.feature", "s"),))
    meant_quick = Expectation("b", (ScenarioRef("features/quick.feature", "q"),))
    assert slow_args(meant_slow, tmp_path) == []
    assert slow_args(meant_quick, tmp_path) == ["--tags=not @slow"]


def test_longest_first_uses_the_previous_matrix(tmp_path: Path) -> None:
    jobs = [Job("reference", v, tmp_path / v) for v in ("correct", "quick", "slow", "new")]
    assert [j.variant for j in longest_first(jobs, tmp_path / "none.json")] == ["correct", "quick", "slow", "new"]
    (tmp_path / "m.json").write_text(json.dumps({"rows": [
        {"target": "reference", "variant": v, "seconds": s} for v, s in (("correct", 20), ("quick", 5),
                                                                         ("slow", 30))]}), encoding="utf-8")
    assert [j.variant for j in longest_first(jobs, tmp_path / "m.json")] == ["slow", "correct", "quick", "new"]


def test_a_missing_expectations_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="the matrix needs it"):
        load_expected(tmp_path / "nope.toml")


def test_main_reports_bad_input_in_one_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "expected.toml"
    file.write_text('[[variant]]\nname = "no_sliding"\nmeant_for = ["features/idle_timeout.feature"]\n',
                    encoding="utf-8")
    assert main(["--expected", str(file), "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lapse mutants: ") and "does not say which scenario is meant to catch: server_never_expires" \
        in err and len(err.strip().splitlines()) == 1


# --- verdicts -----------------------------------------------------------------------------------------
def result(*scenarios: tuple[str, str], problem: str = "") -> JobResult:
    job = Job("reference", "v", Path("reports/mutants/reference/v"))
    return JobResult(job, 1.0, 1, [ScenarioResult(IDLE, name, status) for name, status in scenarios], problem)


MEANT = Expectation("v", (ScenarioRef(IDLE, OUTLINE),))


@pytest.mark.parametrize(("scenarios", "verdict"), [
    ([(f"{OUTLINE} -- @1.1 over the API", "failed"), ("other", "passed")], Verdict.CAUGHT),
    ([(f"{OUTLINE} -- @1.1 over the API", "failed"), ("other", "failed")], Verdict.CAUGHT),
    ([(f"{OUTLINE} -- @1.1 over the API", "passed"), ("other", "failed")], Verdict.ONLY_OTHERS),
    ([(f"{OUTLINE} -- @1.1 over the API", "passed"), ("other", "passed")], Verdict.SURVIVED),
    ([(f"{OUTLINE} -- @1.1 over the API", "error"), ("other", "failed")], Verdict.ERROR),
    ([("other", "failed")], Verdict.ERROR),  # the meant scenario did not run at all
])
def test_judge_variant(scenarios: list[tuple[str, str]], verdict: Verdict) -> None:
    row = judge_variant(MEANT, result(*scenarios), "a bug")
    assert row.verdict is verdict
    assert row.verdict.ok is (verdict is Verdict.CAUGHT)


def test_every_meant_entry_must_fail_or_the_scenario_missed_it() -> None:
    two = Expectation("v", (ScenarioRef(IDLE, OUTLINE), ScenarioRef(IDLE, "other")))
    row = judge_variant(two, result((OUTLINE, "failed"), ("other", "passed")), "a bug")
    assert row.verdict is Verdict.MISSED and row.why == f"meant to catch it, but passed: {IDLE}: other"
    assert row.caught_by == [f"{IDLE}: {OUTLINE}"] and row.also_failed == []


def test_a_run_without_evidence_is_an_error_never_a_catch() -> None:
    row = judge_variant(MEANT, result(problem="behave exited 2 without evidence"), "a bug")
    assert (row.verdict, row.why) == (Verdict.ERROR, "behave exited 2 without evidence")


def test_the_correct_app_must_pass_everything() -> None:
    assert judge_correct(result(("a", "passed"), ("b", "skipped"))).verdict is Verdict.PASSED
    row = judge_correct(result(("a", "passed"), ("b", "failed"), ("c", "error")))
    assert row.verdict is Verdict.FAILED and row.also_failed == [f"{IDLE}: b"] and row.errors == [f"{IDLE}: c"]


def test_scenarios_that_catch_nothing() -> None:
    correct = result(("a", "passed"), ("b", "passed"))
    rows = [judge_variant(Expectation("v", (ScenarioRef(IDLE, "a"),)), result(("a", "failed"), ("b", "passed")), "")]
    assert scenarios_that_catch_nothing([correct], rows) == [f"{IDLE}: b"]


# --- tables -------------------------------------------------------------------------------------------
def matrix(*, strict: bool = False) -> Matrix:
    rows = [judge_correct(result((OUTLINE, "passed"))),
            judge_variant(MEANT, result((f"{OUTLINE} -- @1.1 over the API", "failed")), "the | bug"),
            pending_row(Expectation("later", (ScenarioRef("features/later.feature"),)),
                        "no features/later.feature yet")]
    rows[0].variant = "correct"
    return Matrix(rows, [], wall_s=12.3, workers=2, strict=strict)


def test_pending_passes_but_is_loud_and_strict_makes_it_fail() -> None:
    relaxed, strict = matrix(), matrix(strict=True)
    assert relaxed.ok and not strict.ok
    text = render_text(relaxed)
    assert "1 variant(s) PENDING" in text and "later: pending: no features/later.feature yet" in text
    assert "Matrix passed" in text and "MATRIX FAILED" in render_text(strict)


def test_markdown_and_json() -> None:
    md = render_markdown(matrix())
    assert "| v | the \\| bug | ✅ caught | idle_timeout › A user idle for 16 minutes must sign in again " \
           "[over the API] | — |" in md
    assert "| later | — | ⏳ pending | no features/later.feature yet | — |" in md
    doc = json.loads(render_json(matrix()))
    assert doc["ok"] is True and [r["verdict"] for r in doc["rows"]] == ["passed", "caught", "pending"]
    assert short(f"{IDLE}: {OUTLINE} -- @2.1 in the browser") == f"idle_timeout › {OUTLINE} [in the browser]"


def test_the_readme_copy_goes_between_the_markers() -> None:
    readme = "intro\n<!-- mutants:begin -->\nold table\n<!-- mutants:end -->\noutro\n"
    updated = with_table(readme, render_markdown(matrix()))
    assert updated.startswith("intro\n<!-- mutants:begin -->\nGenerated by `make mutants`")
    assert "old table" not in updated and updated.endswith("<!-- mutants:end -->\noutro\n")
    assert with_table(updated, render_markdown(matrix())) == updated
    with pytest.raises(ValueError, match="no <!-- mutants:begin -->"):
        with_table("no markers", "x")


# --- real behave runs ---------------------------------------------------------------------------------
def test_a_real_run_of_a_variant_is_read_from_its_audit(tmp_path: Path) -> None:
    """Wiring end to end: behave on the broken app writes audit.json; the matrix reads a catch from it."""
    job = Job("reference", "lenient_boundary", tmp_path / "lenient_boundary", (IDLE,))
    ran = run_job(job)
    assert ran.ran, ran.problem
    expectation = next(e for e in load_expected(EXPECTED_FILE).variants if e.variant == "lenient_boundary")
    row = judge_variant(expectation, ran, VARIANTS["lenient_boundary"])
    assert row.verdict is Verdict.CAUGHT, row
    assert row.caught_by == [f"{IDLE}: One second after the idle timeout the session is gone"]


def test_a_run_that_cannot_start_is_a_problem_not_a_verdict(tmp_path: Path) -> None:
    ran = run_job(Job("no-such-target", "correct", tmp_path / "x", (IDLE,)))
    assert not ran.ran and "without evidence" in ran.problem and 'unknown target "no-such-target"' in ran.problem


def test_a_run_that_hangs_is_stopped(tmp_path: Path) -> None:
    ran = run_job(Job("reference", "correct", tmp_path / "x", (IDLE,)), timeout_s=0.5)
    assert not ran.ran and ran.problem.startswith("did not finish within 0 s")
