"""The target keys for processes Lapse starts and their clocks: the two process targets load, and every broken
key is one line naming the file and the key."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from support.errors import ConfigError
from support.target import load_target, parse_target

REDIS = tomllib.loads(Path("targets/reference-redis.toml").read_text())
FILE = Path("targets/broken.toml")


def test_the_process_targets_load() -> None:
    process = load_target("reference-process")
    assert process.clocks == ("faketime",) and process.app.start is not None and not process.processes
    assert process.app.env["LAPSE_APP_VARIANT"] == "{variant}"
    redis = load_target("reference-redis")
    assert [(p.name, p.component, p.faketime, p.ready_path) for p in redis.processes] == [
        ("redis", "session store", True, None)]
    assert redis.credentials.resolve() == ("alice", "correct horse battery staple")


def edited(change: dict[str, Any]) -> dict[str, Any]:
    """The reference-redis target with `change` merged in (None deletes a key)."""
    data = copy.deepcopy(REDIS)
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        table = data
        for key in parents:
            table = table[int(key)] if isinstance(table, list) else table.setdefault(key, {})
        if value is None:
            del table[last]
        else:
            table[last] = value
    return data


BROKEN: list[tuple[dict[str, Any], str]] = [
    ({"app.embedded": "reference_app"}, r"app.base_url: give exactly one of base_url .* or start = \[...\]"),
    ({"app.start": []}, r'app.start must name a program: start = \["program"'),
    ({"app.port": 70000}, r"app.port must be a port number from 1 to 65535, not 70000"),
    ({"app.env.LAPSE_APP_IDLE_TIMEOUT": 900}, r"app.env.LAPSE_APP_IDLE_TIMEOUT must be a string, not 900"),
    ({"app.ready_path": "healthz"}, r'app.ready_path must be a path on the app starting with "/"'),
    ({"app.strat": ["x"]}, r'app.strat is not a known key — did you mean "start"'),
    ({"processes.0.name": None}, r"processes\[0\].name is missing"),
    ({"processes.0.name": "my-redis"}, r"processes\[0\].name must be a plain name"),
    ({"processes.0.start": None}, r"processes\[0\].start is missing"),
    ({"processes.0.faketime": "no"}, r"processes\[0\].faketime must be true or false"),
    ({"processes.0.compnent": "x"}, r'processes\[0\].compnent is not a known key — did you mean "component"'),
    ({"processes": {"name": "redis"}}, r"processes must be an array of tables, written \[\[processes\]\]"),
    ({"clock.backends": ["faketime", "redis-ttl"]}, r'clock.redis_ttl is missing: the "redis-ttl" clock needs'),
    ({"clock.redis_ttl": {"url": "redis://x"}}, r'clock.redis_ttl has no effect: add "redis-ttl"'),
    ({"clock.http": {"path": "/clock"}}, r'clock.http has no effect: add "http"'),
    ({"clock.backends": ["http"], "clock.http": {"path": "clock"}}, r"clock.http.path must be a path"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN, ids=[next(iter(c)) for c, _ in BROKEN])
def test_broken_process_keys_are_one_line_naming_file_and_key(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_target(edited(change), FILE)
    assert str(caught.value).startswith(f"{FILE}: ")
    assert "\n" not in str(caught.value)


def test_faketime_needs_a_process_lapse_starts() -> None:
    data = edited({"processes": None, "app.start": None, "app.env": None, "app.embedded": "reference_app",
                   "clock.backends": ["faketime"]})
    with pytest.raises(ConfigError, match=r'clock.backends: "faketime" moves the clocks of processes Lapse starts'):
        parse_target(data, FILE)


def test_two_processes_with_one_name_are_refused() -> None:
    data = edited({})
    data["processes"].append(dict(data["processes"][0]))
    with pytest.raises(ConfigError, match=r"processes: two processes are called 'redis'"):
        parse_target(data, FILE)


def test_the_http_clock_of_a_running_app_needs_its_secret() -> None:
    data = edited({"processes": None, "app.start": None, "app.env": None, "app.base_url": "http://127.0.0.1:8000",
                   "credentials.default_username": None, "credentials.default_password": None,
                   "clock.backends": ["http"]})
    with pytest.raises(ConfigError, match=r"clock.http.secret_env is missing"):
        parse_target(data, FILE)
