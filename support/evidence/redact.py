"""Keep secrets out of evidence: every value Lapse learns is a secret is blanked wherever it appears.

Two nets: secrets registered as they are seen (passwords, cookie values, tokens), replaced verbatim; and
patterns for secret-shaped text that was never registered (bearer tokens, `password=` fields, cookie headers).
"""

from __future__ import annotations

import re
import threading

MASK = "«redacted»"
_MIN_SECRET_LEN = 4  # shorter values would blank ordinary words

_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"(?i)((?:password|passwd|secret|token|csrf_token|access_token|refresh_token)[\"']?\s*[=:]\s*[\"']?)"
               r"[^\s&\"',;}]+"),
    re.compile(r"(?i)((?:set-)?cookie:\s*[^=;\s]+=)[^;\s]+"),
]


class Redactor:
    """A set of known secrets plus the patterns above."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def register(self, *secrets: str | None) -> None:
        """Remember values that must never be written out."""
        with self._lock:
            for secret in secrets:
                if secret and len(secret) >= _MIN_SECRET_LEN:
                    self._secrets.add(secret)

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: m.group(1) + MASK, text)
        return text


redact = Redactor()
"""The process-wide redactor: channels register what they see, writers pass all text through it."""
