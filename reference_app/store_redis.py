"""Sessions and tokens in Redis, with real TTLs: a `SessionStore` for the reference app (`LAPSE_APP_REDIS_URL`).

Each record is a Redis hash under `lapse:<key>`, one field per record key, each value JSON-encoded (floats keep
every digit). The app's `ttl_seconds` hint becomes the key's TTL: `PEXPIRE` at every write, renewed on every
touch, so Redis forgets a session no earlier than the app would end it. TTLs are relative on purpose: a
duration is measured on the store's own clock from the moment of the write, so a store whose clock runs ahead
of the app's or behind it still keeps a session exactly as long as the app means to (an absolute `PEXPIREAT`
computed from the app's clock would cut sessions short by the skew; the `store_expiry_from_app_clock` variant
plants that bug). The app never relies on the TTL: it checks expiry itself on every request.

Writes are single Lua scripts, so `touch` (merge fields and renew the TTL only if the record still exists) is
atomic with respect to a concurrent `delete`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from reference_app.store import Record

PREFIX = "lapse:"

# KEYS[1]: the key. ARGV: mode ("put" | "touch"), expiry ("px" | "pxat" | "persist" | "keep"), milliseconds,
# then field, value pairs. "touch" changes nothing and answers 0 if the key is gone.
WRITE = """
if ARGV[1] == 'touch' then
  if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
else
  redis.call('DEL', KEYS[1])
end
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if ARGV[2] == 'px' then redis.call('PEXPIRE', KEYS[1], ARGV[3])
elseif ARGV[2] == 'pxat' then redis.call('PEXPIREAT', KEYS[1], ARGV[3])
elseif ARGV[2] == 'persist' then redis.call('PERSIST', KEYS[1]) end
return 1
"""


class RedisSessionStore:
    """`renew_on_touch=False` and `expire_at` (the app's clock) exist only to plant a variant's bug."""

    def __init__(self, client: Any, *, renew_on_touch: bool = True,
                 expire_at: Callable[[], float] | None = None) -> None:
        self._redis = client
        self._write = client.register_script(WRITE)
        self._renew_on_touch = renew_on_touch
        self._expire_at = expire_at

    @classmethod
    def from_url(cls, url: str, *, renew_on_touch: bool = True,
                 expire_at: Callable[[], float] | None = None) -> RedisSessionStore:
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=5, health_check_interval=30),
                   renew_on_touch=renew_on_touch, expire_at=expire_at)

    def get(self, key: str) -> Record | None:
        raw: dict[bytes, bytes] = self._redis.hgetall(PREFIX + key)
        if not raw:
            return None
        return {name.decode(): json.loads(value) for name, value in raw.items()}

    def put(self, key: str, record: Record, ttl_seconds: float | None) -> None:
        if not record:
            raise ValueError("a record needs at least one field")
        if ttl_seconds is not None and ttl_seconds <= 0:
            self._redis.delete(PREFIX + key)  # already over: nothing worth keeping
            return
        self._run("put", key, record, self._expiry(ttl_seconds))

    def delete(self, key: str) -> bool:
        return int(self._redis.delete(PREFIX + key)) > 0

    def touch(self, key: str, fields: Mapping[str, Any], ttl_seconds: float | None) -> bool:
        expiry = self._expiry(ttl_seconds) if self._renew_on_touch else ("keep", 0)
        return self._run("touch", key, fields, expiry)

    def close(self) -> None:
        self._redis.close()

    def _expiry(self, ttl_seconds: float | None) -> tuple[str, int]:
        if ttl_seconds is None:
            return "persist", 0
        if self._expire_at is not None:  # the variant's bug: an absolute time read from the app's clock
            return "pxat", math.ceil((self._expire_at() + ttl_seconds) * 1000)
        return "px", max(1, math.ceil(ttl_seconds * 1000))

    def _run(self, mode: str, key: str, fields: Mapping[str, Any], expiry: tuple[str, int]) -> bool:
        args: list[str | int] = [mode, expiry[0], expiry[1]]
        for name, value in fields.items():
            args += [name, json.dumps(value)]
        return int(self._write(keys=[PREFIX + key], args=args)) == 1
