"""The evidence model: a run holds scenarios, a scenario holds a timeline of events.

Plain dataclasses that serialise to JSON, so the report writers (HTML, JSON) and the tests read the same
thing. Every string placed here must already be redacted (see `support.evidence.redact`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EventKind = Literal[
    "policy",  # the policy in force was stated
    "sign-in",  # a user signed in (api or browser)
    "activity",  # a request or click that the app may count as activity
    "idle",  # virtual time passed with the user doing nothing
    "clock",  # a clock was moved, skewed or jumped
    "probe",  # signed in / signed out was asked; `outcome` holds the answer
    "replay",  # an old credential (cookie, token) was replayed in a fresh client
    "sign-out",  # the user signed out
    "note",  # anything else worth keeping
]

Outcome = Literal["signed in", "signed out", "could not tell"]


@dataclass
class Event:
    """One thing that happened, on both clocks."""

    virtual_s: float  # seconds of virtual time since the scenario started
    real_s: float  # seconds of real (wall) time since the scenario started
    kind: EventKind
    actor: str  # the user, or "clock" / "lapse"
    channel: str  # "api", "browser", "clock", ...
    action: str  # what was done: "POST /login", "advance 16 minutes"
    observation: str = ""  # what was seen: "303 → /dashboard; cookies set: session_id"
    outcome: Outcome | None = None  # probes only
    details: dict[str, Any] = field(default_factory=dict)  # method, path, status, location, cookies, ...
    screenshot: str | None = None  # path relative to the reports directory


@dataclass
class StepRecord:
    keyword: str
    text: str
    status: str  # passed / failed / error / skipped / undefined
    error: str | None = None
    table: list[list[str]] | None = None


@dataclass
class ScenarioRecord:
    feature: str
    feature_file: str
    name: str
    tags: list[str]
    status: str
    steps: list[StepRecord] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    policy: dict[str, str] = field(default_factory=dict)  # plain words: {"idle timeout": "15 minutes"}
    policy_source: str = ""  # "feature", "target" or "feature (overrides target)"
    duration_s: float = 0.0
    virtual_span_s: float = 0.0
    feature_description: str = ""
    feature_tags: list[str] = field(default_factory=list)


@dataclass
class RunRecord:
    run_id: str
    started_at: str  # ISO 8601, real clock
    finished_at: str = ""
    target: str = ""
    target_url: str = ""
    clock_mode: str = ""
    time_scale: float = 1.0
    variant: str = "correct"
    lapse_version: str = ""
    app_version: str = ""
    target_policy: dict[str, str] = field(default_factory=dict)
    scenarios: list[ScenarioRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
