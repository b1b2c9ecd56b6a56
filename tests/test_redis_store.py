"""The reference app's Redis session store against a real Redis: records round-trip exactly, TTLs follow the
app's hints and are renewed on touch; and on the reference-redis target (Redis and the app under
libfaketime) the feature suite catches the two planted store bugs and passes the correct app."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis

from reference_app.store_redis import PREFIX, RedisSessionStore
from reference_app.variants import REDIS_ONLY, VARIANTS
from support.launch import Launched
from tests.lapse_process_helpers import behave_statuses


def store(redis_server: Launched, **kw: object) -> RedisSessionStore:
    return RedisSessionStore.from_url(f"redis://127.0.0.1:{redis_server.port}/0", **kw)  # type: ignore[arg-type]


def test_records_round_trip_exactly_with_a_ttl(redis_server: Launched, redis_client: redis.Redis) -> None:
    s = store(redis_server)
    record = {"user": "alice", "created": 1796325799.938431, "last_seen": 1796325799.938431, "csrf_token": "x"}
    s.put("web:abc", record, 900)
    assert s.get("web:abc") == record
    assert 899_000 < redis_client.pttl(PREFIX + "web:abc") <= 900_000
    assert s.delete("web:abc") and not s.delete("web:abc")
    assert s.get("web:abc") is None


def test_touch_merges_and_renews_the_ttl_but_never_revives(redis_server: Launched, redis_client: redis.Redis) -> None:
    s = store(redis_server)
    s.put("web:a", {"user": "alice", "last_seen": 1.0}, 60)
    assert s.touch("web:a", {"last_seen": 2.5}, 900)
    assert s.get("web:a") == {"user": "alice", "last_seen": 2.5}
    assert redis_client.pttl(PREFIX + "web:a") > 60_000
    assert not s.touch("web:gone", {"last_seen": 3.0}, 900)
    assert redis_client.exists(PREFIX + "web:gone") == 0


def test_no_bound_means_no_ttl_and_an_expired_hint_stores_nothing(redis_server: Launched,
                                                                   redis_client: redis.Redis) -> None:
    s = store(redis_server)
    s.put("web:forever", {"user": "alice"}, None)
    assert redis_client.pttl(PREFIX + "web:forever") == -1
    s.put("web:over", {"user": "alice"}, 0.0)
    assert redis_client.exists(PREFIX + "web:over") == 0


def test_the_planted_bugs_change_only_the_ttl(redis_server: Launched, redis_client: redis.Redis) -> None:
    stale = store(redis_server, renew_on_touch=False)
    stale.put("web:a", {"user": "alice"}, 60)
    assert stale.touch("web:a", {"last_seen": 2.0}, 900)
    assert redis_client.pttl(PREFIX + "web:a") <= 60_000  # not renewed
    behind = store(redis_server, expire_at=lambda: time.time() - 180)  # an app clock 3 minutes behind the store's
    behind.put("web:b", {"user": "alice"}, 900)
    # the absolute expiry lost the skew: about 12 minutes left, not 15 (the store rounds to the millisecond)
    assert redis_client.pttl(PREFIX + "web:b") <= 730_000


def test_redis_only_variants_are_known() -> None:
    assert set(VARIANTS) >= REDIS_ONLY


STORE_CHECKS = [
    ("store_ttl_not_renewed", "features/idle_timeout.feature", "Activity keeps the session alive"),
    ("store_expiry_from_app_clock", "features/clock_changes.feature", "A session store whose clock runs ahead"),
]


@pytest.mark.parametrize(("variant", "feature", "name"), STORE_CHECKS)
def test_the_store_bugs_are_caught_on_reference_redis(variant: str, feature: str, name: str,
                                                       tmp_path: Path) -> None:
    code, statuses = behave_statuses("reference-redis", "correct", tmp_path / "correct", feature, "-n", name)
    assert code == 0 and statuses and set(statuses.values()) == {"passed"}, statuses
    code, statuses = behave_statuses("reference-redis", variant, tmp_path / variant, feature, "-n", name)
    assert code != 0 and "failed" in statuses.values(), statuses
