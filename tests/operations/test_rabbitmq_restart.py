"""Fault drill (issue 15): RabbitMQ restarted with media jobs waiting in its queue.

A RabbitMQ node of the test's own (never the shared one on 5672); the Celery workers started as documented
(`celery -A cms worker -Q default,media`, prefork) on it, the test database and the S3 server. Real files are
uploaded while no worker runs, so their jobs wait in the broker's `media` queue, then:

1. the broker restarts with the jobs queued (Celery's queues are durable and its messages persistent: they
   must survive), and the reaper also re-sends every queued job it considers forgotten — each job now sits
   in the queue twice, as after a reaper that ran while the broker was slow;
2. the broker restarts and loses the queue (`rabbitmqctl purge_queue media`: what a broker without its disk
   loses); only our own job table knows the work, and the reaper (`manage.py media_reaper`, once, with a
   short stale threshold) re-queues it.

What must hold: every job ends succeeded and its file ready, each processed exactly once (one claim, one
attempt, one "ready" in the workers' log however many messages there were), nothing left queued or probing."""

import io
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from contest.enums import ContestKind, MediaKind
from submissions.enums import AssetState, JobState
from submissions.models import MediaAsset, MediaJob
from tests.factories import ContestFactory, EntrantFactory
from tests.factories.entries import add_file, draft_entry, png_bytes

ROOT = Path(settings.BASE_DIR)
FILES_PER_CASE = 3
STALE_SECONDS = 1


def _env(node, s3) -> dict:
    from django.db import connection

    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DATABASE_URL": f"postgres://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "celery",
        "CELERY_BROKER_URL": node.url,
        "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/15",
        "MEDIA_JOB_STALE_SECONDS": str(STALE_SECONDS),
        "S3_ENDPOINT_URL": settings.S3_ENDPOINT_URL,
        "S3_PRIVATE_BUCKET": s3["private"],
        "S3_PUBLIC_BUCKET": s3["public"],
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "LOG_LEVEL": "INFO",
    }


class Workers:
    """`celery -A cms worker -Q default,media` as README.md gives it, with a node name of its own and its log
    at INFO (the jobs' outcomes are counted in it)."""

    def __init__(self, env: dict, log: Path):
        self.env = env
        self.log = log
        self.process = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "-Q",
                "default,media",
                "--loglevel",
                "INFO",
                "-n",
                f"kmm-drill-{time.time_ns()}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


def _reaper() -> set[int]:
    """`manage.py media_reaper` once (as cron or `--every` runs it), here in the test's process: the same
    command, its jobs sent through the drill's broker; the assets it re-queued."""
    out = io.StringIO()
    call_command("media_reaper", stdout=out)
    found = re.search(r"re-queued assets: ([\d, ]+)", out.getvalue())
    return {int(n) for n in found.group(1).split(",")} if found else set()


def _forgotten_after(since: float) -> None:
    """The reaper re-sends a queued job nobody took after ten stale periods: wait that long, no shortcut."""
    time.sleep(max(0.0, since + 10 * STALE_SECONDS + 1 - time.monotonic()))


def _wait_depth(node, depth: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.queue_depths().get("media", 0) == depth:
            return
        time.sleep(0.3)
    raise AssertionError(f"media queue: {node.queue_depths()} instead of {depth}")


def _upload(contest, count: int, label: str) -> list[int]:
    ids = []
    for n in range(count):
        entry = draft_entry(contest=contest, entrant=EntrantFactory(), title=f"Tranh {label} {n}")
        asset = add_file(
            entry=entry, data=png_bytes(label=f"{label}-{n}", color=(20 * n, 120, 200)), name=f"tranh-{n}.png"
        )
        ids.append(asset.pk)
    return ids


def _wait_ready(ids: list[int], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if MediaAsset.objects.filter(pk__in=ids, state=AssetState.READY).count() == len(ids):
            return
        time.sleep(0.5)
    states = dict(MediaAsset.objects.filter(pk__in=ids).values_list("pk", "state"))
    raise AssertionError(f"not every file ready: {states}\n{log.read_text()[-4000:]}")


def _processed_once(ids: list[int], log: Path) -> Counter:
    readies = Counter(int(n) for n in re.findall(r"media asset (\d+): ready", log.read_text()))
    readies = Counter({n: readies[n] for n in ids})
    for asset_id in ids:
        jobs = list(MediaJob.objects.filter(asset_id=asset_id).values_list("state", "attempts"))
        assert jobs == [(JobState.SUCCEEDED, 1)], (asset_id, jobs)
        assert readies[asset_id] == 1, (asset_id, readies)
    return readies


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_media_jobs_survive_a_broker_restart_and_a_lost_queue(
    tmp_path, settings, s3_storages, node, drill_tasks
):
    started = time.monotonic()
    settings.MEDIA_JOB_STALE_SECONDS = STALE_SECONDS
    env = _env(node, s3_storages)
    log = tmp_path / "workers.log"
    workers = Workers(env, log)
    contest = ContestFactory(
        kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value], min_files=1, max_files=1
    )
    figures = {}
    phases = []

    def mark(what: str) -> None:
        phases.append((what, time.monotonic() - started))

    try:
        # 1. Queued, the broker restarts, the reaper re-sends them all as well: two messages a job.
        first = _upload(contest, FILES_PER_CASE, "mot")
        queued_at = time.monotonic()  # after the upload: a job's age counts from its last save, not before it
        mark("uploaded")
        _wait_depth(node, FILES_PER_CASE)
        node.restart()
        # Celery's queues are durable and its messages persistent: they survive the restart.
        _wait_depth(node, FILES_PER_CASE)
        mark("restarted")
        _forgotten_after(queued_at)
        assert _reaper() == set(first)
        mark("re-sent")
        _wait_depth(node, 2 * FILES_PER_CASE)
        workers.start()
        _wait_ready(first, 60, log)
        mark("ready")
        _wait_depth(node, 0)  # the second messages too (a job still running sends its twin back for later)
        workers.stop()
        mark("workers stopped")
        figures["restart"] = _processed_once(first, log)
        duplicates_dropped = len(re.findall(r"media asset \d+: done", log.read_text()))
        assert duplicates_dropped == FILES_PER_CASE, "each second message found its job done"

        # 2. Queued, the broker restarts and the queue is lost; only the job table remembers.
        second = _upload(contest, FILES_PER_CASE, "hai")
        queued_at = time.monotonic()
        _wait_depth(node, FILES_PER_CASE)
        node.ctl("purge_queue", "media")
        node.restart()
        _wait_depth(node, 0)
        workers.start()
        _forgotten_after(queued_at)
        assert not MediaAsset.objects.filter(pk__in=second, state=AssetState.READY).exists(), "nothing to run"
        assert _reaper() == set(second)
        mark("re-queued")
        _wait_ready(second, 60, log)
        mark("ready")
        _wait_depth(node, 0)
        # The reaper again, once everything is done: nothing is left for it.
        assert _reaper() == set()
    finally:
        workers.stop()
    figures["lost queue"] = _processed_once(second, log)
    every = first + second
    assert not MediaJob.objects.filter(
        asset_id__in=every, state__in=[JobState.QUEUED, JobState.RUNNING]
    ).exists()
    assert not MediaAsset.objects.filter(
        pk__in=every, state__in=[AssetState.UPLOADED, AssetState.PROBING, AssetState.PROCESSING]
    ).exists()
    print(
        f"\nRabbitMQ restart drill: {len(every)} files; case 1 (restart, duplicates re-sent): "
        f"{sum(figures['restart'].values())} processed, {duplicates_dropped} duplicate messages dropped by the "
        f"claim; case 2 (queue lost): {sum(figures['lost queue'].values())} re-queued by the reaper and "
        f"processed; {time.monotonic() - started:.1f}s "
        f"({', '.join(f'{what} {at:.0f}s' for what, at in phases)})"
    )
