#!/bin/sh
# Start the django-admin example for one Lapse run (targets/examples/django-admin*.toml):
#   serve.sh PORT RUN_DIR
# on a copy of the template database examples/setup.sh built, in RUN_DIR (Lapse's folder for this run, removed
# afterwards), so runs never share sessions. Lapse runs this under libfaketime; the environment it passes
# (DJANGO_SECRET_KEY, LAPSE_DJANGO_SESSION_*) reaches Django's settings (lapse_settings.py).
# runserver: --noreload (one process, whose clock Lapse moves), --insecure (the admin's CSS with DEBUG off).
set -eu
port=$1 run=$2
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build/django
if [ ! -f "$build/template.sqlite3" ]; then
  echo "django-admin is not set up: run examples/setup.sh (or make examples)" >&2
  exit 1
fi
cp "$build/template.sqlite3" "$run/django.sqlite3"
export LAPSE_DJANGO_DB="$run/django.sqlite3" DJANGO_SETTINGS_MODULE=lapse_settings PYTHONPATH="$here"
exec "$here/../.venv-django/bin/python" "$build/manage.py" runserver "127.0.0.1:$port" --noreload --insecure
