#!/usr/bin/env bash
# The whole production stack on one machine: PostgreSQL, Redis, gunicorn web workers and the Celery
# worker (with its schedule), as a trust would run them, on loopback. Data lives in var/production/
# (the database cluster, the secret key and the encryption key, made on first run). Ctrl+C stops all.
#
#   make production                      # 2 web workers on http://127.0.0.1:8000/
#   WEB_WORKERS=4 PORT=8080 make production
#   SEED_DEMO=1 make production          # with the demo organisations and people
#   SEED_SCALE=1 make production         # with a large trust's data (manage.py seed_scale)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROOT="$PWD/var/production"
PG_PORT="${PG_PORT:-54330}"
REDIS_PORT="${REDIS_PORT:-63790}"
PORT="${PORT:-8000}"
WEB_WORKERS="${WEB_WORKERS:-2}"
PY=.venv/bin/python
mkdir -p "$ROOT"

need=()
PG_BIN=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' -printf '%h\n' 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$PG_BIN" ] || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
	echo "Installing ${need[*]} from Debian's packages"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	PG_BIN=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' -printf '%h\n' | sort -V | tail -n 1)
fi

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$ROOT/pg/PG_VERSION" ]; then
	mkdir -p "$ROOT/pg"
	[ "$(id -u)" = 0 ] && chown postgres: "$ROOT/pg"
	as_postgres "$PG_BIN/initdb" -D "$ROOT/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
[ -f "$ROOT/secret_key" ] || $PY -c "import secrets; print(secrets.token_urlsafe(50))" >"$ROOT/secret_key"
[ -f "$ROOT/encryption_key" ] || $PY -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" >"$ROOT/encryption_key"
chmod 600 "$ROOT/secret_key" "$ROOT/encryption_key"

pids=()
stop() {
	trap - EXIT INT TERM
	echo "Stopping the stack"
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	as_postgres "$PG_BIN/pg_ctl" -D "$ROOT/pg" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop EXIT INT TERM

as_postgres "$PG_BIN/pg_ctl" -D "$ROOT/pg" -l "$ROOT/pg/postgres.log" -w \
	-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=200" start >/dev/null
as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='attune'" |
	grep -q 1 || as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres attune
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$ROOT" --save 60 1 --appendonly no >"$ROOT/redis.log" 2>&1 &
pids+=($!)

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/attune"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
SECRET_KEY=$(cat "$ROOT/secret_key")
ATTUNE_ENCRYPTION_KEYS=$(cat "$ROOT/encryption_key")
export SECRET_KEY ATTUNE_ENCRYPTION_KEYS
export DEBUG=0 SECURE_COOKIES=0 LOG_FORMAT=json DB_CONN_MAX_AGE=60 ALLOWED_HOSTS="127.0.0.1,localhost"
export SITE_URL="http://127.0.0.1:$PORT"

$PY manage.py migrate --noinput >/dev/null
$PY manage.py collectstatic --noinput >/dev/null
if [ "${SEED_DEMO:-0}" = 1 ]; then $PY manage.py seed_demo >/dev/null; fi
# A large trust's worth of data, for load tests (once; a few minutes).
if [ "${SEED_SCALE:-0}" = 1 ]; then $PY manage.py seed_scale; fi

.venv/bin/celery -A attune worker --beat --concurrency 2 --loglevel INFO \
	--schedule "$ROOT/celerybeat-schedule" >"$ROOT/worker.log" 2>&1 &
pids+=($!)
.venv/bin/gunicorn attune.wsgi --config scripts/gunicorn.conf.py --bind "127.0.0.1:$PORT" --workers "$WEB_WORKERS" --threads 4 \
	--graceful-timeout 20 >"$ROOT/web.log" 2>&1 &
web=$!
pids+=($web)

for _ in $(seq 1 60); do
	curl -fsS "http://127.0.0.1:$PORT/health/" >/dev/null 2>&1 && break
	sleep 0.5
done
echo "Attune (production profile) is at http://127.0.0.1:$PORT/ with $WEB_WORKERS web workers and a worker."
echo "Logs: $ROOT/{web,worker,redis}.log and $ROOT/pg/postgres.log. Health: curl http://127.0.0.1:$PORT/health/"
# The stack runs as long as the web server does: pages keep working if Redis or the worker stops (email
# waits in the outbox), and the health check says so.
wait "$web"
