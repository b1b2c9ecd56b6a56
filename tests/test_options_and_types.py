"""-D options and step-sentence types: bad input is one line naming the problem and the fix."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support.errors import ConfigError
from support.options import RunOptions
from support.step_types import channel, duration


def test_defaults() -> None:
    options = RunOptions.from_userdata({})
    assert (options.target, options.clock, options.time_scale, options.variant) == (
        "reference", "controlled", 1.0, "correct")


@pytest.mark.parametrize(("data", "message"), [
    ({"clock": "fast"}, r"-D clock=fast is not a clock mode; use one of: controlled, real"),
    ({"clock": "real", "time_scale": "0"}, r"time_scale=0 must be a positive number"),
    ({"clock": "real", "time_scale": "abc"}, r"time_scale=abc must be a positive number"),
    ({"time_scale": "60"}, r"time_scale only applies to real time"),
    ({"targte": "x"}, r"unknown option -D targte"),
])
def test_bad_options(data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RunOptions.from_userdata(data)


def test_step_types() -> None:
    assert duration("16 minutes") == timedelta(minutes=16)
    assert channel("through the browser") == "browser"
    assert channel("over the API") == "api"
    with pytest.raises(ConfigError, match="minuets"):
        duration("16 minuets")
