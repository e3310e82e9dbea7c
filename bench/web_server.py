"""A plain page's throughput under the old server (gunicorn gthread workers, `cms.wsgi`) and the new one
(gunicorn with Uvicorn workers, `cms.asgi`: the WSGI site through a2wsgi's thread pool, live streams as async
views). Both serve the embedded default (SQLite in a temporary VAR_DIR, demo data) on a free port.

    .venv/bin/python bench/web_server.py [--seconds 15] [--concurrency 16] [--path /dang-nhap/]

Prints requests per second, latency p50/p95 and errors for each. The client runs on the same machine, so
the figures compare the two servers; they are not the machine's capacity.
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

SERVERS = {
    "gthread (cms.wsgi, 2 workers x 16 threads, the old make run)": [
        *("-m", "gunicorn", "cms.wsgi", "--workers", "2", "--threads", "16"),
    ],
    "uvicorn + a2wsgi (cms.asgi, 1 worker x 32 threads, make run now)": [
        *("-m", "gunicorn", "cms.asgi:application", "-k", "uvicorn_worker.UvicornWorker", "--workers", "1"),
    ],
    "uvicorn + a2wsgi (cms.asgi, 2 workers x 16 threads)": [
        *("-m", "gunicorn", "cms.asgi:application", "-k", "uvicorn_worker.UvicornWorker", "--workers", "2"),
    ],
}
THREADS = {0: "16", 1: "32", 2: "16"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


async def hammer(url: str, seconds: float, concurrency: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker():
            nonlocal errors
            while time.monotonic() < end:
                start = time.perf_counter()
                try:
                    response = await client.get(url)
                    if response.status_code != 200:
                        errors += 1
                        continue
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--path", default="/dang-nhap/")
    parser.add_argument("--var-dir", help="an already migrated embedded VAR_DIR (default: a fresh one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kmm-web-") as tmp:
        var_dir = args.var_dir or str(Path(tmp) / "var")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_", "S3_"))},
            "VAR_DIR": var_dir,
            "DJANGO_DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }
        if not args.var_dir:
            subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        for index, (label, command) in enumerate(SERVERS.items()):
            port = free_port()
            proc = subprocess.Popen(
                [PY, *command, "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
                cwd=ROOT,
                env={**env, "WEB_THREADS": THREADS[index]},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                url = f"http://127.0.0.1:{port}{args.path}"
                wait_http(url)
                asyncio.run(hammer(url, 2, args.concurrency))  # warm up
                latencies, errors = asyncio.run(hammer(url, args.seconds, args.concurrency))
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            ms = sorted(x * 1000 for x in latencies)
            p95 = ms[int(len(ms) * 0.95) - 1] if ms else float("nan")
            print(
                f"{label}: {len(ms) / args.seconds:.1f} req/s, p50 {statistics.median(ms):.0f} ms, "
                f"p95 {p95:.0f} ms, errors {errors}"
            )


if __name__ == "__main__":
    main()
