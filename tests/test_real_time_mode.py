"""Real-time mode gives the verdicts controlled clocks give: a small suite with a 15-minute policy, run at
`-D time_scale=300` (15 minutes in 3 real seconds, nothing faked) and with the freezegun clock, on the correct
app and on two broken variants. About 30 s of real waiting (49 policy minutes per run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lapse_process_helpers import behave_statuses

SUITE = "tests/fixtures/real_time/scaled.feature"
SCALE = "300"
EXPECTED_FAILURE = {
    "correct": None,
    "no_sliding": "Activity every 10 minutes keeps the session",
    "server_never_expires": "Idle for 16 minutes must sign in again",
}


@pytest.mark.parametrize("variant", sorted(EXPECTED_FAILURE))
def test_real_time_and_controlled_clocks_agree(variant: str, tmp_path: Path) -> None:
    _, controlled = behave_statuses("reference", variant, tmp_path / "controlled", SUITE)
    _, real = behave_statuses("reference", variant, tmp_path / "real", SUITE, "-D", "clock=real",
                              "-D", f"time_scale={SCALE}")
    assert len(controlled) == 3
    assert real == controlled
    failed = [name for name, status in controlled.items() if status != "passed"]
    expected = EXPECTED_FAILURE[variant]
    assert failed == ([expected] if expected else []), controlled
