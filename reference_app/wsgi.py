"""WSGI entry point (`gunicorn reference_app.wsgi:app`), configured from LAPSE_APP_* variables.

Sessions live in process memory unless LAPSE_APP_REDIS_URL names a Redis, and the default secret key is random
per process: run one worker, or set LAPSE_APP_SECRET_KEY and LAPSE_APP_REDIS_URL before adding more.
"""

import os

from reference_app.app import create_app
from reference_app.settings import AppSettings

app = create_app(AppSettings.from_env(os.environ))
