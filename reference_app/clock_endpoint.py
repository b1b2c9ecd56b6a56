"""The test clock endpoint: `PUT /_lapse/clock {"offset": seconds}` moves the app's clock (Lapse's http
clock backend speaks to it; Keycloak's test suite has the same idea).

It exists only when the app's `clock_secret` is set (`LAPSE_APP_CLOCK_SECRET`), and every request must carry
that secret in `X-Lapse-Clock-Secret`: without it the answer is 403 and nothing changes. `GET` reads the
offset and the app's current time.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.wrappers import Response

from reference_app.context import services
from reference_app.csrf import same_secret

PATH = "/_lapse/clock"
SECRET_HEADER = "X-Lapse-Clock-Secret"
MAX_OFFSET_S = 10 * 366 * 24 * 3600.0

bp = Blueprint("test_clock", __name__)


@bp.route(PATH, methods=["GET", "PUT"])
def test_clock() -> Response:
    ctx = services()
    if not same_secret(ctx.settings.clock_secret or "", request.headers.get(SECRET_HEADER)):
        return _answer(403, error=f"the test clock needs the shared secret in {SECRET_HEADER}")
    if request.method == "PUT":
        body: Any = request.get_json(silent=True)
        offset = body.get("offset") if isinstance(body, dict) else None
        if isinstance(offset, bool) or not isinstance(offset, int | float) or not math.isfinite(offset) \
                or abs(offset) > MAX_OFFSET_S:
            return _answer(400, error='expected JSON {"offset": <seconds, at most ten years either way>}')
        ctx.clock.offset = float(offset)
    return _answer(200, offset=ctx.clock.offset, now=ctx.clock.now())


def _answer(status: int, **fields: object) -> Response:
    response = jsonify(fields)
    response.status_code = status
    return response
