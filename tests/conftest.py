"""Shared fixtures: a real reference app served on a loopback port, and a run-scoped browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.app_server import RunningApp, start_app
from support.channels.browser import Browser
from support.clock import TimeController
from support.evidence.timeline import Timeline
from support.target import Target, load_target


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
