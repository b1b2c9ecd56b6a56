"""The faketime backend against real processes under libfaketime: a process sees its clock moved (forward,
back, skewed against another), Redis expires keys on its moved clock, and the TimeController realigns
stepped clocks at the next scenario."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
import requests

from support.clock import TimeController
from support.clock.backend import APP_SERVER, SESSION_STORE
from support.clock.faketime_clock import FaketimeClock, format_offset
from support.clock.real_clock import RealClock
from support.launch import Launched, Launcher, LaunchSpec
from tests.lapse_process_helpers import TIME_SERVER, redis_spec

MINUTE = 60.0


def seen(process: Launched) -> float:
    """The process's own time.time(), minus ours: how far its clock runs ahead."""
    import time

    return float(requests.get(process.base_url, timeout=5).text) - time.time()


@pytest.fixture
def launcher() -> Iterator[Launcher]:
    started = Launcher()
    yield started
    started.close()


def time_server(launcher: Launcher, name: str) -> tuple[Launched, FaketimeClock]:
    process = launcher.start(LaunchSpec(name=name, command=TIME_SERVER, where="test", ready_path="/", faketime=True))
    assert process.clock_file is not None
    return process, FaketimeClock(process.clock_file, name)


def test_offsets_are_always_signed() -> None:
    assert format_offset(960) == "+960.000000"
    assert format_offset(-3600) == "-3600.000000"
    assert format_offset(0) == "+0.000000"


def test_a_running_process_sees_its_clock_moved_forward_and_back(launcher: Launcher) -> None:
    process, clock = time_server(launcher, APP_SERVER)
    assert abs(seen(process)) < 5
    clock.advance(timedelta(minutes=16))
    assert 16 * MINUTE - 5 < seen(process) < 16 * MINUTE + 5
    clock.jump(timedelta(hours=-1))
    assert -44 * MINUTE - 5 < seen(process) < -44 * MINUTE + 5


def test_skew_between_two_processes_is_visible(launcher: Launcher) -> None:
    app, app_clock = time_server(launcher, APP_SERVER)
    store, store_clock = time_server(launcher, SESSION_STORE)
    controller = TimeController([app_clock, store_clock])
    controller.skew(SESSION_STORE, timedelta(minutes=3))
    controller.advance(timedelta(minutes=10))
    assert 3 * MINUTE - 5 < seen(store) - seen(app) < 3 * MINUTE + 5
    assert controller.skew_of(SESSION_STORE) == timedelta(minutes=3)
    controller.jump(APP_SERVER, timedelta(hours=-1))
    assert 63 * MINUTE - 5 < seen(store) - seen(app) < 63 * MINUTE + 5
    controller.begin_scenario()  # every clock agrees again, and none went back
    assert abs(seen(store) - seen(app)) < 5
    assert 13 * MINUTE - 5 < seen(app) < 13 * MINUTE + 5


def test_redis_under_libfaketime_expires_a_key_on_its_moved_clock(launcher: Launcher) -> None:
    process = launcher.start(redis_spec(faketime=True))
    assert process.clock_file is not None
    clock = FaketimeClock(process.clock_file, SESSION_STORE)
    client = redis.Redis(port=process.port)
    try:
        client.set("alive", "1", ex=900)
        client.set("gone", "1", ex=900)
        clock.advance(timedelta(minutes=14))
        assert client.get("alive") == b"1"
        clock.advance(timedelta(minutes=2))
        assert client.get("gone") is None
        assert client.get("alive") is None
    finally:
        client.close()


def test_what_a_target_lacks_is_a_reason_not_a_pass(launcher: Launcher) -> None:
    _, app_clock = time_server(launcher, APP_SERVER)
    controller = TimeController([app_clock])
    assert controller.unsupported(APP_SERVER) is None
    reason = controller.unsupported(SESSION_STORE)
    assert reason == "no clock of the session store is under Lapse's control (the clocks here: app server (faketime))"
    real = TimeController([RealClock()]).unsupported(APP_SERVER)
    assert real is not None and "real time" in real
    with pytest.raises(Exception, match="no clock of the session store"):
        controller.skew(SESSION_STORE, timedelta(minutes=3))
    with pytest.raises(Exception, match="time only moves forward"):
        controller.advance(timedelta(minutes=-1))
