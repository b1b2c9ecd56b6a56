"""Where sessions and tokens live: a small key-value protocol and its thread-safe in-memory implementation.

Records are plain JSON-able dicts so another backend (Redis) only has to serialise them. `ttl_seconds` is a
hint: after it a record can never be valid again, so a store may forget it. The app never relies on a store
expiring anything; it decides expiry itself on every request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any, Protocol

Record = dict[str, Any]


class SessionStore(Protocol):
    """The four operations the app needs; each must be atomic with respect to the others."""

    def get(self, key: str) -> Record | None:
        """A copy of the record, or None if there is none."""
        ...

    def put(self, key: str, record: Record, ttl_seconds: float | None) -> None:
        """Create or replace the record."""
        ...

    def delete(self, key: str) -> bool:
        """Remove the record; True if it existed (so two concurrent callers cannot both claim it)."""
        ...

    def touch(self, key: str, fields: Mapping[str, Any], ttl_seconds: float | None) -> bool:
        """Merge `fields` into an existing record and renew its TTL; False (and no change) if it is gone."""
        ...


class InMemorySessionStore:
    """A dict behind a lock. It ignores TTL hints: records live until deleted, which is all the app needs."""

    def __init__(self) -> None:
        self._records: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Record | None:
        with self._lock:
            raw = self._records.get(key)
        return None if raw is None else _decode(raw)

    def put(self, key: str, record: Record, ttl_seconds: float | None) -> None:
        raw = json.dumps(record)  # stored serialised, like a real store: no aliasing, JSON-able or fail now
        with self._lock:
            self._records[key] = raw

    def delete(self, key: str) -> bool:
        with self._lock:
            return self._records.pop(key, None) is not None

    def touch(self, key: str, fields: Mapping[str, Any], ttl_seconds: float | None) -> bool:
        with self._lock:
            raw = self._records.get(key)
            if raw is None:
                return False
            self._records[key] = json.dumps({**_decode(raw), **fields})
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)


def _decode(raw: str) -> Record:
    record = json.loads(raw)
    assert isinstance(record, dict)
    return record
