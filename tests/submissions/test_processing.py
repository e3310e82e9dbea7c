"""Media jobs: exactly-once completion, rejection without retry, retry with backoff, the reaper, and a
Celery worker killed with SIGKILL in the middle of a transcode."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from submissions.enums import AssetState
from submissions.models import JobState, MediaAsset, MediaJob
from submissions.services.processing import process_asset, queue_processing, reap_stale_jobs, rendition_key
from tests.factories import ContestFactory, EntryFactory
from tests.factories.media_files import make_video

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
ROOT = Path(__file__).resolve().parents[2]


def stored_asset(path: Path, *, kind="video", contest=None) -> MediaAsset:
    entry = EntryFactory(contest=contest or ContestFactory(max_file_bytes=500 * 1024 * 1024))
    with open(path, "rb") as handle:
        key = storages["private"].save(f"originals/{os.urandom(8).hex()}", File(handle))
    data = path.read_bytes()
    return MediaAsset.objects.create(
        entry=entry,
        kind=kind,
        original=key,
        original_name="Nguyen Van A - truong THCS.mp4",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def media_tasks(backend):
    return [r for r in backend.results if r.task.name == "process_media_asset"]


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS
    from django.tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


@pytest.mark.django_db
def test_process_asset_makes_renditions_once(tmp_path, dummy_tasks):
    asset = stored_asset(make_video(tmp_path / "clip.mp4", seconds=2))
    assert process_asset(asset_id=asset.pk) == "ready"
    asset.refresh_from_db()
    assert asset.state == AssetState.READY
    assert asset.progress == 100
    names = sorted(r["name"] for r in asset.renditions)
    assert "poster.jpg" in names
    assert any(name.endswith(".mp4") for name in names)
    for rendition in asset.renditions:
        assert rendition["key"] == rendition_key(asset, rendition["name"])
        assert storages["private"].exists(rendition["key"])
        assert "Nguyen" not in rendition["key"]
    job = MediaJob.objects.get(asset=asset)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 1)
    # A duplicate delivery of the same job does nothing.
    assert process_asset(asset_id=asset.pk) == "done"
    assert MediaJob.objects.filter(asset=asset).count() == 1


@pytest.mark.django_db
def test_process_asset_rejects_bad_file_without_retry(tmp_path, dummy_tasks):
    fake = tmp_path / "video.mp4"
    fake.write_text("<html><script>alert(1)</script></html>")
    asset = stored_asset(fake)
    assert process_asset(asset_id=asset.pk) == "rejected"
    asset.refresh_from_db()
    assert asset.state == AssetState.REJECTED
    assert asset.rejection_reason  # a sentence for the entrant
    assert MediaJob.objects.get(asset=asset).state == JobState.REJECTED
    assert media_tasks(dummy_tasks) == []


@pytest.mark.django_db
def test_process_asset_our_failure_is_retried_with_backoff_then_fails(
    tmp_path, dummy_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    asset = stored_asset(make_video(tmp_path / "clip.mp4", seconds=1))
    monkeypatch.setenv("FFMPEG_BINARY", "/bin/false")
    outcomes = []
    for _ in range(3):
        MediaJob.objects.filter(asset=asset).update(run_after=None)
        with django_capture_on_commit_callbacks(execute=True):
            outcomes.append(process_asset(asset_id=asset.pk))
    assert outcomes == ["retry", "retry", "failed"]
    asset.refresh_from_db()
    assert asset.state == AssetState.FAILED
    job = MediaJob.objects.get(asset=asset)
    assert (job.state, job.attempts) == (JobState.FAILED, 3)
    assert job.error
    assert len(media_tasks(dummy_tasks)) == 2
    assert all(result.task.run_after is not None for result in media_tasks(dummy_tasks))


@pytest.mark.django_db
def test_reaper_requeues_job_whose_worker_stopped_beating(
    tmp_path, dummy_tasks, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_JOB_STALE_SECONDS = 5
    asset = stored_asset(make_video(tmp_path / "clip.mp4", seconds=1))
    job = MediaJob.objects.create(
        asset=asset,
        state=JobState.RUNNING,
        attempts=1,
        worker="dead:1:1",
        heartbeat_at=timezone.now() - timedelta(seconds=30),
    )
    MediaAsset.objects.filter(pk=asset.pk).update(state=AssetState.PROCESSING)
    fresh = MediaJob.objects.create(
        asset=stored_asset(make_video(tmp_path / "b.mp4", seconds=1)),
        state=JobState.RUNNING,
        attempts=1,
        worker="alive:1:1",
        heartbeat_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reap_stale_jobs() == [asset.pk]
    assert [r.kwargs["asset_id"] for r in media_tasks(dummy_tasks)] == [asset.pk]
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert fresh.state == JobState.RUNNING
    asset.refresh_from_db()
    assert asset.state == AssetState.UPLOADED


@pytest.mark.django_db
def test_queue_processing_opens_one_job_and_enqueues_on_commit(
    tmp_path, dummy_tasks, django_capture_on_commit_callbacks
):
    asset = stored_asset(make_video(tmp_path / "clip.mp4", seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_processing(asset=asset)
        second = queue_processing(asset=asset)
    assert first.pk == second.pk
    assert len(media_tasks(dummy_tasks)) == 2
    assert {r.kwargs["asset_id"] for r in media_tasks(dummy_tasks)} == {asset.pk}


def _rabbitmq_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=1).close()
    except OSError:
        return False
    return True


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "-Q",
            "media,default",
            # Celery's default pool, as production runs it: tasks run in daemonic child processes.
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
            "-n",
            f"kmm-test-{time.time_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_celery_worker_killed_mid_transcode_job_completes_exactly_once(tmp_path, settings):
    assert _rabbitmq_up(), "RabbitMQ must run on 127.0.0.1:5672 (see the machine notes)"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_celery.CeleryBackend",
            "QUEUES": [],
            "OPTIONS": {"CELERY_APP": "cms.celery.app"},
        }
    }
    settings.MEDIA_JOB_STALE_SECONDS = 4
    video = make_video(tmp_path / "long.mp4", seconds=24, size="1280x720", noise=True)
    asset = stored_asset(video)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DATABASE_URL": f"postgres://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "celery",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "MEDIA_JOB_STALE_SECONDS": "4",
        "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/15",
    }
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "cms", "purge", "-f", "-Q", "media"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    log = tmp_path / "worker.log"
    first = _start_worker(env, log)
    second = None
    try:
        queue_processing(asset=asset)  # autocommit: enqueued at once
        _wait_for(
            lambda: MediaJob.objects.filter(asset=asset, state=JobState.RUNNING, progress__gt=0).exists(),
            120,
            "the transcode to start",
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        killed_job = MediaJob.objects.get(asset=asset)
        assert killed_job.state == JobState.RUNNING
        asset.refresh_from_db()
        assert asset.state != AssetState.READY

        second = _start_worker(env, log)
        _wait_for(
            lambda: MediaAsset.objects.filter(
                pk=asset.pk, state__in=[AssetState.READY, AssetState.FAILED]
            ).exists(),
            300,
            "the job to complete on the restarted worker",
        )
    finally:
        for proc in (first, second):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
    asset.refresh_from_db()
    assert asset.state == AssetState.READY, log.read_text()[-3000:]
    jobs = list(MediaJob.objects.filter(asset=asset))
    assert len(jobs) == 1
    assert jobs[0].state == JobState.SUCCEEDED
    assert jobs[0].attempts == 2
    names = [r["name"] for r in asset.renditions]
    assert len(names) == len(set(names))
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "renditions" / str(asset.upload_key)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


@pytest.mark.django_db
def test_entrant_page_shows_processing_progress(client, tmp_path):
    from django.urls import reverse

    asset = stored_asset(make_video(tmp_path / "clip.mp4", seconds=1))
    MediaAsset.objects.filter(pk=asset.pk).update(state=AssetState.PROCESSING, progress=45)
    client.force_login(asset.entry.lead_entrant)
    html = client.get(reverse("submissions:my_entries")).content.decode()
    assert "Đang xử lý 45%" in html
    assert 'value="45"' in html
