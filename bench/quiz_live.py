"""A live quiz with 500 phones on loopback: every phone joins with the code and holds its event stream, the
teacher opens a question, each phone answers at a random moment within 10 s, then the teacher reveals.

    .venv/bin/python bench/quiz_live.py --target embedded     # `make run`'s server: one Uvicorn worker, SQLite
    .venv/bin/python bench/quiz_live.py --target production   # scripts/prod-local.sh: 4 Uvicorn workers,
                                                               # PostgreSQL (kmm_quizlive_bench), Redis layer

Starts the server itself on a free port, prints the answer-acceptance latency (p50/p95/max), the errors, and
how many phones received the question and the reveal (goal: p95 <= 300 ms, 0 errors), with the machine's load.
"""

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SETUP = """
import importlib, json
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from contest.enums import Role
from contest.models import School, User
from quiz.models import Choice, Question, Quiz
from quiz.live import services
school = School.objects.first() or School.objects.create(name="THCS Bench", code="BENCH-LIVE")
teacher, _ = User.objects.get_or_create(email="bench-live@khongmotminh.example",
    defaults={"full_name": "Cô Bench", "role": Role.COORDINATOR, "school": school})
stamp = timezone.now().strftime("%H%M%S%f")
quiz = Quiz.objects.create(title="Bench trực tiếp " + stamp, slug="bench-live-" + stamp, question_count=1,
    seconds_per_question=20, opens_at=timezone.now() - timedelta(days=1))
tag = quiz.tags.create(name="bench-" + stamp)
question = Question.objects.create(key="bench-" + stamp, text="Người lạ xin ảnh riêng, em làm gì?")
question.tags.add(tag)
question.save()
for i, text in enumerate(["Từ chối, báo người lớn", "Chặn và lưu bằng chứng", "Gửi ảnh", "Im lặng"]):
    Choice.objects.create(question=question, text=text, is_correct=i == 0, sort_order=i)
session = services.start_session(quiz=quiz, host=teacher)
store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(teacher.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = teacher.get_session_auth_hash()
store.save()
print("BENCH " + json.dumps({"session": session.pk, "code": session.code, "cookie": store.session_key,
    "choices": list(Choice.objects.filter(question=question).values_list("pk", flat=True))}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 180) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url, timeout=3).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def start_embedded(tmp: Path) -> tuple[dict, list, str]:
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DATABASE_URL", "S3_", "REDIS_", "TASKS_"))
        },
        "VAR_DIR": str(tmp / "var"),
        "DJANGO_DEBUG": "0",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        "WEB_THREADS": "32",
    }
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    web = subprocess.Popen(
        [
            *(PY, "-m", "gunicorn", "cms.asgi:application", "-k", "uvicorn_worker.UvicornWorker"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--backlog", "2048", "--no-control-socket"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/healthz")
    return env, [web], base


def start_production() -> tuple[dict, list, str]:
    env = {
        **os.environ,
        "PROD_LOCAL_DB": "kmm_quizlive_bench",
        "WEB_PORT": str(free_port()),
        "S3_PORT": str(free_port()),
        "CHANNELS_PREFIX": f"kmmbench{os.getpid()}",
    }
    subprocess.run(["bash", "scripts/prod-local.sh", "stop"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            "psql",
            "postgres://root@127.0.0.1:5432/postgres",
            "-qc",
            "DROP DATABASE IF EXISTS kmm_quizlive_bench WITH (FORCE)",
        ],
        check=True,
    )
    subprocess.run(["bash", "scripts/prod-local.sh", "start"], cwd=ROOT, env=env, check=True)
    for line in (ROOT / "var/prod-local/env").read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    env["LOG_LEVEL"] = "WARNING"
    return env, [], f"http://127.0.0.1:{env['PORT']}"


class Phone:
    def __init__(self, base: str, limits: httpx.Limits):
        self.client = httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(30, read=None), limits=limits)
        self.question = asyncio.Event()
        self.reveal = asyncio.Event()
        self.connected = asyncio.Event()
        self.position = None

    async def join(self, code: str) -> int:
        page = await self.client.get("/choi/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = await self.client.post("/choi/", data={"code": code, "csrfmiddlewaretoken": token})
        if response.status_code != 302:
            raise RuntimeError(f"join answered {response.status_code}")
        self.csrf = self.client.cookies.get("csrftoken")
        return response.status_code

    async def listen(self, stream_url: str, stop: asyncio.Event) -> None:
        while not stop.is_set():  # EventSource reconnects; so do we
            try:
                async with self.client.stream("GET", stream_url) as response:
                    async for line in response.aiter_lines():
                        if not line.startswith("data: "):
                            continue
                        event = json.loads(line[6:])
                        if event.get("type") != "state":
                            continue
                        self.connected.set()
                        if event["phase"] == "question":
                            self.position = event["position"]
                            self.question.set()
                        elif event["phase"] == "reveal":
                            self.reveal.set()
                        if stop.is_set():
                            return
            except (httpx.HTTPError, asyncio.CancelledError):
                if stop.is_set():
                    return
                await asyncio.sleep(1)

    async def answer(self, session: int, choices: list[int]) -> tuple[float, int]:
        await asyncio.sleep(random.uniform(0, 10))
        start = time.perf_counter()
        response = await self.client.post(
            f"/choi/{session}/tra-loi/",
            data={"position": self.position, "choice": [random.choice(choices)]},
            headers={"X-CSRFToken": self.csrf},
        )
        return time.perf_counter() - start, response.status_code


def cpu_seconds(processes: list) -> float:
    total = 0.0
    for proc in processes:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


async def run(base: str, setup: dict, participants: int, server: list) -> None:
    session, code = setup["session"], setup["code"]
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=2)
    phones = [Phone(base, limits) for _ in range(participants)]
    gate = asyncio.Semaphore(40)

    async def join(phone):
        async with gate:
            return await phone.join(code)

    started = time.perf_counter()
    joined = await asyncio.gather(*(join(p) for p in phones), return_exceptions=True)
    join_errors = [j for j in joined if isinstance(j, Exception)]
    print(
        f"joined: {participants - len(join_errors)}/{participants} in {time.perf_counter() - started:.1f} s"
    )
    phones = [p for p, j in zip(phones, joined, strict=True) if not isinstance(j, Exception)]
    stop = asyncio.Event()
    listeners = [asyncio.create_task(p.listen(f"/truc-tiep/do-vui/{session}/", stop)) for p in phones]
    started = time.perf_counter()
    await asyncio.wait([asyncio.create_task(p.connected.wait()) for p in phones], timeout=60)
    connected = sum(p.connected.is_set() for p in phones)
    print(f"streams open: {connected}/{len(phones)} in {time.perf_counter() - started:.1f} s")

    async with httpx.AsyncClient(base_url=base, timeout=30) as teacher:
        teacher.cookies.set("sessionid", setup["cookie"])
        page = await teacher.get(f"/do-vui-truc-tiep/{session}/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

        async def move(to):
            response = await teacher.post(
                f"/do-vui-truc-tiep/{session}/chuyen/", data={"to": to}, headers={"X-CSRFToken": csrf}
            )
            if response.status_code != 200:
                raise SystemExit(
                    f"the teacher's move to {to} answered {response.status_code}: {response.text}"
                )

        opened = time.perf_counter()
        await move("question")
        await asyncio.wait([asyncio.create_task(p.question.wait()) for p in phones], timeout=10)
        got_question = [p for p in phones if p.question.is_set()]
        print(
            f"question received: {len(got_question)}/{len(phones)} within {time.perf_counter() - opened:.1f} s"
        )
        me = psutil.Process()
        server_cpu, client_cpu, window = cpu_seconds(server), cpu_seconds([me]), time.perf_counter()
        results = await asyncio.gather(
            *(p.answer(session, setup["choices"]) for p in got_question), return_exceptions=True
        )
        window = time.perf_counter() - window
        server_cpu, client_cpu = cpu_seconds(server) - server_cpu, cpu_seconds([me]) - client_cpu
        await move("reveal")
        revealed_at = time.perf_counter()
        await asyncio.wait([asyncio.create_task(p.reveal.wait()) for p in phones], timeout=10)
        got_reveal = sum(p.reveal.is_set() for p in phones)
        print(f"reveal received: {got_reveal}/{len(phones)} within {time.perf_counter() - revealed_at:.1f} s")
    stop.set()
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    await asyncio.gather(*(p.client.aclose() for p in phones), return_exceptions=True)

    latencies = sorted(r[0] * 1000 for r in results if not isinstance(r, Exception) and r[1] == 200)
    errors = [r for r in results if isinstance(r, Exception) or r[1] != 200]
    kinds = {}
    for r in errors:
        label = type(r).__name__ if isinstance(r, Exception) else str(r[1])
        kinds[label] = kinds.get(label, 0) + 1
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else float("nan")
    print(
        f"answers accepted: {len(latencies)}/{len(got_question)}; latency p50 "
        f"{statistics.median(latencies) if latencies else float('nan'):.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(latencies) if latencies else float('nan'):.0f} ms; errors {len(errors)} {kinds or ''}"
    )
    print(
        f"CPU while answering ({window:.1f} s): server {server_cpu:.1f} s, this client {client_cpu:.1f} s "
        f"(2 cores shared with the client and anything else running)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=["embedded", "production"], default="embedded")
    parser.add_argument("--participants", type=int, default=500)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kmm-live-"))
    procs = []
    try:
        env, procs, base = start_embedded(tmp) if args.target == "embedded" else start_production()
        out = subprocess.run(
            [PY, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        setup = json.loads(out.split("BENCH ", 1)[1])
        print(f"target: {args.target}; load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if procs:
            root = psutil.Process(procs[0].pid)
        else:
            root = psutil.Process(int((ROOT / "var/prod-local/web.pid").read_text()))
        server = [root, *root.children(recursive=True)]
        asyncio.run(run(base, setup, args.participants, server))
        print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if args.target == "production":
            subprocess.run(["bash", "scripts/prod-local.sh", "stop"], cwd=ROOT, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
