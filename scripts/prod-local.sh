#!/usr/bin/env bash
# The production topology on one machine, with production settings: gunicorn (several Uvicorn workers), PostgreSQL,
# Redis (cache, sessions and the live streams' channel layer), an S3-compatible server, Celery workers on RabbitMQ (a media queue and a default
# queue, Celery's default prefork pool) and Celery beat.
#
#   scripts/prod-local.sh start     start everything (idempotent), print the URL
#   scripts/prod-local.sh stop      stop everything cleanly (SIGTERM, then wait)
#   scripts/prod-local.sh status    what runs
#
# Everything it starts keeps its pid, log and state under var/prod-local/. The environment it exports is
# written to var/prod-local/env: the same variables a deployment sets (README, "Production").
# The S3 server here is moto's, standing in for AWS S3, MinIO or a Vietnamese cloud's S3 service.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin
RUN=$PWD/var/prod-local
mkdir -p "$RUN"
WEB_PORT=${WEB_PORT:-8100}
S3_PORT=${S3_PORT:-9100}
WEB_WORKERS=${WEB_WORKERS:-4}
WEB_THREADS=${WEB_THREADS:-8}
# Database connections per web process, shared by its threads (a pool; 0: one persistent connection per thread).
# Django keeps a connection from a request's first query to its end, S3 calls included, so a pool smaller
# than WEB_THREADS makes threads wait with PostgreSQL idle (the rush's load run: a dozen threads waiting on a
# pool of 4). The pool still bounds the total: WEB_WORKERS x WEB_DB_POOL, 32 here, under max_connections.
WEB_DB_POOL=${WEB_DB_POOL:-$WEB_THREADS}
MEDIA_CONCURRENCY=${MEDIA_CONCURRENCY:-2}
DEFAULT_CONCURRENCY=${DEFAULT_CONCURRENCY:-2}
# Workers share this machine's cores with the web processes (production puts them elsewhere): they run at a
# lower CPU priority, and FFmpeg, started by the media worker, inherits it. 0 turns it off. `--detach` puts
# each worker in a session of its own, and where the kernel groups sessions for scheduling (autogroup) a
# process's nice only counts inside its group: the group's own nice is lowered too (lower_group below).
WORKER_NICE=${WORKER_NICE:-10}
DB_NAME=${PROD_LOCAL_DB:-kmm_prod}
# Another broker (or a RabbitMQ vhost of its own) keeps a second copy's workers, or a test's, off this one's tasks.
BROKER_URL=${PROD_LOCAL_BROKER_URL:-amqp://guest:guest@127.0.0.1:5672//}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
# The scheduling group (autogroup) of a detached worker at WORKER_NICE: with it at 0, the kernel shares the
# cores half and half between the web's group and the workers' whatever their nice, and under the rush's
# transcoding the web got 0.6 of 2 cores. Nothing to do where autogroup is off or absent.
lower_group() {
  [ "$WORKER_NICE" != 0 ] || return 0
  for _ in $(seq 1 50); do [ -s "$1" ] && break; sleep 0.1; done
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  [ -w "/proc/$pid/autogroup" ] && echo "$WORKER_NICE" >"/proc/$pid/autogroup" 2>/dev/null
  return 0
}

write_env() {
  [ -f "$RUN/secret" ] || $BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$RUN/secret"
  [ -f "$RUN/helpline.keys" ] || $BIN/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' >"$RUN/helpline.keys"
  chmod 600 "$RUN/secret" "$RUN/helpline.keys"
  cat >"$RUN/env" <<ENV
DJANGO_PRODUCTION=1
DJANGO_SECRET_KEY=$(cat "$RUN/secret")
DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1
DJANGO_CSRF_TRUSTED_ORIGINS=http://localhost:$WEB_PORT,http://127.0.0.1:$WEB_PORT
DJANGO_SECURE_SSL_REDIRECT=0
DJANGO_SECURE_COOKIES=0
DJANGO_HSTS_SECONDS=0
SITE_URL=http://localhost:$WEB_PORT
PORT=$WEB_PORT
VAR_DIR=$RUN/var
DATABASE_URL=postgres://root@127.0.0.1:5432/$DB_NAME
REDIS_URL=redis://127.0.0.1:6379/2
TASKS_BACKEND=celery
CELERY_BROKER_URL=$BROKER_URL
CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/3
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_PRIVATE_BUCKET=kmm-private
S3_PUBLIC_BUCKET=kmm-public
S3_ACCESS_KEY_ID=local
S3_SECRET_ACCESS_KEY=local
HELPLINE_KEYS=$(cat "$RUN/helpline.keys")
PROMETHEUS_MULTIPROC_DIR=$RUN/metrics
LOG_FORMAT=json
ENV
}

start() {
  write_env
  set -a; . "$RUN/env"; set +a
  mkdir -p "$VAR_DIR" "$PROMETHEUS_MULTIPROC_DIR"
  pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  psql postgres://root@127.0.0.1:5432/postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
    || psql postgres://root@127.0.0.1:5432/postgres -qc "CREATE DATABASE \"$DB_NAME\""
  port_open 6379 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  if ! port_open 5672; then rabbitmq-server -detached; for _ in $(seq 1 60); do port_open 5672 && break; sleep 1; done; fi
  if ! alive s3; then
    $BIN/moto_server -H 127.0.0.1 -p "$S3_PORT" >>"$RUN/s3.log" 2>&1 &
    echo $! >"$RUN/s3.pid"
    for _ in $(seq 1 50); do port_open "$S3_PORT" && break; sleep 0.2; done
  fi
  $BIN/python - <<'PY'
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], aws_access_key_id="local",
                  aws_secret_access_key="local", region_name="us-east-1")
have = {b["Name"] for b in s3.list_buckets()["Buckets"]}
for name in (os.environ["S3_PRIVATE_BUCKET"], os.environ["S3_PUBLIC_BUCKET"]):
    if name not in have:
        s3.create_bucket(Bucket=name)
s3.put_bucket_versioning(Bucket=os.environ["S3_PRIVATE_BUCKET"], VersioningConfiguration={"Status": "Enabled"})
PY
  $BIN/python manage.py migrate --noinput -v0
  $BIN/python manage.py collectstatic --noinput -v0
  $BIN/python manage.py seed_demo --quiet-logins
  alive media || nice -n "$WORKER_NICE" $BIN/celery -A cms worker -Q media -c "$MEDIA_CONCURRENCY" -n "media@%h" -l INFO \
    --detach --pidfile "$RUN/media.pid" --logfile "$RUN/media.log"
  alive default || nice -n "$WORKER_NICE" $BIN/celery -A cms worker -Q default -c "$DEFAULT_CONCURRENCY" -n "default@%h" -l INFO \
    --detach --pidfile "$RUN/default.pid" --logfile "$RUN/default.log"
  lower_group "$RUN/media.pid"
  lower_group "$RUN/default.pid"
  alive beat || $BIN/celery -A cms beat -l INFO --schedule "$RUN/beat-schedule" \
    --detach --pidfile "$RUN/beat.pid" --logfile "$RUN/beat.log"
  # Uvicorn workers serve cms.asgi: live streams as async views, every other URL in WEB_THREADS threads (a2wsgi).
  # --keep-alive 75: an idle connection costs the event loop a socket, and a client that sends just as the server
  # closes it gets a reset (seen in the load run at 30 s, where judges and visitors pause 30-60 s); 75 s is above
  # their pauses and above the 60 s a proxy in front keeps its upstream connections.
  alive web || DATABASE_POOL_SIZE=$WEB_DB_POOL WEB_THREADS="$WEB_THREADS" $BIN/gunicorn cms.asgi:application -k uvicorn_worker.UvicornWorker \
    --bind "127.0.0.1:$WEB_PORT" --workers "$WEB_WORKERS" --timeout 120 --graceful-timeout 30 --keep-alive 75 --max-requests 2000 --max-requests-jitter 200 \
    --daemon --pid "$RUN/web.pid" --access-logfile "$RUN/web-access.log" --error-logfile "$RUN/web.log"
  for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$WEB_PORT/readyz?format=json" && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$WEB_PORT/readyz?format=json" >/dev/null || { echo "not ready: see $RUN/web.log"; exit 1; }
  echo "Production topology on http://localhost:$WEB_PORT (env: $RUN/env; logs: $RUN/*.log)"
}

stop() {
  # Web first (no new work), then beat, then the workers (each finishes or gives back its running job).
  for name in web beat default media s3; do
    if alive "$name"; then
      kill -TERM "$(cat "$RUN/$name.pid")"
      for _ in $(seq 1 120); do alive "$name" || break; sleep 0.5; done
      alive "$name" && kill -KILL "$(cat "$RUN/$name.pid")"
    fi
    rm -f "$RUN/$name.pid"
  done
  rm -rf "$RUN/metrics"
  echo "stopped"
}

status() {
  for name in web media default beat s3; do
    if alive "$name"; then echo "$name: running (pid $(cat "$RUN/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
