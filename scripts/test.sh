#!/usr/bin/env bash
# The whole test command: system tools, lint, checks, then pytest on PostgreSQL with an S3 server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

need_apt=()
command -v exiftool >/dev/null || need_apt+=(libimage-exiftool-perl)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || need_apt+=(tesseract-ocr-vie)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} (Debian packages)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# PostgreSQL runs on these machines; start it if it stopped.
PGHOST_ADDR=${PGHOST_ADDR:-127.0.0.1}
if ! pg_isready -q -h "$PGHOST_ADDR" -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST_ADDR" -p 5432 && break; sleep 1; done
fi
# The Celery crash test needs RabbitMQ (broker) and Redis (results); these machines run both, start them if not.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! port_open 5672 && command -v rabbitmq-server >/dev/null; then
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do port_open 5672 && break; sleep 1; done
fi
if ! port_open 6379 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi

export DATABASE_URL=${TEST_DATABASE_URL:-postgres://root@${PGHOST_ADDR}:5432/kmm}
DB_NAME=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$DB_NAME\""
export VAR_DIR=${VAR_DIR:-$(mktemp -d /tmp/kmm-test-var.XXXXXX)}

echo "== ruff"
$BIN/ruff check .
echo "== makemigrations --check"
$BIN/python manage.py makemigrations --check --dry-run
echo "== check"
$BIN/python manage.py check --fail-level WARNING
echo "== check --deploy (production settings)"
DJANGO_PRODUCTION=1 DJANGO_SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  DJANGO_ALLOWED_HOSTS=khongmotminh.example $BIN/python manage.py check --deploy --fail-level WARNING

# An S3-compatible server (moto in server mode) for the run, over HTTP, stopped afterwards.
S3_PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$BIN/moto_server -H 127.0.0.1 -p "$S3_PORT" >"$VAR_DIR/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break
  sleep 0.2
done
export TEST_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"

echo "== pytest"
$BIN/python -m pytest "$@"
