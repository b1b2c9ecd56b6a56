"""Target files: the reference target loads; every broken file is one clear line naming file and key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from support.errors import ConfigError
from support.target import load_target, parse_target

REFERENCE = Path("targets/reference.toml")


def reference_data() -> dict[str, object]:
    return tomllib.loads(REFERENCE.read_text())


def test_reference_target_loads() -> None:
    target = load_target("reference")
    assert target.app.embedded == "reference_app"
    assert target.signed_in.probe == "/dashboard"
    assert target.session_cookies == ("session_id",)
    assert target.policy is not None and target.policy.describe()["idle timeout"] == "15 minutes"
    assert target.credentials.resolve() == ("alice", "correct horse battery staple")


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPSE_USERNAME", "bob")
    monkeypatch.setenv("LAPSE_PASSWORD", "hunter22")
    assert load_target("reference").credentials.resolve() == ("bob", "hunter22")


def test_unknown_target_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r'unknown target "nope".*known targets: .*reference'):
        load_target("nope")


def _edit(path: str, value: object) -> dict[str, object]:
    data = reference_data()
    *parents, last = path.split(".")
    table: dict[str, object] = data
    for key in parents:
        table = table[key]  # type: ignore[assignment]
    if value is _DELETE:
        del table[last]
    else:
        table[last] = value
    return data


_DELETE = object()

BROKEN = [
    ("app", _DELETE, r"app is missing"),
    ("app.embeded", "reference_app", r'app.embeded is not a known key — did you mean "embedded"'),
    ("app.base_url", "http://127.0.0.1:1", r"give exactly one of base_url"),
    ("app.embedded", "django", r'unknown embedded app "django"'),
    ("clock.backends", ["freezegun", "sundial"], r'unknown clock backend "sundial"'),
    ("sign_in.form.page", _DELETE, r"sign_in.form.page is missing"),
    ("sign_in.form.page", 42, r"sign_in.form.page must be a string, not 42"),
    ("signed_in.probe", _DELETE, r"signed_in.probe is missing"),
    ("signed_in.passive", "yes", r"signed_in.passive must be true or false"),
    ("signed_out.statuses", ["401"], r"signed_out.statuses must be a list of whole numbers"),
    ("signed_out.selector", _DELETE, r"signed_out.selector is missing"),
    ("sign_out", _DELETE, r"sign_out is missing"),
    ("session.cookies", [], r"session.cookies is missing"),
    ("session.cookies", [1], r"session.cookies must be a list of strings"),
    ("credentials.password_env", _DELETE, r"credentials.password_env is missing"),
    ("policy.idle_timeout", "15 minuets", r'\[policy\].*"15 minuets".*did you mean "minutes"'),
    ("policy.idle_timeout", "9 hours", r"contradictory policy"),
    ("policy.idle", "15 minutes", r'policy.idle is not a known key — did you mean "idle_timeout"'),
    ("colour", "blue", r"colour is not a known key"),
]


@pytest.mark.parametrize(("path", "value", "message"), BROKEN, ids=[b[0] + ":" + str(b[1])[:12] for b in BROKEN])
def test_broken_target_files_name_file_and_key(path: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_target(_edit(path, value), Path("targets/broken.toml"))
    assert str(caught.value).startswith("targets/broken.toml") or "policy" in path
    assert "\n" not in str(caught.value)


def test_default_credentials_are_refused_for_a_real_app() -> None:
    data = _edit("app.embedded", _DELETE)
    data["app"]["base_url"] = "http://127.0.0.1:8000"  # type: ignore[index]
    with pytest.raises(ConfigError, match="default credentials are allowed only for the embedded"):
        parse_target(data, Path("targets/mine.toml"))


def test_invalid_toml_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_target(str(bad))


@pytest.mark.parametrize("name", sorted(str(p.relative_to("targets").with_suffix(""))
                                        for p in Path("targets").rglob("*.toml")))
def test_every_shipped_target_file_loads(name: str) -> None:
    """The examples run only under `make examples`: a schema change must not break them unseen."""
    target = load_target(name)
    assert target.policy is not None and target.policy.idle_timeout is not None


def test_ready_within_is_a_duration() -> None:
    data = _edit("app.ready_within", "90 seconds")
    assert parse_target(data, Path("targets/slow.toml")).app.ready_within.total_seconds() == 90
    assert load_target("reference").app.ready_within.total_seconds() == 20  # the default


@pytest.mark.parametrize(("value", "message"), [
    ("soon", r'targets/slow.toml: app.ready_within: invalid duration "soon"'),
    ("0 seconds", r"app.ready_within must be longer than 0 seconds"),
    (90, r"app.ready_within must be a string, not 90"),
])
def test_a_bad_ready_within_is_one_line(value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_target(_edit("app.ready_within", value), Path("targets/slow.toml"))
