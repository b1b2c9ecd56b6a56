"""Run options, from `behave -D name=value` (userdata): which target, which clocks, which variant."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from support.errors import ConfigError

CLOCK_MODES = ("controlled", "real")
KNOWN = ("target", "clock", "time_scale", "variant", "reports")


@dataclass(frozen=True)
class RunOptions:
    target: str = "reference"
    clock: str = "controlled"  # controlled: move the target's clocks; real: wait for real
    time_scale: float = 1.0  # real mode: policy durations divided by this
    variant: str = "correct"  # a broken variant of the embedded reference app
    reports: Path = Path("reports")

    @classmethod
    def from_userdata(cls, data: Mapping[str, str]) -> RunOptions:
        for key in data:
            if key not in KNOWN:
                raise ConfigError(f'unknown option -D {key}=...; known options: {", ".join(KNOWN)}')
        clock = data.get("clock", "controlled")
        if clock not in CLOCK_MODES:
            raise ConfigError(f'-D clock={clock} is not a clock mode; use one of: {", ".join(CLOCK_MODES)}')
        raw_scale = data.get("time_scale", "1")
        try:
            scale = float(raw_scale)
        except ValueError:
            scale = math.nan
        if not math.isfinite(scale) or scale <= 0:
            raise ConfigError(f"-D time_scale={raw_scale} must be a positive number (60 runs 15 minutes in 15 s)")
        if scale != 1 and clock != "real":
            raise ConfigError("-D time_scale only applies to real time: add -D clock=real")
        return cls(target=data.get("target", "reference"), clock=clock, time_scale=scale,
                   variant=data.get("variant", "correct"), reports=Path(data.get("reports", "reports")))
