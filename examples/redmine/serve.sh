#!/bin/sh
# Start the redmine example for one Lapse run (targets/examples/redmine*.toml):
#   serve.sh PORT RUN_DIR
# Debian's Redmine, instance "lapse" (made by examples/setup.sh), on a copy of its template database in RUN_DIR
# (Lapse's folder for this run, removed afterwards), so runs never share sessions or settings. The session
# settings of this run come from LAPSE_REDMINE_SESSION_TIMEOUT and LAPSE_REDMINE_SESSION_LIFETIME (minutes;
# default 15 and 480). Lapse runs this under libfaketime. WEBrick, one process; its pid file in RUN_DIR (a
# stale one would stop the next start); its log on stdout (Lapse keeps it for error messages).
set -eu
port=$1 run=$2
here=$(cd "$(dirname "$0")" && pwd)
template=/var/lib/redmine/lapse/template.sqlite3
gemfile=$here/../build/redmine/Gemfile
if [ ! -f "$template" ] || [ ! -f "$gemfile" ]; then
  echo "redmine is not set up: run examples/setup.sh (or make examples)" >&2
  exit 1
fi
cp "$template" "$run/redmine.sqlite3"
ruby -rsqlite3 "$here/session_settings.rb" "$run/redmine.sqlite3" \
  "${LAPSE_REDMINE_SESSION_TIMEOUT:-15}" "${LAPSE_REDMINE_SESSION_LIFETIME:-480}"
export DATABASE_URL="sqlite3:$run/redmine.sqlite3" BUNDLE_GEMFILE="$gemfile" RAILS_ENV=production \
       X_DEBIAN_SITEID=lapse RAILS_LOG_TO_STDOUT=1
cd /usr/share/redmine
exec ruby bin/rails server -u webrick -b 127.0.0.1 -p "$port" -P "$run/redmine.pid" --config "$here/config.ru"
