"""The matrix's expectations (`mutants/expected.toml`): each broken variant, the target it runs on and the
scenarios meant to catch it; and what exists today, so a variant that cannot run yet is *pending*, with why.

A scenario is named `features/FILE.feature: Scenario name`. For a Scenario Outline the name is the outline's
own (placeholders such as `<interval>` match any value) and any of its examples may catch the variant; add
` -- @1.1 over the API` to mean one example only. `features/FILE.feature` alone means any scenario of it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from support.errors import ConfigError
from support.tomltable import Table

EXPECTED_FILE = Path("mutants/expected.toml")
DEFAULT_TARGET = "reference"
_SCENARIO_LINE = re.compile(r"^\s*(?:Scenario Outline|Scenario Template|Scenario|Example):\s*(.+?)\s*$")


@dataclass(frozen=True)
class ScenarioRef:
    """One entry of `meant_for`: a feature file and, unless the whole feature is meant, a scenario name."""

    feature_file: str
    name: str | None = None

    @classmethod
    def parse(cls, text: str, where: str) -> ScenarioRef:
        file, sep, name = text.partition(".feature:")
        if not sep:
            if not text.strip().endswith(".feature"):
                raise ConfigError(f'{where}: "{text}" should read "features/FILE.feature: Scenario name"')
            return cls(text.strip())
        return cls(file.strip() + ".feature", name.strip() or None)

    def __str__(self) -> str:
        return self.feature_file if self.name is None else f"{self.feature_file}: {self.name}"

    def matches(self, feature_file: str, scenario_name: str) -> bool:
        """Does a scenario as behave ran it (an outline's example carries ` -- @1.1 …`) fall under this?"""
        if Path(feature_file).as_posix() != Path(self.feature_file).as_posix():
            return False
        if self.name is None:
            return True
        pattern = re.sub(r"<[^>]*>", ".+?", re.escape(self.name))  # an outline's <placeholder>: any value
        suffix = "" if " -- @" in self.name else r"(?: -- @.*)?"
        return re.fullmatch(pattern + suffix, scenario_name) is not None


@dataclass(frozen=True)
class Expectation:
    variant: str
    meant_for: tuple[ScenarioRef, ...]
    target: str = DEFAULT_TARGET
    note: str = ""


@dataclass(frozen=True)
class ExpectedFile:
    variants: list[Expectation]
    behave_args: Mapping[str, tuple[str, ...]]  # per target: extra behave arguments for its runs

    def args_for(self, target: str) -> tuple[str, ...]:
        return self.behave_args.get(target, ())


def load_expected(file: Path = EXPECTED_FILE) -> ExpectedFile:
    """Every `[[variant]]` of the file, and `[target.NAME] behave_args`; unknown keys, wrong types and
    duplicates are one line each."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no {file}: the matrix needs it to know which scenario is meant for which "
                          f"variant") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from None
    top = Table(data, file)
    raw = top.get("variant", list) or []
    targets = top.get("target", dict) or {}
    top.done()
    behave_args: dict[str, tuple[str, ...]] = {}
    for target, table in targets.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{file}: target.{target} must be a table, written [target.{target}]")
        t = Table(table, file, f"target.{target}")
        behave_args[target] = tuple(t.strings("behave_args"))
        t.done()
    found: list[Expectation] = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise ConfigError(f"{file}: variant[{i}] must be a table, written [[variant]]")
        t = Table(entry, file, f"variant[{i}]")
        name = t.require("name", str)
        refs = t.strings("meant_for")
        if not refs:
            raise ConfigError(f"{t.where('meant_for')} is missing: name the scenario(s) meant to catch {name}")
        expectation = Expectation(variant=name, target=t.get("target", str) or DEFAULT_TARGET,
                                  meant_for=tuple(ScenarioRef.parse(r, t.where("meant_for")) for r in refs),
                                  note=t.get("note", str) or "")
        t.done()
        if any(e.variant == name for e in found):
            raise ConfigError(f"{t.where('name')}: variant {name} is listed twice")
        found.append(expectation)
    return ExpectedFile(found, behave_args)


def scenario_names(feature_file: Path) -> list[str]:
    """The scenario (and outline) names written in a feature file, as written."""
    return [m.group(1) for line in feature_file.read_text(encoding="utf-8").splitlines()
            if (m := _SCENARIO_LINE.match(line))]


def why_pending(expectation: Expectation, variants: Iterable[str], targets: Iterable[str],
                root: Path = Path(".")) -> str | None:
    """Why this variant cannot be run yet (something another piece of work still has to add), or None."""
    if expectation.variant not in set(variants):
        return f"variant {expectation.variant} is not in reference_app/variants.py yet"
    if expectation.target not in set(targets):
        return f"target {expectation.target} does not exist yet (no targets/{expectation.target}.toml)"
    missing = sorted({r.feature_file for r in expectation.meant_for if not (root / r.feature_file).is_file()})
    if missing:
        return f"no {', '.join(missing)} yet"
    return None


def check_scenarios_exist(expectation: Expectation, root: Path = Path(".")) -> None:
    """A named scenario missing from a feature file that exists is a stale expectation, not pending work."""
    for ref in expectation.meant_for:
        if ref.name is None:
            continue
        written = scenario_names(root / ref.feature_file)
        base = ref.name.split(" -- @")[0]
        if not any(ScenarioRef(ref.feature_file, base).matches(ref.feature_file, name) for name in written):
            raise ConfigError(f"{EXPECTED_FILE}: {expectation.variant} is meant to be caught by \"{ref}\", but "
                              f"{ref.feature_file} has no such scenario (it has: {'; '.join(written)})")


def unlisted(expectations: Iterable[Expectation], variants: Mapping[str, str]) -> list[str]:
    """Variants of the reference app that the expectations file does not mention."""
    listed = {e.variant for e in expectations}
    return [name for name in variants if name not in listed]
