"""The answer to "is this user signed in?": signed in, signed out, or an error (`CouldNotTell`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Answer(Enum):
    SIGNED_IN = "signed in"
    SIGNED_OUT = "signed out"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ProbeResult:
    answer: Answer
    seen: str  # what the server showed, in one line: "GET /dashboard → 302 /login?reason=expired"

    def __str__(self) -> str:
        return f"{self.answer} ({self.seen})"
