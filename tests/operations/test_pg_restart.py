"""Fault drill (issue 15): PostgreSQL restarted in the middle of the deadline rush.

A PostgreSQL cluster of the test's own (never the shared one), migrated; the site under gunicorn as `make run`
starts it (DEBUG off, persistent connections, sessions in the database); a mini-rush of pupils who enter
(with an idempotency key), upload a real video in chunks, complete and submit (twice, a double click), each
retrying a failed request as upload.js does — same idempotency key, same upload key, the offset the server
says. The cluster is restarted twice while they send: `pg_ctl restart -m fast` (every connection cut, back
at once), then a restart that stays down three seconds.

What must hold: no answer is a 500 — a request the database cut is a 503 with Retry-After (the operations
page); after the rush every pupil has exactly one submitted entry holding her file (checksum), none doubled,
no upload left half-done; and the site reconnects by itself (readiness is 200 again without a restart)."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.factories.entries import make_video
from tests.operations.faults import PostgresCluster, free_port, web_command

ROOT = Path(settings.BASE_DIR)
CSRF = "c" * 32
PUPILS = 30
CHUNK = 128 * 1024


def _manage(env: dict, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class Rush:
    """The pupils' clients and what they saw."""

    def __init__(self, base: str, contest: int, video: bytes):
        self.base = base
        self.contest = contest
        self.video = video
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.server_errors = []
        self.missing_retry_after = []
        self.retries = 0
        self.connection_errors = 0
        self.uploading = 0
        self.done = []
        self.gave_up = []

    def _record(self, response) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code == 503 and not response.headers.get("Retry-After"):
                self.missing_retry_after.append(response.request.url)
            if response.status_code >= 500 and response.status_code != 503:
                self.server_errors.append(
                    (response.request.method, response.request.url, response.status_code)
                )

    def call(self, http, method: str, path: str, *, ok, **kwargs):
        """One step, retried like upload.js: on a dropped connection or a 5xx, wait and send the same again."""
        for attempt in range(60):
            try:
                response = http.request(method, self.base + path, timeout=30, allow_redirects=False, **kwargs)
            except requests.ConnectionError:
                with self.lock:
                    self.connection_errors += 1
                    self.retries += 1
                time.sleep(min(2.0, 0.2 * 2**attempt))
                continue
            self._record(response)
            if ok(response):
                return response
            if response.status_code < 500:
                raise AssertionError(f"{method} {path}: {response.status_code} {response.text[:300]}")
            with self.lock:
                self.retries += 1
            time.sleep(min(2.0, 0.2 * 2**attempt))
        raise AssertionError(f"{method} {path}: no success after 60 tries")

    def pupil(self, email: str, session_key: str) -> None:
        try:
            self._pupil(session_key)
            with self.lock:
                self.done.append(email)
        except AssertionError as error:
            with self.lock:
                self.gave_up.append((email, str(error)))

    def _pupil(self, session_key: str) -> None:
        http = requests.Session()
        http.cookies.set("sessionid", session_key)
        http.cookies.set("csrftoken", CSRF)
        http.headers.update({"X-CSRFToken": CSRF, "Referer": self.base + "/"})
        key = str(uuid.uuid4())
        enter = f"/bai-du-thi/du-thi/{self.contest}/"
        entered = self.call(
            http,
            "POST",
            enter,
            data={"idempotency_key": key},
            ok=lambda r: r.status_code == 302 and "/bai-du-thi/" in r.headers.get("Location", ""),
        )
        # A double click: the same key again answers with the same entry.
        twin = self.call(
            http, "POST", enter, data={"idempotency_key": key}, ok=lambda r: r.status_code == 302
        )
        assert twin.headers["Location"] == entered.headers["Location"]
        entry = entered.headers["Location"].rstrip("/").split("/")[-1]
        with self.lock:
            self.uploading += 1
        client_key = str(uuid.uuid4())
        started = self.call(
            http,
            "POST",
            f"/bai-du-thi/{entry}/tai-len/",
            data={"name": "phim-du-thi.mp4", "size": len(self.video), "client_key": client_key},
            ok=lambda r: r.status_code == 200,
        ).json()
        upload, chunk = started["id"], started["chunk_size"]
        offset = started["received"]
        while offset < len(self.video):
            part = self.video[offset : offset + chunk]
            sent = self.call(
                http,
                "PUT",
                f"/tai-len/{upload}/?offset={offset}",
                data=part,
                headers={
                    "Content-Type": "application/octet-stream",
                    "X-Chunk-Sha256": hashlib.sha256(part).hexdigest(),
                },
                ok=lambda r: r.status_code in (200, 409),
            )
            if sent.status_code == 409 and "received" not in sent.json():
                raise AssertionError(f"chunk at {offset}: {sent.text[:300]}")
            offset = sent.json()["received"]
            if sent.status_code != 200:
                continue
            if offset < len(self.video) and offset % chunk:
                raise AssertionError(f"the server says {offset}, not a chunk boundary")
        digests = b"".join(
            hashlib.sha256(self.video[o : o + chunk]).digest() for o in range(0, len(self.video), chunk)
        )
        self.call(
            http,
            "POST",
            f"/tai-len/{upload}/hoan-tat/",
            data={"checksum": hashlib.sha256(digests).hexdigest()},
            ok=lambda r: r.status_code == 200,
        )
        for _click in range(2):
            self.call(
                http,
                "POST",
                f"/bai-du-thi/{entry}/nop/",
                ok=lambda r: r.status_code == 302 and "/bien-nhan/" in r.headers.get("Location", ""),
            )


@pytest.mark.slow
@pytest.mark.django_db  # only to read the migrated test database's name; the rush never touches it
def test_postgresql_restarted_mid_rush_loses_and_doubles_nothing(tmp_path):
    started = time.monotonic()
    cluster = PostgresCluster().start()
    server = None
    try:
        cluster.psql("CREATE DATABASE kmm_drill")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("S3_", "REDIS_", "TASKS_"))},
            "DATABASE_URL": cluster.url("kmm_drill"),
            "VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SECRET_KEY": "drill-" + uuid.uuid4().hex,
            "TASKS_BACKEND": "dummy",
            "DJANGO_DEBUG": "0",
            "WEB_THREADS": "8",  # a2wsgi's threads under the Uvicorn worker, as `make run` serves
            "LOG_LEVEL": "WARNING",
            "UPLOAD_CHUNK_BYTES": str(CHUNK),
            "DRILL_WORLD": str(tmp_path / "world.json"),
            "DRILL_ENTRANTS": str(PUPILS),
        }
        # The migrated schema, copied from the test database pytest has just migrated: what `migrate` makes,
        # in seconds rather than the minute and more that running every migration takes on this machine.
        test_db = connection.settings_dict
        dump = subprocess.run(
            [
                str(cluster.bin / "pg_dump"),
                "--no-owner",
                "--no-privileges",
                "-h",
                test_db["HOST"] or "127.0.0.1",
                "-p",
                str(test_db["PORT"] or 5432),
                "-U",
                test_db["USER"] or "root",
                test_db["NAME"],
            ],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        subprocess.run(
            [
                str(cluster.bin / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(cluster.port),
                "-U",
                "root",
                "-d",
                "kmm_drill",
            ],
            input=dump,
            check=True,
            capture_output=True,
            timeout=120,
        )
        applied = "SELECT count(*) FROM django_migrations"
        assert int(cluster.psql(applied, "kmm_drill")) > 200, "the copied schema is fully migrated"
        phases = {"cluster and schema": time.monotonic() - started}
        env["DRILL_ACTION"] = "seed"
        _manage(env, "shell", "-c", (Path(__file__).parent / "pg_rush_world.py").read_text(), timeout=120)
        world = json.loads((tmp_path / "world.json").read_text())
        video = make_video(tmp_path / "phim.mp4", seconds=2, bitrate="4M").read_bytes()
        assert len(video) > 3 * CHUNK
        port = free_port()
        log = (tmp_path / "gunicorn.log").open("ab")
        # As `make run` serves (threads, persistent connections), with this test's database.
        server = subprocess.Popen(
            web_command(port, workers=2, timeout=60),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if requests.get(f"{base}/readyz?format=json", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        phases["world, video and gunicorn"] = time.monotonic() - started - sum(phases.values())
        rush = Rush(base, world["contest"], video)
        threads = [
            threading.Thread(target=rush.pupil, args=(email, key)) for email, key in world["sessions"].items()
        ]
        restarts = []

        def restarter() -> None:
            while rush.uploading < PUPILS // 4 and any(t.is_alive() for t in threads):
                time.sleep(0.02)
            cluster.restart()
            restarts.append(("restart -m fast", len(rush.done)))
            time.sleep(1.0)
            cluster.restart(down_for=3)
            restarts.append(("stopped 3 s", len(rush.done)))

        rush_started = time.monotonic()
        chaos = threading.Thread(target=restarter)
        chaos.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        chaos.join(timeout=60)
        rush_seconds = time.monotonic() - rush_started
        ready = requests.get(f"{base}/readyz?format=json", timeout=20)
        env["DRILL_ACTION"] = "outcome"
        _manage(env, "shell", "-c", (Path(__file__).parent / "pg_rush_world.py").read_text(), timeout=120)
        outcome = json.loads((tmp_path / "world.json.outcome").read_text())
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        cluster.stop()
    print(
        f"\nPostgreSQL restart drill: {PUPILS} pupils, {sum(rush.statuses.values())} answers "
        f"{dict(sorted(rush.statuses.items()))}, {rush.connection_errors} dropped connections, {rush.retries} "
        f"retries; restarts {restarts}; rush {rush_seconds:.1f}s, drill {time.monotonic() - started:.1f}s "
        f"({', '.join(f'{k} {v:.1f}s' for k, v in phases.items())}); "
        f"entries {outcome['states']}, uploads {outcome['uploads']}"
    )
    assert len(restarts) == 2, "both restarts happened"
    assert restarts[0][1] < PUPILS, "the first restart came while pupils were still sending"
    assert not rush.server_errors, rush.server_errors[:10]
    assert not rush.missing_retry_after, rush.missing_retry_after[:10]
    assert rush.statuses[503] + rush.connection_errors > 0, "the restarts were felt by the pupils"
    assert not rush.gave_up, rush.gave_up[:5]
    assert ready.status_code == 200, ready.text[:500]
    expected = hashlib.sha256(video).hexdigest()
    assert outcome["entries_per_pupil"] == dict.fromkeys(world["sessions"], 1)
    assert outcome["states"] == {"submitted": PUPILS}
    assert outcome["assets"] == {email: [[expected, len(video)]] for email in world["sessions"]}
    assert outcome["submitted_events"] == [1] * PUPILS, "one submission each: the twin click was a no-op"
    assert outcome["uploads"] == {"completed": PUPILS}, "no upload left half-done, none started twice"
    assert outcome["assets_without_completed_upload"] == 0
