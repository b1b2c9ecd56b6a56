"""The controls catalogue: which standard asks for which timeout, and whether a stated policy meets it.

A scenario claims a control with a tag such as `@control:PCI-DSS-8.2.8`. The catalogue itself is data
(`support/data/controls.toml`) so an auditor can check every figure against the published text without
reading code. An unknown tag is bad input and stops the run; a policy looser than a control it claims is
a *finding*, reported even when every scenario passes, because the application can faithfully enforce
the wrong rule.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from support.durations import format_duration, parse_duration
from support.errors import ConfigError
from support.policy import SessionPolicy
from support.tomltable import Table

__all__ = [
    "TAG_PREFIX",
    "Control",
    "Finding",
    "check_feature_files",
    "controls_for_tags",
    "load_catalogue",
    "policy_findings",
]

TAG_PREFIX = "control:"
KINDS = ("idle", "absolute", "reauthentication", "logout", "timeout-testing", "session-token", "api-token")
OBLIGATIONS = {"required": "requires", "recommended": "recommends", "addressable": "requires"}
_NEEDS = {"idle": "idle timeout", "absolute": "absolute lifetime"}
_CATALOGUE_NAME = "support/data/controls.toml"
_TAG_IN_FEATURE = re.compile(r"@control:(\S+)")


@dataclass(frozen=True)
class Control:
    """One requirement of one standard, as the catalogue states it."""

    id: str
    title: str
    source: str
    section: str
    requirement: str
    kind: str
    needs: tuple[str, ...] = ()
    max_idle: timedelta | None = None
    max_absolute: timedelta | None = None
    obligation: str = "required"
    note: str = ""
    written: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)  # limits as written

    @property
    def tag(self) -> str:
        return f"@{TAG_PREFIX}{self.id}"

    @property
    def reference(self) -> str:
        """Where to read it: "PCI DSS v4.0, Requirement 8.2.8"."""
        return f"{self.source}, {self.section}"

    @property
    def limit(self) -> str:
        """The numeric limit in words, or what stands in for one."""
        parts = [
            f"≤ {self.words(need)} {label}"
            for need, label in (("idle", "idle"), ("absolute", "overall"))
            if self.allowed(need) is not None
        ]
        if parts:
            return ", ".join(parts)
        return "as the stated policy" if self.needs else "—"

    def allowed(self, need: str) -> timedelta | None:
        """The longest idle timeout ("idle") or overall lifetime ("absolute") this control allows."""
        return self.max_idle if need == "idle" else self.max_absolute

    def words(self, need: str) -> str:
        """That limit as the catalogue writes it ("24 hours", not "1 day"), as the source publishes it."""
        allowed = self.allowed(need)
        return self.written.get(need) or (format_duration(allowed) if allowed is not None else "")


@dataclass(frozen=True)
class Finding:
    """A gap between what a feature's policy says and what a control it claims asks for."""

    control_id: str
    subject: str  # the feature (or scenario) whose policy this is
    text: str  # one plain sentence


def load_catalogue(path: Path | None = None) -> dict[str, Control]:
    """Every control by id, from the packaged catalogue (or from `path`, for tests and custom catalogues).

    Raises `ConfigError` naming the file and the entry for a missing field, a wrong type, an unknown key,
    an unknown kind or a malformed duration.
    """
    controls = _load(path) if path is not None else _packaged()
    return {control.id: control for control in controls}


def controls_for_tags(tags: Iterable[str], where: str = "") -> list[Control]:
    """The controls named by the `control:` tags among `tags` (others are ignored), in order, once each.

    Tags may be given as behave passes them (`control:X`) or as written (`@control:X`). An unknown id
    raises `ConfigError` naming the tag, `where` (a feature file or name) and the closest known id.
    """
    catalogue = load_catalogue()
    found: dict[str, Control] = {}
    for tag in tags:
        name = tag.removeprefix("@")
        if not name.startswith(TAG_PREFIX):
            continue
        control_id = name.removeprefix(TAG_PREFIX)
        if control_id not in catalogue:
            raise ConfigError(_unknown(control_id, catalogue, where))
        found.setdefault(control_id, catalogue[control_id])
    return list(found.values())


def check_feature_files(paths: Iterable[Path]) -> None:
    """Check every `@control:` tag in these feature files before anything runs.

    Reads the files as text (no behave needed), so a runner can call it first; the error names the
    file and line of the first unknown tag.
    """
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith("@"):
                tags = [f"{TAG_PREFIX}{match}" for match in _TAG_IN_FEATURE.findall(line)]
                controls_for_tags(tags, where=f"{path}:{number}")


def policy_findings(
    policy: Mapping[str, str] | SessionPolicy, controls: Iterable[Control], subject: str = ""
) -> list[Finding]:
    """Where `policy` is looser than a control's limit, or leaves out something the control needs.

    `policy` is a `SessionPolicy` or its plain-words form (`{"idle timeout": "30 minutes"}`). A policy
    exactly at a limit meets it; the findings are one sentence each, in the order of `controls`.
    """
    stated = policy if isinstance(policy, SessionPolicy) else SessionPolicy.from_rows(policy.items())
    limits = {"idle": stated.idle_timeout, "absolute": stated.absolute_lifetime}
    findings: list[Finding] = []
    for control in controls:
        verb = OBLIGATIONS[control.obligation]
        for need in control.needs:
            if limits[need] is None:
                text = f"The policy states no {_NEEDS[need]}, but {control.id} {verb} one"
                findings.append(Finding(control.id, subject, text + _of_at_most(control, need) + "."))
        for need, value in limits.items():
            allowed = control.allowed(need)
            if allowed is not None and value is not None and value > allowed:
                findings.append(Finding(control.id, subject, _looser(control, need, value, verb)))
    return findings


def _of_at_most(control: Control, need: str) -> str:
    return f" of at most {control.words(need)}" if control.allowed(need) is not None else ""


def _looser(control: Control, need: str, value: timedelta, verb: str) -> str:
    return (
        f"The {_NEEDS[need]} of {format_duration(value)} is looser than {control.id} ({control.reference}), "
        f"which {verb} at most {control.words(need)}."
    )


def _unknown(control_id: str, catalogue: Mapping[str, Control], where: str) -> str:
    close = difflib.get_close_matches(control_id, list(catalogue), n=1, cutoff=0.5)
    hint = f"did you mean @{TAG_PREFIX}{close[0]}? " if close else ""
    place = f" in {where}" if where else ""
    return (
        f"unknown control tag @{TAG_PREFIX}{control_id}{place}: {hint}"
        f"the known controls are listed in {_CATALOGUE_NAME}"
    )


@functools.cache
def _packaged() -> tuple[Control, ...]:
    """The catalogue shipped with Lapse, read once per process."""
    source = resources.files("support").joinpath("data", "controls.toml")
    return _parse(source.read_text(encoding="utf-8"), Path(_CATALOGUE_NAME))


def _load(path: Path) -> tuple[Control, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"cannot read the controls catalogue {path}: {err.strerror}") from err
    return _parse(text, path)


def _parse(text: str, file: Path) -> tuple[Control, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{file} is not valid TOML: {err}") from err
    top = Table(data, file)
    entries = top.get("control", list) or []
    top.done()
    controls = [_control(Table(entry, file, f"control[{index}]")) for index, entry in enumerate(entries)]
    seen: set[str] = set()
    for control in controls:
        if control.id in seen:
            raise ConfigError(f"{file}: control {control.id} is listed twice; keep one entry")
        seen.add(control.id)
    return tuple(controls)


def _control(table: Table) -> Control:
    control = Control(
        id=table.require("id", str),
        title=table.require("title", str),
        source=table.require("source", str),
        section=table.require("section", str),
        requirement=table.require("requirement", str),
        kind=_one_of(table, "kind", KINDS, None),
        needs=tuple(table.strings("needs")),
        max_idle=_duration(table, "max_idle"),
        max_absolute=_duration(table, "max_absolute"),
        obligation=_one_of(table, "obligation", tuple(OBLIGATIONS), "required"),
        note=table.get("note", str, "") or "",
        written=MappingProxyType(
            {need: text for need in _NEEDS if (text := table.get(f"max_{need}", str)) is not None}
        ),
    )
    table.done()
    unknown = [need for need in control.needs if need not in _NEEDS]
    if unknown:
        raise ConfigError(f"{table.where('needs')}: unknown need {unknown[0]!r}; use {' or '.join(_NEEDS)}")
    for need in _NEEDS:
        if control.allowed(need) is not None and need not in control.needs:
            raise ConfigError(f'{table.where("needs")} must include "{need}": the control sets a limit on it')
    return control


def _one_of(table: Table, key: str, allowed: tuple[str, ...], default: str | None) -> str:
    value = table.require(key, str) if default is None else table.get(key, str, default) or default
    if value not in allowed:
        raise ConfigError(f"{table.where(key)} is {value!r}; use one of: {', '.join(allowed)}")
    return value


def _duration(table: Table, key: str) -> timedelta | None:
    text = table.get(key, str)
    if text is None:
        return None
    try:
        return parse_duration(text)
    except ConfigError as err:
        raise ConfigError(f"{table.where(key)}: {err}") from err
