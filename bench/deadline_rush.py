"""The last minutes before a deadline: many entrants entering, uploading and submitting at once, on loopback
against PostgreSQL. Every entrant double-clicks (two "enter" requests with one key, two "submit" requests).

Prints requests per second, p50/p95 latency per step, errors, and checks the database afterwards:
zero 5xx, zero duplicate entries or files, zero lost entries (every entrant ends with exactly one submitted
entry holding exactly one file).

    .venv/bin/python bench/deadline_rush.py [--entrants 200] [--concurrency 32] [--server gunicorn|runserver]
    (--server gunicorn, the default, is `make run`'s server with its worker and thread counts;
    runserver is Django's threaded development server that earlier figures were measured on)
    (PostgreSQL at BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/kmm_bench_rush, recreated)
"""

import argparse
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
CSRF = "c" * 32
SETTINGS = """
from cms.settings import *  # noqa


class _NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
if "django.contrib.postgres" not in INSTALLED_APPS:  # wagtail's search index needs it on PostgreSQL
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]
"""


# Django's threaded development server, with a listen backlog that holds the whole rush (the default of 10
# refuses connections before the application ever sees them).
SERVER = """
import sys
import django
django.setup()
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler, get_internal_wsgi_application


class Server(ThreadedWSGIServer):
    request_queue_size = 1024


server = Server(("127.0.0.1", int(sys.argv[1])), WSGIRequestHandler)
server.set_app(get_internal_wsgi_application())
server.serve_forever()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict, entrants: int) -> dict:
    code = f"""
import django, json
django.setup()
from datetime import timedelta
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from contest.enums import ContestKind, MediaKind, Role
from contest.models import Campaign, Contest, Division, User
campaign = Campaign.objects.create(name="Bench", slug="bench", code="KMM",
    starts_on=timezone.localdate(), ends_on=timezone.localdate() + timedelta(days=30))
division = Division.objects.create(campaign=campaign, name="THCS", min_age=11, max_age=15)
contest = Contest.objects.create(campaign=campaign, kind=ContestKind.VIDEO, title="Video", slug="video",
    code="VID", accepted_media_kinds=[MediaKind.VIDEO], max_file_bytes=50 * 1024 * 1024,
    opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(hours=1))
contest.divisions.add(division)
born = timezone.localdate().replace(year=timezone.localdate().year - 13, day=1)
users = User.objects.bulk_create([User(email=f"e{{n}}@bench.example", role=Role.ENTRANT, date_of_birth=born,
    password="!") for n in range({entrants})])
sessions = []
for user in users:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({{"contest": contest.pk, "sessions": sessions}}))
"""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = defaultdict(int)

    def call(self, step, fn, *args, **kwargs):
        began = time.perf_counter()
        try:
            response = fn(*args, **kwargs)
            code = response.status_code
        except requests.RequestException:
            response, code = None, 0
        with self.lock:
            self.latency[step].append(time.perf_counter() - began)
            self.status[code] += 1
        return response


def one_entrant(base: str, contest: int, session_key: str, rec: Recorder, pool: ThreadPoolExecutor) -> None:
    http = requests.Session()
    http.cookies.set("sessionid", session_key)
    http.cookies.set("csrftoken", CSRF)
    http.headers["X-CSRFToken"] = CSRF
    key = str(uuid.uuid4())
    enter_url = f"{base}/bai-du-thi/du-thi/{contest}/"
    # Two clicks on "enter": same idempotency key, sent at the same time on two connections.
    twin = requests.Session()
    twin.cookies.update(http.cookies)
    twin.headers.update(http.headers)
    second = pool.submit(
        rec.call, "enter", twin.post, enter_url, data={"idempotency_key": key}, allow_redirects=False
    )
    first = rec.call("enter", http.post, enter_url, data={"idempotency_key": key}, allow_redirects=False)
    second.result()
    if first is None or first.status_code != 302:
        return
    entry_id = first.headers["Location"].rstrip("/").split("/")[-1]
    data = os.urandom(200_000)
    started = rec.call(
        "upload_start",
        http.post,
        f"{base}/bai-du-thi/{entry_id}/tai-len/",
        data={"name": "phim.mp4", "size": len(data), "client_key": str(uuid.uuid4())},
    )
    if started is None or started.status_code != 200:
        return
    session = started.json()
    rec.call(
        "upload_chunk",
        http.put,
        f"{base}/tai-len/{session['id']}/?offset=0",
        data=data,
        headers={"Content-Type": "application/octet-stream"},
    )
    checksum = hashlib.sha256(hashlib.sha256(data).digest()).hexdigest()
    rec.call(
        "upload_complete", http.post, f"{base}/tai-len/{session['id']}/hoan-tat/", data={"checksum": checksum}
    )
    submit_url = f"{base}/bai-du-thi/{entry_id}/nop/"
    second = pool.submit(rec.call, "submit", twin.post, submit_url, allow_redirects=False)
    rec.call("submit", http.post, submit_url, allow_redirects=False)
    second.result()


def check_database(url: str, entrants: int) -> dict:
    with psycopg.connect(url) as conn:
        per_lead = conn.execute(
            "SELECT lead_entrant_id, count(*), min(state), max(version) FROM submissions_entry GROUP BY 1"
        ).fetchall()
        assets = dict(
            conn.execute("SELECT entry_id, count(*) FROM submissions_mediaasset GROUP BY 1").fetchall()
        )
        events = dict(
            conn.execute(
                "SELECT entry_id, count(*) FROM submissions_entryevent WHERE to_state = 'submitted' GROUP BY 1"
            ).fetchall()
        )
        entries = dict(conn.execute("SELECT lead_entrant_id, id FROM submissions_entry").fetchall())
        codes = conn.execute("SELECT count(*), count(DISTINCT code) FROM submissions_entry").fetchone()
    duplicates = sum(1 for _lead, count, _s, _v in per_lead if count > 1)
    duplicates += sum(1 for count in assets.values() if count > 1)
    duplicates += sum(1 for count in events.values() if count > 1)
    duplicates += codes[0] - codes[1]
    submitted = sum(1 for _lead, count, state, _v in per_lead if count == 1 and state == "submitted")
    with_file = sum(1 for entry_id in entries.values() if assets.get(entry_id) == 1)
    return {
        "entries": codes[0],
        "submitted": submitted,
        "with_one_file": with_file,
        "duplicates": duplicates,
        "lost": entrants - min(submitted, with_file),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entrants", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://root@127.0.0.1:5432/kmm_bench_rush")
    recreate_database(url)
    with tempfile.TemporaryDirectory(prefix="kmm-rush-") as tmp:
        Path(tmp, "bench_settings.py").write_text(SETTINGS)
        env = {
            **os.environ,
            "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "VAR_DIR": tmp,
            "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": "0",
            "TASKS_BACKEND": "dummy",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DJANGO_DEBUG": "0",
            "LOG_LEVEL": "ERROR",
        }
        env.pop("S3_PRIVATE_BUCKET", None)
        info = prepare(env, args.entrants)
        port = free_port()
        command = [sys.executable, "-c", SERVER, str(port)]
        if args.server == "gunicorn":
            command = [
                *(sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}"),
                *("--workers", os.environ.get("WEB_CONCURRENCY", "2")),
                *("--threads", os.environ.get("WEB_THREADS", "16")),
                *("--timeout", "120", "--keep-alive", "30", "--backlog", "2048"),
                *("--graceful-timeout", "5", "--no-control-socket"),
            ]
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    requests.get(f"{base}/bai-du-thi/", timeout=1, allow_redirects=False)
                    break
                except requests.RequestException:
                    time.sleep(0.1)
            rec = Recorder()
            began = time.perf_counter()
            with (
                ThreadPoolExecutor(max_workers=args.concurrency) as pool,
                ThreadPoolExecutor(max_workers=args.concurrency) as twins,
            ):
                futures = [
                    pool.submit(one_entrant, base, info["contest"], key, rec, twins)
                    for key in info["sessions"]
                ]
                for future in futures:
                    future.result()
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
    outcome = check_database(url, args.entrants)
    total = sum(rec.status.values())
    print(
        f"server {args.server}, entrants {args.entrants}, client concurrency {args.concurrency}, "
        f"{total} requests in {elapsed:.1f} s"
    )
    for step, values in rec.latency.items():
        values = sorted(values)
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(
            f"  {step:16s} n={len(values):5d}  p50 {statistics.median(values) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"
        )
    print("  status codes:", dict(sorted(rec.status.items())))
    print("  database:", outcome)
    all_latency = sorted(v for values in rec.latency.values() for v in values)
    server_errors = sum(count for code, count in rec.status.items() if code >= 500 or code == 0)
    print(
        f"SUMMARY deadline_rush: {total / elapsed:.0f} req/s, p50 {statistics.median(all_latency) * 1000:.0f} ms, "
        f"p95 {all_latency[int(len(all_latency) * 0.95) - 1] * 1000:.0f} ms, 5xx {server_errors}, "
        f"duplicates {outcome['duplicates']}, lost {outcome['lost']}"
    )


if __name__ == "__main__":
    main()
