"""The production path processes media (issue 15): the Celery worker started exactly as README.md and
cms/celery.py give it — `celery -A cms worker -Q default,media`, Celery's default prefork pool with a process
per core — on PostgreSQL, the S3 server and RabbitMQ, takes an entry of every contest kind to "ready"; and a job
that fails outside the pipeline's expected errors ends retried or failed, never stuck in "probing"."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection

from contest.enums import ContestKind, MediaKind
from submissions.enums import AssetState, JobState
from submissions.models import MediaAsset, MediaJob
from submissions.services.processing import process_asset
from tests.factories import ContestFactory, EntrantFactory
from tests.factories.entries import add_file, draft_entry, png_bytes
from tests.submissions.test_identity_every_kind import KINDS

ROOT = Path(settings.BASE_DIR)


def _worker_env(s3, broker_url: str) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DATABASE_URL": f"postgres://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "celery",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/15",
        "S3_ENDPOINT_URL": settings.S3_ENDPOINT_URL,
        "S3_PRIVATE_BUCKET": s3["private"],
        "S3_PUBLIC_BUCKET": s3["public"],
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
    }


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_as_documented_processes_every_kind_on_postgresql_s3_and_rabbitmq(
    tmp_path, settings, s3_storages, node, drill_tasks
):
    # A RabbitMQ node of the test's own (conftest.py): the jobs are sent there and the worker reads there.
    env = _worker_env(s3_storages, node.url)
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "cms", "purge", "-f", "-Q", "default,media"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    log = tmp_path / "worker.log"
    out = log.open("ab")  # closed below, once the worker has stopped
    # The command of cms/celery.py and README.md; only a node name of its own is added, so that a worker
    # left by another run cannot answer for this one.
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "-Q",
            "default,media",
            "-n",
            f"kmm-prod-{time.time_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        entrant = EntrantFactory(full_name="Lê Minh Châu")
        for kind, (media_kinds, makers) in KINDS.items():
            contest = ContestFactory(
                kind=kind,
                accepted_media_kinds=[m.value for m in media_kinds],
                min_files=1,
                max_files=4,
                max_file_bytes=200 * 1024 * 1024,
                max_duration_seconds=600,
            )
            entry = draft_entry(contest=contest, entrant=entrant, title=f"Bài {kind.label}")
            folder = tmp_path / kind.value
            folder.mkdir()
            for make in makers:
                made = make(folder)
                add_file(entry=entry, data=made.read_bytes(), name=made.name)
        assets = MediaAsset.objects.all()
        assert assets.count() >= len(KINDS)
        _wait_for(
            lambda: (
                not assets.exclude(
                    state__in=[AssetState.READY, AssetState.REJECTED, AssetState.FAILED]
                ).exists()
            ),
            900,
            "every file to be processed by the worker",
        )
        pool = subprocess.run(["pgrep", "-g", str(worker.pid)], capture_output=True, text=True).stdout.split()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        out.close()
    states = dict(assets.values_list("original_name", "state"))
    assert set(states.values()) == {AssetState.READY}, (states, log.read_text()[-4000:])
    assert MediaJob.objects.filter(state=JobState.SUCCEEDED).count() == assets.count()
    assert len(pool) >= 3, "prefork: the main process and a child per core"
    for asset in assets:
        for rendition in asset.renditions:
            assert storages["private"].exists(rendition["key"]), rendition


@pytest.mark.django_db
def test_a_failure_outside_the_pipeline_is_retried_then_failed_never_left_probing(settings, s3_storages):
    contest = ContestFactory(kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value])
    entry = draft_entry(contest=contest, entrant=EntrantFactory())
    asset = add_file(entry=entry, data=png_bytes(label="mất"), name="tranh.png")
    # The S3 server goes away: the storage client raises its own error (botocore's), not an OSError.
    private = settings.STORAGES["private"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**private, "OPTIONS": {**private["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}},
    }

    outcome = process_asset(asset_id=asset.pk)

    assert outcome == "retry"
    asset.refresh_from_db()
    job = MediaJob.objects.get(asset=asset)
    assert asset.state == AssetState.UPLOADED
    assert job.state == JobState.QUEUED
    assert "Error" in job.error
    MediaJob.objects.filter(pk=job.pk).update(run_after=None, attempts=job.max_attempts - 1)
    assert process_asset(asset_id=asset.pk) == "failed"
    asset.refresh_from_db()
    assert asset.state == AssetState.FAILED
