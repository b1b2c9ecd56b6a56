"""The redis-ttl backend against a real Redis that is not under libfaketime: TTLs move by the advance, and a
whole target whose store is moved this way still catches a store that never renews its TTLs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from support.clock.redis_ttl_clock import BATCH, RedisTtlClock
from support.errors import EnvironmentProblem
from support.launch import Launched, free_port
from tests.lapse_process_helpers import CLOCK_FEATURES, behave_statuses, edited_target


@pytest.fixture
def clock(redis_server: Launched) -> Iterator[RedisTtlClock]:
    c = RedisTtlClock(f"redis://127.0.0.1:{redis_server.port}/0")
    yield c
    c.close()


def test_a_key_with_ex_900_lives_14_minutes_not_16(redis_client: redis.Redis, clock: RedisTtlClock) -> None:
    redis_client.set("session", "1", ex=900)
    redis_client.set("forever", "1")
    clock.advance(timedelta(minutes=14))
    assert redis_client.get("session") == b"1"
    assert 59_000 < redis_client.pttl("session") <= 60_000
    assert clock.shift(timedelta(minutes=2)) == 1
    assert redis_client.get("session") is None
    assert redis_client.pttl("forever") == -1  # no TTL: nothing to move


def test_a_clock_set_back_lengthens_every_ttl(redis_client: redis.Redis, clock: RedisTtlClock) -> None:
    redis_client.set("session", "1", ex=900)
    clock.jump(timedelta(hours=-1))
    assert redis_client.pttl("session") > 3600_000


def test_every_key_is_shifted_across_scan_batches(redis_client: redis.Redis, clock: RedisTtlClock) -> None:
    keys = 2 * BATCH + 7
    with redis_client.pipeline() as pipe:
        for i in range(keys):
            pipe.set(f"k{i}", "1", ex=900)
        pipe.execute()
    assert clock.shift(timedelta(minutes=16)) == keys
    assert redis_client.dbsize() == 0


def test_an_unreachable_redis_is_a_clear_error() -> None:
    with pytest.raises(EnvironmentProblem, match=r"the redis-ttl clock cannot reach Redis at redis://127.0.0.1:"):
        RedisTtlClock(f"redis://127.0.0.1:{free_port()}/0")


TARGET_CHANGES = {
    # Redis runs on the real clock; only the app server is under libfaketime.
    'component = "session store"': 'component = "session store"\nfaketime = false',
    'backends = ["faketime"]': 'backends = ["faketime", "redis-ttl"]\n\n'
                               '[clock.redis_ttl]\nurl = "redis://127.0.0.1:{redis.port}/0"',
}


def test_a_target_with_a_redis_ttl_store_clock(tmp_path: Path) -> None:
    target = edited_target("reference-redis", TARGET_CHANGES, tmp_path / "reference-redis-ttl.toml")
    correct = behave_statuses(target, "correct", tmp_path / "correct", *CLOCK_FEATURES)[1]
    ahead = "A session store whose clock runs ahead does not cut sessions short"
    assert correct.pop(ahead) == "skipped"  # TTLs can be shifted, but the store cannot be kept ahead
    assert set(correct.values()) == {"passed"}, correct
    broken = behave_statuses(target, "store_ttl_not_renewed", tmp_path / "broken", *CLOCK_FEATURES)[1]
    assert broken["Activity keeps the session alive -- @1.1 over the API"] == "failed", broken
