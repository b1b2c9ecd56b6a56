"""Lapse: session-timeout policies in plain language, proven against real apps.

The engine behind the step library. Nothing in this package imports behave: it can be driven from
pytest, the `lapse` command or any other runner.
"""

__version__ = "0.1.0"
