"""The deadline rush under Locust, headless and bounded, on loopback, against one target:

    .venv/bin/python bench/load/run.py --target embedded   # `make run`'s setup: gunicorn, SQLite, db_worker
    .venv/bin/python bench/load/run.py --target production # scripts/prod-local.sh: PostgreSQL, Redis, S3, Celery

200 entrants enter, upload a real 1-second video (about 9 MB) in chunks, submit (double clicks included)
and poll; 30 judges score with autosave; visitors read public pages. Prints per step the request count,
failures and p50/p95/p99, the aggregate chunk upload rate, what the database holds afterwards (entries,
duplicates, lost), and what saturated: CPU by process group, the database's connections and the media queue.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
        timeout=1800,
    )


def wait_http(url: str, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def group_of(proc: psutil.Process) -> str | None:
    try:
        line = " ".join(proc.cmdline())
        name = proc.name()
        # Other copies of the project (other worktrees' servers and tests) share the machine: count ours.
        if ("gunicorn" in line or "celery" in line or "manage.py" in line) and proc.cwd() != str(ROOT):
            return None
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    if "gunicorn" in line:
        return "web (gunicorn)"
    if "celery" in line and "-Q media" in line:
        return "media worker"
    if "celery" in line:
        return "default worker / beat"
    if "db_worker" in line or "media_reaper" in line:
        return "task worker"
    if name.startswith("postgres"):
        return "postgresql"
    if "redis" in name:
        return "redis"
    if "ffmpeg" in name or "tesseract" in name or "submissions.media.isolation" in line:
        return "media worker"
    if "locust" in line:
        return "load generator"
    if "moto_server" in line:
        return "S3 server (moto)"
    if name == "beam.smp":
        return "broker (rabbitmq)"
    return None


def print_saturation(samples: list[dict], window: int = 60) -> None:
    """Cores per process group over the whole run and over its busiest minute (by the whole machine's CPU):
    the rush comes in a wave, and a mean over four minutes hides it."""
    if not samples:
        return
    groups = sorted({group for sample in samples for group in sample})
    window = min(window, len(samples))
    busiest = max(
        range(len(samples) - window + 1),
        key=lambda start: sum(s.get("whole machine", 0) for s in samples[start : start + window]),
    )
    peak = samples[busiest : busiest + window]
    print(
        f"saturation (cores used: mean / max over the run; mean over the busiest {window} s, from s {busiest}):"
    )
    for group in groups:
        values = [sample.get(group, 0.0) for sample in samples]
        in_peak = [sample.get(group, 0.0) for sample in peak]
        print(
            f"  {group:24s} {sum(values) / len(values):5.2f} / {max(values):5.2f}   "
            f"{sum(in_peak) / len(in_peak):5.2f}"
        )


def print_server_side(metrics_dir: Path, top: int = 14) -> None:
    """Time inside Django per view (the web workers' request histograms, added up by prometheus_client):
    set beside the client's figures, the difference is time spent waiting for a free web thread or a core."""
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    if not metrics_dir.is_dir():
        return
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(metrics_dir))
    views = defaultdict(lambda: {"sum": 0.0, "count": 0.0, "buckets": defaultdict(float)})
    for metric in registry.collect():
        if metric.name != "kmm_http_request_seconds":
            continue
        for sample in metric.samples:
            view = views[f"{sample.labels['method']} {sample.labels['view']}"]
            if sample.name.endswith("_sum"):
                view["sum"] += sample.value
            elif sample.name.endswith("_count"):
                view["count"] += sample.value
            elif sample.name.endswith("_bucket"):
                view["buckets"][float(sample.labels["le"])] += sample.value
    print("inside Django (server side; p95 as the histogram's upper bucket bound):")
    for name, view in sorted(views.items(), key=lambda item: -item[1]["sum"])[:top]:
        if not view["count"]:
            continue
        p95 = next(le for le, n in sorted(view["buckets"].items()) if n >= 0.95 * view["count"])
        print(
            f"  {name[:48]:48s} {view['count']:6.0f}  mean {view['sum'] / view['count'] * 1000:6.0f} ms  p95 <= {p95:g} s"
        )


class Sampler(threading.Thread):
    """Once a second: CPU per process group (in cores) and the database's connections.

    CPU is counted from each process's CPU time, a process first seen counted from its start: FFmpeg and the
    media child live a few seconds each, and a rate sampled per process (psutil's cpu_percent) gave them 0 and
    left a whole core of transcoding out of the table. What a process spends in its last second before it
    ends is still missed, and shows as the gap between the groups' sum and the whole machine."""

    def __init__(self, env: dict):
        super().__init__(daemon=True)
        self.env = env
        self.samples = []  # one {group: cores} a second
        self.connections = []
        self.stop_flag = threading.Event()
        self.seen = {}  # pid -> (create_time, CPU seconds at the last sample)

    def _cpu_seconds(self, proc: psutil.Process, first: bool) -> float:
        times = proc.cpu_times()
        total = times.user + times.system
        key = proc.create_time()
        before = self.seen.get(proc.pid)
        self.seen[proc.pid] = (key, total)
        if before is None or before[0] != key:
            return 0.0 if first else total  # present at the start: from now on; new: since it started
        return total - before[1]

    def run(self):
        first = True
        last = time.monotonic()
        while not self.stop_flag.is_set():
            totals = defaultdict(float)
            now = time.monotonic()
            span = max(now - last, 1e-3)
            last = now
            for proc in psutil.process_iter():
                group = group_of(proc)
                if not group:
                    continue
                try:
                    totals[group] += self._cpu_seconds(proc, first) / span
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            first = False
            machine = psutil.cpu_percent(None) * psutil.cpu_count() / 100
            totals["outside these groups"] = max(0.0, machine - sum(totals.values()))
            totals["whole machine"] = machine
            self.samples.append(dict(totals))
            if self.env.get("DATABASE_URL", "").startswith("postgres"):
                try:
                    out = subprocess.run(
                        [
                            "psql",
                            self.env["DATABASE_URL"],
                            "-tAc",
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()",
                        ],
                        capture_output=True,
                        text=True,
                        timeout=5,
                    ).stdout.strip()
                    self.connections.append(int(out or 0))
                except (subprocess.SubprocessError, ValueError):
                    pass
            self.stop_flag.wait(1)


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
        "WEB_THREADS": os.environ.get("WEB_THREADS", "32"),  # `make run`'s default
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--quiet-logins")
    procs = [
        subprocess.Popen(
            ["nice", "-n", "10", PY, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            process_group=0,  # as under `make run`: one session (one scheduling group), the worker at nice 10
        ),
        subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "cms.asgi:application",  # as `make run` serves: Uvicorn workers, the pages in a2wsgi threads
                "-k",
                "uvicorn_worker.UvicornWorker",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                os.environ.get("WEB_CONCURRENCY", "1"),
                "--timeout",
                "120",
                "--keep-alive",
                "75",  # as `make run`: above any idle gap of the journeys (up to 60 s), see OPERATIONS.md
                "--backlog",
                "2048",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            process_group=0,
        ),
    ]
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/healthz")
    return env, procs, base


def start_production() -> tuple[dict, list, str]:
    # A fresh database each run: the rush's accounts and test factories' codes must not meet an earlier run's.
    # The first run keeps a copy of the migrated, seeded database as a template; later runs start from it
    # (prod-local's migrate and seed_demo then have little to do), which saves minutes on a busy machine.
    db = os.environ.get("PROD_LOCAL_DB", "kmm_prod")
    server = "postgres://root@127.0.0.1:5432/postgres"

    def sql(statement: str, *flags: str) -> str:
        return subprocess.run(
            ["psql", server, *flags, "-c", statement], check=True, capture_output=True, text=True
        ).stdout.strip()

    subprocess.run(["bash", "scripts/prod-local.sh", "stop"], cwd=ROOT, check=True)
    sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', "-q")
    template = sql(f"SELECT 1 FROM pg_database WHERE datname = '{db}_tpl'", "-tA") == "1"  # noqa: S608 (our own name)
    if template:
        sql(f'CREATE DATABASE "{db}" TEMPLATE "{db}_tpl"', "-q")
    subprocess.run(["bash", "scripts/prod-local.sh", "start"], cwd=ROOT, check=True)
    if not template:
        subprocess.run(["bash", "scripts/prod-local.sh", "stop"], cwd=ROOT, check=True)
        sql(f'CREATE DATABASE "{db}_tpl" TEMPLATE "{db}"', "-q")
        subprocess.run(["bash", "scripts/prod-local.sh", "start"], cwd=ROOT, check=True)
    env = dict(os.environ)
    for line in (ROOT / "var/prod-local/env").read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    env["LOG_LEVEL"] = "WARNING"
    return env, [], f"http://127.0.0.1:{env['PORT']}"


def percentile_table(prefix: Path) -> list[dict]:
    rows = []
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["embedded", "production"], required=True)
    parser.add_argument("--entrants", type=int, default=200)
    parser.add_argument("--judges", type=int, default=30)
    parser.add_argument("--visitors", type=int, default=20)
    # An entrant's journey takes 64-215 s of think time (locustfile.py): 240 s lets the last one spawned finish.
    parser.add_argument("--run-time", default="240s")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kmm-load-"))
    procs = []
    try:
        env, procs, base = start_embedded(tmp) if args.target == "embedded" else start_production()
        video = tmp / "phim.mp4"
        manage(
            env,
            "shell",
            "-c",
            "from pathlib import Path; from tests.factories.media_files import make_video; "
            f"make_video(Path({str(video)!r}), seconds=2, size='1280x720', noise=True, tagged=False)",
        )
        env |= {
            "LOAD_WORLD": str(tmp / "world.json"),
            "LOAD_VIDEO": str(video),
            "LOAD_ENTRANTS": str(args.entrants),
            "LOAD_JUDGES": str(args.judges),
            "LOAD_UPLOADED": str(tmp / "uploaded"),
        }
        manage(env, "shell", "-c", (HERE / "prepare.py").read_text())
        sampler = Sampler(env)
        sampler.start()
        began = time.perf_counter()
        users = args.entrants + args.judges + args.visitors
        subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "-H",
                base,
                "-u",
                str(users),
                "-r",
                str(max(10, users // 10)),
                "--run-time",
                args.run_time,
                "--stop-timeout",
                "30",
                "--csv",
                str(tmp / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        elapsed = time.perf_counter() - began
        sampler.stop_flag.set()
        sampler.join()
        out = manage(env, "shell", "-c", (HERE / "outcome.py").read_text(), capture=True).stdout
        outcome = json.loads(out[out.index("OUTCOME") + len("OUTCOME") :])
        uploaded = int((tmp / "uploaded").read_text() or 0) if (tmp / "uploaded").exists() else 0
        rows = percentile_table(tmp / "load")
        print(
            f"\n== {args.target}: {args.entrants} entrants, {args.judges} judges, {args.visitors} visitors, "
            f"{elapsed:.0f} s"
        )
        print(
            f"{'step':22s} {'n':>6s} {'fail':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'req/s':>7s}"
        )
        for row in rows:
            print(
                f"{row['Name'][:22]:22s} {row['Request Count']:>6s} {row['Failure Count']:>5s} "
                f"{row['50%']:>8s} {row['95%']:>8s} {row['99%']:>8s} {float(row['Requests/s']):7.1f}"
            )
        chunk = next((r for r in rows if r["Name"] in ("upload chunk", "S3 part (presigned)")), None)
        if chunk and float(chunk["Average Response Time"] or 0):
            busy = float(chunk["Request Count"]) * float(chunk["Average Response Time"]) / 1000
            print(
                f"chunk uploads: {uploaded / 2**20:.0f} MiB, {uploaded / 2**20 / elapsed:.1f} MiB/s over the run, "
                f"{uploaded / 2**20 / max(busy / max(args.entrants, 1), 1e-9):.1f} MiB/s aggregate while uploading"
            )
        print("database:", json.dumps(outcome))
        print_saturation(sampler.samples)
        if sampler.connections:
            print(
                f"  database connections     {sum(sampler.connections) / len(sampler.connections):5.1f} / "
                f"{max(sampler.connections)}"
            )
    finally:
        if args.target == "production":
            try:
                print_server_side(ROOT / "var/prod-local/metrics")
            except Exception as error:  # a figure missing must not leave the topology running
                print("server-side figures unavailable:", error)
            # Left running, its workers would take the tasks of whatever next uses the broker's default vhost.
            subprocess.run(["bash", "scripts/prod-local.sh", "stop"], cwd=ROOT, check=False)
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
