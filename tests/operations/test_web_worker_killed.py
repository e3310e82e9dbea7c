"""A web worker killed with SIGKILL mid-request (issue 15): gunicorn's master replaces it, the site keeps
answering, and entrants whose request died retry with the same idempotency key (as the page's script does):
every entrant ends with exactly one entry — none lost, none doubled."""

import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from submissions.models import Entry
from tests.factories import EntrantFactory
from tests.factories.entries import video_contest
from tests.operations.faults import web_command

ROOT = Path(settings.BASE_DIR)
CSRF = "c" * 32


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sigkilled_web_worker_is_replaced_and_retries_lose_and_double_nothing(tmp_path):
    contest = video_contest()
    pupils = [EntrantFactory(full_name=f"Nguyễn Văn Bình {n}") for n in range(80)]
    sessions = {pupil.pk: _session_for(pupil) for pupil in pupils}
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions made here are signed with it
        "TASKS_BACKEND": "dummy",
        "DJANGO_DEBUG": "0",
        "WEB_THREADS": "4",  # a2wsgi's threads under the Uvicorn worker, as `make run` serves
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        web_command(port, workers=2, timeout=60),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        master = psutil.Process(server.pid)
        workers_before = {child.pid for child in master.children()}
        failures, killed, answers = [], [], []

        def enter(pupil_id: int) -> None:
            http = requests.Session()
            http.cookies.set("sessionid", sessions[pupil_id])
            http.cookies.set("csrftoken", CSRF)
            http.headers.update({"X-CSRFToken": CSRF, "Referer": base + "/"})
            key = str(uuid.uuid4())
            for _attempt in range(10):
                try:
                    response = http.post(
                        f"{base}/bai-du-thi/du-thi/{contest.pk}/",
                        data={"idempotency_key": key},
                        allow_redirects=False,
                        timeout=30,
                    )
                except requests.ConnectionError:
                    failures.append(pupil_id)
                    time.sleep(0.3)
                    continue
                answers.append((response.status_code, response.headers.get("Location", "")))
                if response.status_code == 302 and "/bai-du-thi/" in response.headers["Location"]:
                    return
                time.sleep(0.3)

        def killer() -> None:
            time.sleep(0.2)
            victim = next(iter(workers_before))
            busy = sum(1 for thread in threads[:-1] if thread.is_alive())
            os.kill(victim, signal.SIGKILL)
            killed.append((victim, busy))

        threads = [threading.Thread(target=enter, args=(pupil.pk,)) for pupil in pupils]
        threads.append(threading.Thread(target=killer))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        time.sleep(1)
        workers_after = {child.pid for child in master.children()}
        assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    victim, busy = killed[0]
    assert busy > 0, "the worker was killed while entrants were still sending"
    assert victim not in workers_after
    assert len(workers_after) == 2, "the master started a new worker in place of the killed one"
    per_pupil = {
        pupil.pk: Entry.objects.filter(lead_entrant=pupil, contest=contest).count() for pupil in pupils
    }
    assert per_pupil == {pupil.pk: 1 for pupil in pupils}, (answers, failures)
