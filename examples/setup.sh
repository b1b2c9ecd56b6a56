#!/usr/bin/env bash
# Install and configure the third-party apps of targets/examples/ (see README, "Proven on real applications"):
#   django-admin  Django's own admin site (Django 5.2 from PyPI, in its own venv: examples/.venv-django), in the
#                 stock project `django-admin startproject` makes (examples/build/django) with Lapse's settings
#                 over it (examples/django/lapse_settings.py): 15 minutes idle.
#   redmine       Redmine 5 from Debian (apt: redmine, redmine-sqlite, ruby-webrick), in a Redmine instance of
#                 its own called "lapse" (/etc/redmine/lapse, database /var/lib/redmine/lapse/template.sqlite3):
#                 15 minutes idle, 8 hours absolute.
# Idempotent: installs and builds only what is missing. Every run (re)sets the test user's password from
# LAPSE_USERNAME (default "lapse") and LAPSE_PASSWORD; without LAPSE_PASSWORD a random one is set (and not
# shown), so pass the one you will run Lapse with. No secret is written to a file; the databases hold a hash.
# Each Lapse run starts an app on a copy of its database (examples/*/serve.sh), so runs never share state.
# Needs root (or sudo) for apt and for the Redmine instance; Debian 12 or later.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build="$here/build"
python=${PYTHON:-python3}
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
export LAPSE_USERNAME="${LAPSE_USERNAME:-lapse}"
if [ -z "${LAPSE_PASSWORD:-}" ]; then
  LAPSE_PASSWORD=$("$python" -c 'import secrets; print(secrets.token_urlsafe(18))')
  echo "setup: LAPSE_PASSWORD is not set: the test user gets a random password (run with LAPSE_PASSWORD set" \
       "to the one you will use)"
fi
export LAPSE_PASSWORD
setup_secret=$("$python" -c 'import secrets; print(secrets.token_hex(32))')  # for the set-up commands only
say() { echo "setup: $*"; }

# -- Debian packages -----------------------------------------------------------------------------------
missing=()
"$python" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
for package in redmine redmine-sqlite ruby-webrick; do
  dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (apt)"
  # Redmine's package creates a "default" instance through dbconfig-common: answer its questions up front.
  printf '%s\n' "redmine redmine/instances/default/dbconfig-install boolean true" \
                "redmine redmine/instances/default/database-type select sqlite3" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# -- Django: its own venv, the stock project, a template database with the test user -------------------
venv="$here/.venv-django"
if ! "$venv/bin/python" -c 'import django, sys; sys.exit(not (5, 2) <= django.VERSION[:2] < (6, 0))' 2>/dev/null; then
  say "Django 5.2 into $venv (PyPI)"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q 'Django>=5.2,<6'
fi
if [ ! -f "$build/django/manage.py" ]; then
  say "django-admin startproject lapse_site $build/django"
  mkdir -p "$build/django"
  "$venv/bin/django-admin" startproject lapse_site "$build/django"
fi
django() {
  DJANGO_SETTINGS_MODULE=lapse_settings PYTHONPATH="$here/django" LAPSE_DJANGO_DB="$build/django/template.sqlite3" \
  DJANGO_SECRET_KEY="$setup_secret" "$venv/bin/python" "$build/django/manage.py" "$@"
}
django migrate --no-input -v 0
django shell -v 0 -c "$(cat "$here/django/set_user.py")"
say "django-admin ready: $("$venv/bin/python" -m django --version), user $LAPSE_USERNAME"

# -- Redmine: an instance "lapse" of Debian's Redmine, a template database with the settings and the user --
redmine=/usr/share/redmine
instance=/etc/redmine/lapse
if [ ! -d "$instance" ]; then
  say "Redmine instance lapse (redmine-instances create lapse)"
  $sudo "$redmine/bin/redmine-instances" create lapse
fi
if [ ! -f "$instance/database.yml" ]; then
  $sudo tee "$instance/database.yml" >/dev/null <<'YAML'
# Written by Lapse's examples/setup.sh: the template database of the instance "lapse". Lapse runs Redmine on a
# copy of it (examples/redmine/serve.sh passes DATABASE_URL, which wins over this file).
production:
  adapter: sqlite3
  database: /var/lib/redmine/lapse/template.sqlite3
YAML
fi
mkdir -p "$build/redmine"
gemfile="$build/redmine/Gemfile"
if [ ! -f "$gemfile" ]; then  # Debian's Redmine Gemfile, plus webrick (Ruby 3 no longer ships it)
  printf 'eval_gemfile "%s/Gemfile"\ngem "webrick"\n' "$redmine" > "$gemfile"
fi
rails() {
  (cd "$redmine" && BUNDLE_GEMFILE="$gemfile" RAILS_ENV=production X_DEBIAN_SITEID=lapse REDMINE_LANG=en \
   SECRET_KEY_BASE="$setup_secret" ruby bin/rails "$@")
}
rails runner "$here/redmine/configure.rb"
say "redmine ready: Redmine $(sed -n 's/^ *\(MAJOR\|MINOR\|TINY\) *= *\([0-9]*\).*/\2/p' "$redmine/lib/redmine/version.rb" | paste -sd.), user $LAPSE_USERNAME"
