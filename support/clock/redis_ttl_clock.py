"""The expiry clock of a Redis that cannot run under libfaketime (a user's own, Debian's redis-server 7):
moving its clock by `d` is approximated by shifting every key's remaining time to live by `d`.

For each key (found with `SCAN`) a small Lua script reads `PTTL` and sets `PEXPIRE` to `PTTL - d`, or
deletes the key if that is not positive; a negative `d` (a clock set back) lengthens the TTLs. Keys without
a TTL are left alone.

Limits (written here and in docs/architecture.md):
- Only TTLs move. Redis's own clock does not (`TIME`, stream ids, `OBJECT IDLETIME`, LRU/LFU), and neither
  does any app that reads time itself: combine it with another backend for the app server.
- It shifts what exists now. A key written after the shift gets its full TTL, so this backend models steps
  and time passing, but cannot keep a store's clock ahead or behind (`can_skew = False`: a scenario that
  needs a skewed store is skipped, not passed).
- `SCAN` visits every key that exists for the whole scan, but a key written during the scan may be shifted
  or not; each key's read-and-set is atomic, the whole sweep is not. Move the clock while the app is idle.
- One database (the URL's); cost grows with the number of keys (one round trip per `SCAN` batch).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from support.clock.backend import SESSION_STORE
from support.errors import EnvironmentProblem

SHIFT = """
local shift = tonumber(ARGV[1])
local gone = 0
for _, key in ipairs(KEYS) do
  local left = redis.call('PTTL', key)
  if left > 0 then
    local new = left - shift
    if new <= 0 then
      redis.call('DEL', key)
      gone = gone + 1
    else
      redis.call('PEXPIRE', key, new)
    end
  end
end
return gone
"""
BATCH = 500


class RedisTtlClock:
    name = "redis-ttl"
    can_skew = False

    def __init__(self, url: str, component: str = SESSION_STORE) -> None:
        import redis

        self.url = url
        self.component = component
        self._redis: Any = redis.Redis.from_url(url, socket_timeout=5)
        try:
            self._shift = self._redis.register_script(SHIFT)
            self._redis.ping()
        except redis.RedisError as exc:
            self._redis.close()
            raise EnvironmentProblem(f"the redis-ttl clock cannot reach Redis at {url}: {exc}") from None
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError,)

    def advance(self, delta: timedelta) -> None:
        self.shift(delta)

    def jump(self, delta: timedelta) -> None:
        self.shift(delta)

    def shift(self, delta: timedelta) -> int:
        """Shift every key's TTL by `delta` (either sign); how many keys it expired."""
        shift = round(delta.total_seconds() * 1000)
        if shift == 0:
            return 0
        gone = 0
        try:
            for keys in self._batches():
                gone += int(self._shift(keys=keys, args=[shift]))
        except self._errors as exc:
            raise EnvironmentProblem(f"the redis-ttl clock could not shift TTLs in {self.url}: {exc}") from None
        return gone

    def close(self) -> None:
        self._redis.close()

    def _batches(self) -> Any:
        cursor = 0
        while True:
            cursor, keys = self._redis.scan(cursor=cursor, count=BATCH)
            if keys:
                yield keys
            if cursor == 0:
                return
