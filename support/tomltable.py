"""Strict reading of TOML tables: every missing field, wrong type and unknown key is one clear line.

A target file is written by hand by someone who is not reading our code; the error must name the file, the
key and what would be accepted.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from support.errors import ConfigError

T = TypeVar("T")

_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a table"}


class Table:
    """One TOML table being read; call `done()` once every expected key was taken."""

    def __init__(self, data: Mapping[str, Any], file: Path, path: str = "") -> None:
        self._data = dict(data)
        self._taken: set[str] = set()
        self.file = file
        self.path = path

    def where(self, key: str) -> str:
        dotted = f"{self.path}.{key}" if self.path else key
        return f"{self.file}: {dotted}"

    def has(self, key: str) -> bool:
        return key in self._data

    def get(self, key: str, kind: type[T], default: T | None = None) -> T | None:
        """The value of `key` if present (checked against `kind`), else `default`."""
        self._taken.add(key)
        if key not in self._data:
            return default
        value = self._data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{self.where(key)} must be {_TYPE_NAMES.get(kind, kind.__name__)}, "
                              f"not {value!r}")
        return value

    def require(self, key: str, kind: type[T]) -> T:
        value = self.get(key, kind)
        if value is None:
            raise ConfigError(f"{self.where(key)} is missing: add `{key} = ...` to the "
                              f"[{self.path or 'top level'}] table")
        return value

    def strings(self, key: str, default: list[str] | None = None) -> list[str]:
        """A list of strings (a single string is accepted as a one-item list)."""
        self._taken.add(key)
        value = self._data.get(key, default if default is not None else [])
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{self.where(key)} must be a list of strings, not {value!r}")
        return list(value)

    def ints(self, key: str, default: list[int]) -> list[int]:
        self._taken.add(key)
        value = self._data.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
            raise ConfigError(f"{self.where(key)} must be a list of whole numbers, not {value!r}")
        return list(value)

    def string_map(self, key: str) -> dict[str, str]:
        """A table of strings (such as `[app.env]`); empty if absent."""
        child = self.table(key)
        if child is None:
            return {}
        found = {}
        for name in list(child._data):
            found[name] = child.require(name, str)
        return found

    def tables(self, key: str) -> list[Table]:
        """An array of tables (`[[processes]]`); empty if absent."""
        self._taken.add(key)
        value = self._data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigError(f"{self.where(key)} must be an array of tables, written [[{self._child(key)}]]")
        return [Table(v, self.file, f"{self._child(key)}[{i}]") for i, v in enumerate(value)]

    def table(self, key: str, required: bool = False) -> Table | None:
        data = self.get(key, dict)
        if data is None:
            if required:
                raise ConfigError(f"{self.where(key)} is missing: add a [{self._child(key)}] table")
            return None
        return Table(data, self.file, self._child(key))

    def done(self) -> None:
        """Refuse keys nobody asked for: a typo must not silently fall back to a default."""
        for key in self._data:
            if key not in self._taken:
                hint = difflib.get_close_matches(key, sorted(self._taken), n=1, cutoff=0.5)
                also = f' — did you mean "{hint[0]}"?' if hint else f" (known: {', '.join(sorted(self._taken))})"
                raise ConfigError(f"{self.where(key)} is not a known key{also}")

    def _child(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key
