"""Lapse's embedded reference app: a small, real Flask app with server-side sessions and tokens whose
timeouts Lapse tests, plus deliberately broken variants (see `reference_app.variants`).

The app reads time only through `time.time()`, at call time, so freezegun (in-process) and libfaketime
(separate process) can move its clock; expiry is evaluated lazily on each request.
"""

__version__ = "1.0.0"
