#!/usr/bin/env bash
# Per-request figures of every step of the rush on the production topology (a fresh database, a small world):
#   bash bench/load/profile.sh                      wall/CPU ms and queries per step
#   PROFILE_STEP="entry page" bash bench/load/profile.sh   also a cProfile of that step
#   PROFILE_SQL="my entries" bash bench/load/profile.sh    also the SQL of that step
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${PROD_LOCAL_DB:-kmm_prod}
PG=postgres://root@127.0.0.1:5432/postgres
bash scripts/prod-local.sh stop >/dev/null
psql $PG -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
# A freshly migrated and seeded database is kept as a template: later runs copy it in a second.
if psql $PG -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}_tpl'" | grep -q 1; then
  psql $PG -qc "CREATE DATABASE \"$DB\" TEMPLATE \"${DB}_tpl\""
  bash scripts/prod-local.sh start >/dev/null
else
  bash scripts/prod-local.sh start >/dev/null
  bash scripts/prod-local.sh stop >/dev/null
  psql $PG -qc "CREATE DATABASE \"${DB}_tpl\" TEMPLATE \"$DB\""
fi
bash scripts/prod-local.sh stop >/dev/null  # the stores and the database stay; nothing else competes
S3_PORT=${S3_PORT:-9100}
RUN=$PWD/var/prod-local
.venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" >/dev/null 2>&1 &
MOTO=$!
trap 'kill $MOTO' EXIT
set -a; . "$RUN/env"; set +a
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break; sleep 0.2; done
.venv/bin/python - <<'PY'
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], aws_access_key_id="local",
                  aws_secret_access_key="local", region_name="us-east-1")
for name in (os.environ["S3_PRIVATE_BUCKET"], os.environ["S3_PUBLIC_BUCKET"]):
    s3.create_bucket(Bucket=name)
PY
TMP=$(mktemp -d)
export PROMETHEUS_MULTIPROC_DIR=$TMP/metrics; mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
export LOG_LEVEL=WARNING LOAD_WORLD=$TMP/world.json LOAD_VIDEO=$TMP/phim.mp4 LOAD_ENTRANTS=${PROFILE_ROUNDS:-6} LOAD_JUDGES=3
.venv/bin/python manage.py shell -c "from pathlib import Path; from tests.factories.media_files import make_video; make_video(Path('$LOAD_VIDEO'), seconds=2, size='1280x720', noise=True, tagged=False)" >/dev/null
.venv/bin/python manage.py shell -c "$(cat bench/load/prepare.py)" >/dev/null
.venv/bin/python manage.py shell -c "$(cat bench/load/profile_steps.py)"
rm -rf "$TMP"
