"""Lapse's embedded reference app: a small, real Flask app with server-side sessions and tokens whose
timeouts Lapse tests, plus deliberately broken variants (see `reference_app.variants`).

The app reads time only through `AppClock.now()` (`time.time()` at call time, plus the test clock's offset), so
freezegun (in-process), libfaketime (separate process) and the test clock endpoint can move its clock; expiry is
evaluated lazily on each request.
"""

__version__ = "1.0.0"
