"""Peak memory of the web process while it receives a 1 GiB upload on the embedded default (chunks to disk),
against the same for a 1 MiB upload. Memory must not grow with the file: the ratio stays near 1.

Runs the real upload protocol of static/submissions/upload.js over HTTP against `manage.py runserver`
(SQLite and local files, as the embedded default), one fresh server per size, and reads the server's peak
resident memory (VmHWM) from /proc.

    .venv/bin/python bench/upload_memory.py [--big-mib 1024]
"""

import argparse
import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
CHUNK = 8 * MIB
CSRF = "b" * 32

SETTINGS = """
from cms.settings import *  # noqa


class _NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def current_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def prepare(env: dict, big_bytes: int) -> dict:
    """Creates the schema, a contest that takes the big file, an entrant with a session, and a draft."""
    code = f"""
import django, json, uuid
django.setup()
from datetime import timedelta
from django.test import Client
from django.utils import timezone
from contest.enums import ContestKind, MediaKind, Role
from contest.models import Campaign, Contest, Division, User
from submissions.services.entries import create_entry
campaign = Campaign.objects.create(name="Bench", slug="bench", code="KMM",
    starts_on=timezone.localdate(), ends_on=timezone.localdate() + timedelta(days=30))
division = Division.objects.create(campaign=campaign, name="THCS", min_age=11, max_age=15)
out = {{}}
for label in ("small", "big"):
    contest = Contest.objects.create(campaign=campaign, kind=ContestKind.VIDEO, title=label, slug=label,
        code=label[:3].upper(), accepted_media_kinds=[MediaKind.VIDEO], max_file_bytes={big_bytes} + 1,
        opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=1))
    contest.divisions.add(division)
    user = User.objects.create_user(email=label + "@bench.example", role=Role.ENTRANT,
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 13, day=1))
    entry = create_entry(contest=contest, lead_entrant=user, actor=user)
    client = Client()
    client.force_login(user)
    out[label] = {{"entry": entry.pk, "session": client.cookies["sessionid"].value}}
print(json.dumps(out))
"""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/bai-du-thi/", timeout=1, allow_redirects=False)
            return server
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("server did not start")


def upload(port: int, info: dict, size: int) -> tuple[float, int]:
    """Uploads `size` random bytes in chunks as upload.js does; returns (seconds, server peak RSS KiB)."""
    http = requests.Session()
    http.cookies.set("sessionid", info["session"])
    http.cookies.set("csrftoken", CSRF)
    http.headers["X-CSRFToken"] = CSRF
    base = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    started = http.post(
        f"{base}/bai-du-thi/{info['entry']}/tai-len/",
        data={"name": "bench.mp4", "size": size, "client_key": str(uuid.uuid4())},
    )
    started.raise_for_status()
    session = started.json()
    chunk_size = session["chunk_size"]
    composite = hashlib.sha256()
    seed = os.urandom(MIB)
    offset = 0
    while offset < size:
        length = min(chunk_size, size - offset)
        block = (seed * (length // MIB + 1))[:length]
        block = offset.to_bytes(8, "big") + block[8:]  # every chunk differs
        composite.update(hashlib.sha256(block).digest())
        response = http.put(
            f"{base}/tai-len/{session['id']}/?offset={offset}",
            data=block,
            headers={
                "Content-Type": "application/octet-stream",
                "X-Chunk-Sha256": hashlib.sha256(block).hexdigest(),
            },
        )
        if response.status_code != 200:
            raise RuntimeError(f"chunk at {offset}: {response.status_code} {response.text}")
        offset += length
    done = http.post(f"{base}/tai-len/{session['id']}/hoan-tat/", data={"checksum": composite.hexdigest()})
    if done.status_code != 200:
        raise RuntimeError(f"complete: {done.status_code} {done.text}")
    return time.perf_counter() - began


def measure(env: dict, info: dict, size: int) -> tuple[int, int, float]:
    port = free_port()
    server = start_server(env, port)
    try:
        idle = current_rss_kib(server.pid)
        seconds = upload(port, info, size)
        peak = peak_rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return idle, peak, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mib", type=int, default=1024)
    args = parser.parse_args()
    big = args.big_mib * MIB
    with tempfile.TemporaryDirectory(prefix="kmm-bench-") as tmp:
        Path(tmp, "bench_settings.py").write_text(SETTINGS)
        env = {
            **os.environ,
            "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "TASKS_BACKEND": "dummy",
            "DJANGO_DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("S3_PRIVATE_BUCKET", None)
        info = prepare(env, big)
        small_idle, small_peak, small_s = measure(env, info["small"], 1 * MIB)
        big_idle, big_peak, big_s = measure(env, info["big"], big)
        stored = sum(p.stat().st_size for p in Path(tmp, "media", "private").rglob("*") if p.is_file())
    print(
        f"1 MiB upload : idle {small_idle / 1024:7.1f} MiB, peak {small_peak / 1024:7.1f} MiB, {small_s:6.2f} s"
    )
    print(
        f"{args.big_mib} MiB upload: idle {big_idle / 1024:7.1f} MiB, peak {big_peak / 1024:7.1f} MiB, "
        f"{big_s:6.2f} s ({args.big_mib / big_s:.0f} MiB/s)"
    )
    print(f"stored originals: {stored / MIB:.1f} MiB")
    ratio = big_peak / small_peak
    print(
        f"SUMMARY upload_memory: peak RSS {big_peak / 1024:.1f} MiB for {args.big_mib} MiB vs "
        f"{small_peak / 1024:.1f} MiB for 1 MiB, ratio {ratio:.2f} ({'OK' if ratio < 1.5 else 'GROWS'})"
    )


if __name__ == "__main__":
    main()
