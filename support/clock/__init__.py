"""Virtual time: a TimeController moves every clock the system under test keeps, one backend per kind."""

from support.clock.backend import ClockBackend
from support.clock.controller import TimeController

__all__ = ["ClockBackend", "TimeController"]
