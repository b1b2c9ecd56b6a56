"""Django settings for Lapse's `django-admin` example: the project `django-admin startproject lapse_site` made
(examples/build/django, by examples/setup.sh), with what a team would set for a 15-minute idle policy on top.

Django ends a session when its expiry date has passed. `SESSION_COOKIE_AGE` is that age in seconds and
`SESSION_SAVE_EVERY_REQUEST` renews it on every request, which makes it an idle timeout. Django has no
absolute lifetime. The environment (set by the target file, targets/examples/django-admin*.toml) can change
both, which is how the misconfigured twin is made.
"""

import os

from lapse_site.settings import *  # noqa: F403  (the stock settings startproject wrote)

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # made up per run by Lapse ({random_secret}); the file's is not used
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["LAPSE_DJANGO_DB"]}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"  # server-side sessions: a replayed cookie can be refused
SESSION_COOKIE_AGE = int(os.environ.get("LAPSE_DJANGO_SESSION_COOKIE_AGE", "900"))  # 15 minutes
SESSION_SAVE_EVERY_REQUEST = os.environ.get("LAPSE_DJANGO_SESSION_SAVE_EVERY_REQUEST", "true") == "true"
