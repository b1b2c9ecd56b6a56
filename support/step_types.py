"""Converters for the words in step sentences (durations, channels), kept free of behave so they can be
tested alone; environment.py registers them with behave's parser."""

from __future__ import annotations

import re
from datetime import timedelta

from support.durations import parse_duration
from support.errors import ConfigError

CHANNEL_PATTERN = r"(?:through|over|in|via|using) the (?:browser|API|api)"
DURATION_PATTERN = r".+?"  # anything: a malformed duration must reach parse_duration for a clear message


def duration(text: str) -> timedelta:
    return parse_duration(text)


def channel(text: str) -> str:
    match = re.search(r"(browser|api)$", text.strip(), re.IGNORECASE)
    if match is None:
        raise ConfigError(f'unknown channel "{text}": say "through the browser" or "over the API"')
    return match.group(1).lower()
