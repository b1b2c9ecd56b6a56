"""The controls catalogue: complete, strict about tags, and honest about policies looser than a control."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from support.controls import (
    KINDS,
    Control,
    check_feature_files,
    controls_for_tags,
    load_catalogue,
    policy_findings,
)
from support.errors import ConfigError
from support.policy import SessionPolicy

REQUIRED_IDS = {
    "PCI-DSS-8.2.8", "NIST-800-63B-AAL1", "NIST-800-63B-AAL2", "NIST-800-63B-AAL3", "ASVS-5.0-V7.3.1",
    "ASVS-5.0-V7.3.2", "ASVS-5.0-V7.4.1", "WSTG-SESS-06", "WSTG-SESS-07", "HIPAA-164.312(a)(2)(iii)", "CIS-8-4.3",
}
m, h = timedelta(minutes=1), timedelta(hours=1)


def test_the_catalogue_lists_every_control_of_issue_5_with_its_fields() -> None:
    catalogue = load_catalogue()
    assert set(catalogue) >= REQUIRED_IDS
    for control_id, control in catalogue.items():
        assert control.id == control_id
        for text in (control.title, control.source, control.section, control.requirement):
            assert text.strip() and "\n" not in text, control_id
        assert control.kind in KINDS
        assert control.tag == f"@control:{control_id}"


@pytest.mark.parametrize(
    ("control_id", "max_idle", "max_absolute"),
    [
        ("PCI-DSS-8.2.8", 15 * m, None),
        ("NIST-800-63B-AAL1", None, 30 * 24 * h),
        ("NIST-800-63B-AAL2", 1 * h, 24 * h),
        ("NIST-800-63B-AAL3", 15 * m, 12 * h),
        ("CIS-8-4.3", 15 * m, None),
        ("HIPAA-164.312(a)(2)(iii)", None, None),
        ("ASVS-5.0-V7.4.1", None, None),
    ],
)
def test_limits_are_the_published_figures(control_id: str, max_idle: timedelta | None,
                                          max_absolute: timedelta | None) -> None:
    control = load_catalogue()[control_id]
    assert (control.max_idle, control.max_absolute) == (max_idle, max_absolute)


def test_limits_read_as_the_source_writes_them() -> None:
    assert load_catalogue()["NIST-800-63B-AAL2"].limit == "≤ 1 hour idle, ≤ 24 hours overall"
    assert load_catalogue()["WSTG-SESS-06"].limit == "—"


def test_tags_select_controls_in_order_once_and_ignore_other_tags() -> None:
    tags = ["browser", "@control:NIST-800-63B-AAL3", "control:PCI-DSS-8.2.8", "control:NIST-800-63B-AAL3", "wip"]
    assert [c.id for c in controls_for_tags(tags)] == ["NIST-800-63B-AAL3", "PCI-DSS-8.2.8"]


def test_an_unknown_control_tag_is_one_line_naming_the_tag_the_file_and_a_suggestion() -> None:
    with pytest.raises(ConfigError) as caught:
        controls_for_tags(["control:PCI-DSS-8.2.9"], where="features/idle_timeout.feature")
    message = str(caught.value)
    assert "\n" not in message
    assert "@control:PCI-DSS-8.2.9" in message and "features/idle_timeout.feature" in message
    assert "did you mean @control:PCI-DSS-8.2.8?" in message


def test_feature_files_are_checked_before_anything_runs(tmp_path: Path) -> None:
    good = tmp_path / "good.feature"
    good.write_text("@control:PCI-DSS-8.2.8 @browser\nFeature: Idle\n  Scenario: x\n    Given y\n")
    check_feature_files([good])
    bad = tmp_path / "bad.feature"
    bad.write_text("Feature: Idle\n\n  @control:WSTG-SESS-6\n  Scenario: x\n    Given y\n")
    with pytest.raises(ConfigError, match=r"bad\.feature:3: did you mean @control:WSTG-SESS-06\?"):
        check_feature_files([bad])


def test_a_looser_idle_timeout_is_a_finding_in_plain_words() -> None:
    findings = policy_findings({"idle timeout": "30 minutes"}, controls_for_tags(["control:PCI-DSS-8.2.8"]),
                               subject="Relaxed idle timeout")
    assert len(findings) == 1
    assert findings[0].control_id == "PCI-DSS-8.2.8" and findings[0].subject == "Relaxed idle timeout"
    assert findings[0].text == (
        "The idle timeout of 30 minutes is looser than PCI-DSS-8.2.8 (PCI DSS v4.0, Requirement 8.2.8), "
        "which requires at most 15 minutes."
    )


def test_a_policy_silent_on_a_needed_limit_is_a_finding() -> None:
    findings = policy_findings(SessionPolicy(idle_timeout=10 * m), controls_for_tags(["control:NIST-800-63B-AAL3"]))
    assert [f.text for f in findings] == [
        "The policy states no absolute lifetime, but NIST-800-63B-AAL3 requires one of at most 12 hours."
    ]


def test_a_compliant_policy_has_no_findings_even_exactly_at_the_limits() -> None:
    controls = controls_for_tags(["control:" + cid for cid in sorted(REQUIRED_IDS - {"NIST-800-63B-AAL1"})])
    assert policy_findings({"idle timeout": "15 minutes", "absolute lifetime": "12 hours"}, controls) == []
    assert policy_findings(SessionPolicy(idle_timeout=5 * m, absolute_lifetime=8 * h), controls) == []


def test_a_recommendation_reads_as_one() -> None:
    findings = policy_findings({"absolute lifetime": "31 days"}, controls_for_tags(["control:NIST-800-63B-AAL1"]))
    assert "which recommends at most 30 days" in findings[0].text


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ('id = "X"\ntitle = "t"\nsource = "s"\nsection = "s"\nkind = "idle"', "requirement is missing"),
        ('id = "X"\ntitle = "t"\nsource = "s"\nsection = "s"\nrequirement = "r"\nkind = "idel"', "use one of"),
        ('id = "X"\ntitle = "t"\nsource = "s"\nsection = "s"\nrequirement = "r"\nkind = "idle"\nmax_idel = "1m"',
         'did you mean "max_idle"'),
        ('id = "X"\ntitle = "t"\nsource = "s"\nsection = "s"\nrequirement = "r"\nkind = "idle"\n'
         'needs = ["idle"]\nmax_idle = "15 minuets"', "invalid duration"),
        ('id = "X"\ntitle = "t"\nsource = "s"\nsection = "s"\nrequirement = "r"\nkind = "idle"\nmax_idle = "1m"',
         'must include "idle"'),
    ],
)
def test_a_broken_catalogue_entry_is_a_clear_error(tmp_path: Path, entry: str, complaint: str) -> None:
    path = tmp_path / "controls.toml"
    path.write_text(f"[[control]]\n{entry}\n")
    with pytest.raises(ConfigError, match=complaint) as caught:
        load_catalogue(path)
    assert str(path) in str(caught.value)


def test_a_control_listed_twice_is_refused(tmp_path: Path) -> None:
    entry = '[[control]]\nid = "X"\ntitle = "t"\nsource = "s"\nsection = "s"\nrequirement = "r"\nkind = "logout"\n'
    path = tmp_path / "controls.toml"
    path.write_text(entry + entry)
    with pytest.raises(ConfigError, match="listed twice"):
        load_catalogue(path)


def test_controls_are_immutable_values() -> None:
    control = load_catalogue()["PCI-DSS-8.2.8"]
    assert isinstance(control, Control) and hash(control)
    with pytest.raises(TypeError):
        control.written["idle"] = "1 hour"  # type: ignore[index]
