"""The database unreachable (restarting, failing over — issue 15): pages answer 503 with Retry-After and a
page that says the request was not carried out and nothing saved was lost, never a bare 500; liveness still
answers and readiness says not ready."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.operations.faults import web_command

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://root@127.0.0.1:{_free_port()}/kmm",  # nothing listens there
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "0",
        "WEB_THREADS": "4",  # a2wsgi's threads under the Uvicorn worker, as `make run` serves
        "LOG_LEVEL": "CRITICAL",
    }
    server = subprocess.Popen(
        web_command(port, workers=1),
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
                live = requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        assert live.status_code == 200
        for path in ("/", "/bai-du-thi/", "/en/"):
            # A signed-in pupil: her session is read from the database.
            page = requests.get(
                base + path, timeout=10, allow_redirects=False, cookies={"sessionid": "x" * 32}
            )
            assert page.status_code == 503, (path, page.status_code)
            assert page.headers["Retry-After"] == "30"
            assert "Hệ thống đang tạm gián đoạn" in page.text
            assert "vẫn nguyên vẹn" in page.text
        ready = requests.get(f"{base}/readyz?format=json", timeout=20)
        assert ready.status_code == 503
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
