"""Running the media pipeline on stored originals, as jobs that survive crashed workers (DESIGN.md §4.6).

A job is claimed under a row lock, keeps a heartbeat while it works, writes its renditions under keys fixed
by the asset (`renditions/<upload_key>/<name>`), and is finalised under the lock again, so a job that two
workers both ran — one of them presumed dead — still completes exactly once with one set of renditions.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.formats import format_for
from submissions.enums import ACTIVE_JOB_STATES, ASSET_TRANSITIONS, AssetState, JobState
from submissions.media.errors import MediaFailed, MediaRejected
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import limits_for_contest
from submissions.models import MediaAsset
from submissions.models.jobs import MediaJob

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "MEDIA_JOB_STALE_SECONDS", 60))


def heartbeat_every() -> float:
    return max(0.5, stale_after().total_seconds() / 6)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def rendition_key(asset: MediaAsset, name: str) -> str:
    return f"renditions/{asset.upload_key}/{name}"


def _move_asset(asset: MediaAsset, to_state: str) -> None:
    """The asset's lifecycle table applies; a job taken over from a dead worker goes back through UPLOADED."""
    if asset.state == to_state:
        return
    if (
        to_state not in ASSET_TRANSITIONS[asset.state]
        and AssetState.UPLOADED in ASSET_TRANSITIONS[asset.state]
    ):
        asset.state = AssetState.UPLOADED
    if to_state not in ASSET_TRANSITIONS[asset.state]:
        raise ValueError(f"asset {asset.pk}: {asset.state} → {to_state} is not allowed")
    asset.state = to_state


def _enqueue(asset_id: int, run_after=None) -> None:
    from submissions.tasks import process_media_asset

    task = process_media_asset.using(run_after=run_after) if run_after else process_media_asset
    task.enqueue(asset_id=asset_id)


def _enqueue_identity_check(asset_id: int) -> None:
    from submissions.tasks import check_asset_identity

    check_asset_identity.enqueue(asset_id=asset_id)


@transaction.atomic
def queue_processing(*, asset: MediaAsset) -> MediaJob:
    """Opens a job for the asset (unless one is active) and enqueues it once the transaction commits."""
    locked = MediaAsset.objects.select_for_update().get(pk=asset.pk)
    job = locked.jobs.filter(state__in=ACTIVE_JOB_STATES).first()
    if job is None:
        job = MediaJob.objects.create(asset=locked)
    transaction.on_commit(lambda: _enqueue(locked.pk))
    return job


@transaction.atomic
def retry_asset(*, asset: MediaAsset, actor=None) -> MediaJob:
    """An organiser's retry of a failed file: back to UPLOADED with a fresh job and fresh attempts."""
    locked = MediaAsset.objects.select_for_update().get(pk=asset.pk)
    if locked.state != AssetState.FAILED:
        from contest.errors import InvalidTransition

        raise InvalidTransition(_("Chỉ có thể chạy lại tệp đang ở trạng thái “Lỗi xử lý”."))
    _move_asset(locked, AssetState.UPLOADED)
    locked.progress = 0
    locked.save(update_fields=["state", "progress", "updated_at"])
    logger.info("asset %s retried by %s", locked.pk, getattr(actor, "pk", None))
    return queue_processing(asset=locked)


def _claim(asset_id: int, worker: str) -> tuple[MediaJob | None, str]:
    """Takes the asset's job for this worker. Returns (job, "") or (None, why-not)."""
    with transaction.atomic():
        try:
            asset = MediaAsset.objects.select_for_update().get(pk=asset_id)
        except MediaAsset.DoesNotExist:
            return None, "gone"
        if asset.state in {AssetState.READY, AssetState.REJECTED, AssetState.FAILED}:
            return None, "done"
        job = asset.jobs.select_for_update().filter(state__in=ACTIVE_JOB_STATES).first()
        now = timezone.now()
        if job is None:
            job = MediaJob.objects.create(asset=asset)
        if job.state == JobState.RUNNING and job.heartbeat_at and now - job.heartbeat_at < stale_after():
            return None, "busy"
        if job.state == JobState.QUEUED and job.run_after and job.run_after > now + timedelta(seconds=1):
            return None, "later"
        if job.state == JobState.RUNNING:
            logger.warning("job %s: taking over from %s, whose heartbeat stopped", job.pk, job.worker)
        job.state = JobState.RUNNING
        job.attempts += 1
        job.worker = worker
        job.heartbeat_at = now
        job.started_at = now
        job.progress = 0
        job.save()
        _move_asset(asset, AssetState.PROBING)
        asset.progress = 0
        asset.save(update_fields=["state", "progress", "updated_at"])
        return job, ""


class _Heartbeat(threading.Thread):
    """Beats for the job while the pipeline runs, and carries the latest progress to the database."""

    def __init__(self, job: MediaJob, worker: str):
        super().__init__(daemon=True, name=f"heartbeat-{job.pk}")
        self.job_id = job.pk
        self.asset_id = job.asset_id
        self.worker = worker
        self.progress = 0
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(heartbeat_every()):
                self.beat()
        finally:
            connection.close()

    def beat(self):
        percent = min(99, int(self.progress))
        updated = MediaJob.objects.filter(pk=self.job_id, worker=self.worker, state=JobState.RUNNING).update(
            heartbeat_at=timezone.now(), progress=percent
        )
        if updated:
            MediaAsset.objects.filter(pk=self.asset_id).update(progress=percent, state=AssetState.PROCESSING)

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)


def process_asset(*, asset_id: int) -> str:
    """Probes, transcodes and scrubs one asset; returns what happened (ready, rejected, retry, failed, or
    why it did nothing). The entrant's bad file ends REJECTED with their reason and is never retried; our own
    failures are retried with backoff, then end FAILED for organisers to see."""
    worker = worker_name()
    job, why = _claim(asset_id, worker)
    if job is None:
        if why == "busy":
            _enqueue(asset_id, run_after=timezone.now() + stale_after())
        return why
    asset = MediaAsset.objects.select_related("entry__contest").get(pk=asset_id)
    heartbeat = _Heartbeat(job, worker)
    heartbeat.start()
    work_dir = Path(tempfile.mkdtemp(prefix="kmm-job-"))
    try:
        source = work_dir / "original"
        with storages["private"].open(asset.original.name, "rb") as stored, open(source, "wb") as local:
            shutil.copyfileobj(stored, local, 1024 * 1024)

        def on_progress(percent: float) -> None:
            heartbeat.progress = percent

        result = process_file_isolated(
            path=source,
            kind=asset.kind,
            out_dir=work_dir / "out",
            limits=limits_for_contest(format_for(asset.entry.contest)),
            on_progress=on_progress,
            timeout_seconds=settings.MEDIA_JOB_TIMEOUT_SECONDS,
        )
        heartbeat.stop()
        renditions = _store_renditions(asset, result.renditions)
        return _finish(job, worker, state=JobState.SUCCEEDED, probe=result.probe, renditions=renditions)
    except MediaRejected as rejected:
        heartbeat.stop()
        return _finish(job, worker, state=JobState.REJECTED, reason=rejected.reason, error=rejected.reason_en)
    except (MediaFailed, OSError, ValueError, RuntimeError) as failure:
        heartbeat.stop()
        logger.exception("job %s failed on attempt %s", job.pk, job.attempts)
        return _fail(job, worker, str(getattr(failure, "detail", failure))[:2000])
    except Exception as failure:
        # Anything else is our failure as well: retried, then failed; a job is never left "running" with its
        # file shown as probing until the reaper notices.
        heartbeat.stop()
        logger.exception("job %s failed on attempt %s outside the pipeline", job.pk, job.attempts)
        return _fail(job, worker, f"{type(failure).__name__}: {failure}"[:2000])
    finally:
        heartbeat.stop()
        shutil.rmtree(work_dir, ignore_errors=True)


def _store_renditions(asset: MediaAsset, renditions) -> list[dict]:
    storage = storages["private"]
    stored = []
    for rendition in renditions:
        key = rendition_key(asset, rendition.name)
        if storage.exists(key):
            storage.delete(key)
        with open(rendition.path, "rb") as handle:
            saved = storage.save(key, File(handle, name=rendition.name))
        if saved != key:
            raise MediaFailed(f"storage renamed {key} to {saved}")
        stored.append({**rendition.as_dict(), "key": key})
    return stored


@transaction.atomic
def _finish(job, worker, *, state, probe=None, renditions=None, reason="", error="") -> str:
    locked = MediaJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != JobState.RUNNING or locked.worker != worker:
        logger.warning(
            "job %s was taken over while %s worked on it; leaving it to the new worker", job.pk, worker
        )
        return "superseded"
    asset = MediaAsset.objects.select_for_update().get(pk=locked.asset_id)
    now = timezone.now()
    if state == JobState.SUCCEEDED:
        _move_asset(asset, AssetState.PROCESSING)
        _move_asset(asset, AssetState.READY)
        asset.probe = probe or {}
        asset.renditions = renditions or []
        asset.progress = 100
        asset.rejection_reason = ""
        asset_id = asset.pk
        transaction.on_commit(lambda: _enqueue_identity_check(asset_id))
    else:
        _move_asset(asset, AssetState.REJECTED)
        asset.rejection_reason = reason
    asset.save()
    locked.state = state
    locked.progress = 100 if state == JobState.SUCCEEDED else locked.progress
    locked.error = error
    locked.finished_at = now
    locked.save()
    return "ready" if state == JobState.SUCCEEDED else "rejected"


@transaction.atomic
def _fail(job, worker, detail: str) -> str:
    locked = MediaJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != JobState.RUNNING or locked.worker != worker:
        return "superseded"
    asset = MediaAsset.objects.select_for_update().get(pk=locked.asset_id)
    locked.error = detail
    locked.worker = ""
    if locked.attempts < locked.max_attempts:
        delay = timedelta(seconds=RETRY_BASE_SECONDS * 4 ** (locked.attempts - 1))
        locked.state = JobState.QUEUED
        locked.run_after = timezone.now() + delay
        _move_asset(asset, AssetState.UPLOADED)
        outcome = "retry"
        transaction.on_commit(lambda: _enqueue(asset.pk, run_after=locked.run_after))
    else:
        locked.state = JobState.FAILED
        locked.finished_at = timezone.now()
        _move_asset(asset, AssetState.FAILED)
        outcome = "failed"
    locked.save()
    asset.save(update_fields=["state", "updated_at"])
    return outcome


@transaction.atomic
def reap_stale_jobs(*, now=None) -> list[int]:
    """Re-queues jobs whose worker stopped beating, and re-sends queued jobs that no queue picked up.
    Returns the ids of the assets it re-queued."""
    now = now or timezone.now()
    requeued = []
    stale = MediaJob.objects.select_for_update(skip_locked=True).filter(
        state=JobState.RUNNING, heartbeat_at__lt=now - stale_after()
    )
    for job in stale:
        asset = MediaAsset.objects.select_for_update().get(pk=job.asset_id)
        job.worker = ""
        job.error = "worker stopped beating"
        if job.attempts >= job.max_attempts:
            job.state = JobState.FAILED
            job.finished_at = now
            _move_asset(asset, AssetState.FAILED)
        else:
            job.state = JobState.QUEUED
            job.run_after = None
            _move_asset(asset, AssetState.UPLOADED)
            requeued.append(asset.pk)
        job.save()
        asset.save(update_fields=["state", "updated_at"])
    forgotten = MediaJob.objects.filter(
        state=JobState.QUEUED, updated_at__lt=now - 10 * stale_after()
    ).exclude(run_after__gt=now)
    for job in forgotten:
        job.save(update_fields=["updated_at"])
        requeued.append(job.asset_id)
    for asset_id in requeued:
        transaction.on_commit(lambda asset_id=asset_id: _enqueue(asset_id))
    return requeued
