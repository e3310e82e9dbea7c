"""Running the media pipeline on clips, as jobs that survive crashed workers (DESIGN.md §4.6).

The same `submissions.media` pipeline as entries, in the same sandboxed child (`process_file_isolated`),
with `ClipJob` keeping `submissions.MediaJob`'s semantics: a job is claimed under a row lock, beats while it
works, writes renditions under keys fixed by the clip (`clips/renditions/<upload_key>/<name>`), and is
finalised exactly once under the lock. The author's bad file ends REJECTED with their reason and is never
retried; our own failures are retried with backoff, then end FAILED for organisers to see.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from challenges.enums import ClipState, RejectionSource
from challenges.models import Clip, ClipJob
from challenges.services.lifecycle import move_clip
from submissions.enums import ACTIVE_JOB_STATES, JobState
from submissions.media.errors import MediaFailed, MediaRejected
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import MediaKind, MediaLimits
from submissions.services.processing import RETRY_BASE_SECONDS, heartbeat_every, stale_after, worker_name

logger = logging.getLogger(__name__)

DONE_STATES = frozenset(
    {ClipState.PENDING, ClipState.APPROVED, ClipState.REJECTED, ClipState.FAILED, ClipState.WITHDRAWN}
)


def clip_limits(challenge) -> MediaLimits:
    """A challenge's limits: its maximum length (judged on the file's real length) and size."""
    return MediaLimits(max_bytes=challenge.max_bytes, max_duration_seconds=float(challenge.max_seconds))


def rendition_key(clip: Clip, name: str) -> str:
    return f"clips/renditions/{clip.upload_key}/{name}"


def _enqueue(clip_id: int, run_after=None) -> None:
    from challenges.tasks import process_clip

    task = process_clip.using(run_after=run_after) if run_after else process_clip
    task.enqueue(clip_id=clip_id)


def _reset_to_uploaded(clip: Clip) -> None:
    """A job taken over from a dead worker, or retried, starts again from UPLOADED (audited)."""
    if clip.state != ClipState.UPLOADED:
        move_clip(clip, ClipState.UPLOADED, reason="retry")


@transaction.atomic
def queue_processing(*, clip: Clip) -> ClipJob:
    """Opens a job for the clip (unless one is active) and enqueues it once the transaction commits."""
    locked = Clip.objects.select_for_update().get(pk=clip.pk)
    job = locked.jobs.filter(state__in=ACTIVE_JOB_STATES).first()
    if job is None:
        job = ClipJob.objects.create(clip=locked)
    transaction.on_commit(lambda: _enqueue(locked.pk))
    return job


@transaction.atomic
def retry_clip(*, clip: Clip, actor) -> ClipJob:
    """An organiser's retry of a clip that failed on our side: back to UPLOADED with a fresh job."""
    locked = Clip.objects.select_for_update().get(pk=clip.pk)
    move_clip(locked, ClipState.UPLOADED, actor=actor, reason="retry")
    locked.progress = 0
    locked.save()
    return queue_processing(clip=locked)


def _claim(clip_id: int, worker: str) -> tuple[ClipJob | None, str]:
    with transaction.atomic():
        clip = Clip.objects.select_for_update().filter(pk=clip_id).first()
        if clip is None:
            return None, "gone"
        if clip.state in DONE_STATES:
            return None, "done"
        job = clip.jobs.select_for_update().filter(state__in=ACTIVE_JOB_STATES).first()
        now = timezone.now()
        if job is None:
            job = ClipJob.objects.create(clip=clip)
        if job.state == JobState.RUNNING and job.heartbeat_at and now - job.heartbeat_at < stale_after():
            return None, "busy"
        if job.state == JobState.QUEUED and job.run_after and job.run_after > now + timedelta(seconds=1):
            return None, "later"
        if job.state == JobState.RUNNING:
            logger.warning("clip job %s: taking over from %s, whose heartbeat stopped", job.pk, job.worker)
        job.state = JobState.RUNNING
        job.attempts += 1
        job.worker = worker
        job.heartbeat_at = now
        job.started_at = now
        job.progress = 0
        job.save()
        if clip.state == ClipState.PROCESSING:
            _reset_to_uploaded(clip)
        move_clip(clip, ClipState.PROCESSING)
        clip.progress = 0
        clip.save()
        return job, ""


class _Heartbeat(threading.Thread):
    def __init__(self, job: ClipJob, worker: str):
        super().__init__(daemon=True, name=f"clip-heartbeat-{job.pk}")
        self.job_id = job.pk
        self.clip_id = job.clip_id
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
        updated = ClipJob.objects.filter(pk=self.job_id, worker=self.worker, state=JobState.RUNNING).update(
            heartbeat_at=timezone.now(), progress=percent
        )
        if updated:
            Clip.objects.filter(pk=self.clip_id, state=ClipState.PROCESSING).update(progress=percent)

    def stop(self):
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=10)


def process_clip(*, clip_id: int) -> str:
    """Probes, transcodes and scrubs one clip (video only, within the challenge's length and size);
    returns what happened: pending (ready for moderation), rejected, retry, failed, or why it did nothing."""
    worker = worker_name()
    job, why = _claim(clip_id, worker)
    if job is None:
        if why == "busy":
            _enqueue(clip_id, run_after=timezone.now() + stale_after())
        return why
    clip = Clip.objects.select_related("challenge").get(pk=clip_id)
    heartbeat = _Heartbeat(job, worker)
    heartbeat.start()
    work_dir = Path(tempfile.mkdtemp(prefix="kmm-clip-"))
    try:
        source = work_dir / "original"
        with storages["private"].open(clip.original.name, "rb") as stored, open(source, "wb") as local:
            shutil.copyfileobj(stored, local, 1024 * 1024)

        def on_progress(percent: float) -> None:
            heartbeat.progress = percent

        result = process_file_isolated(
            path=source,
            kind=MediaKind.VIDEO,
            out_dir=work_dir / "out",
            limits=clip_limits(clip.challenge),
            on_progress=on_progress,
            timeout_seconds=settings.MEDIA_JOB_TIMEOUT_SECONDS,
        )
        heartbeat.stop()
        renditions = _store_renditions(clip, result.renditions)
        return _finish(job, worker, probe=result.probe, renditions=renditions)
    except MediaRejected as rejected:
        heartbeat.stop()
        return _finish(job, worker, reason=rejected.reason, error=rejected.reason_en)
    except (MediaFailed, OSError, ValueError, RuntimeError) as failure:
        heartbeat.stop()
        logger.exception("clip job %s failed on attempt %s", job.pk, job.attempts)
        return _fail(job, worker, str(getattr(failure, "detail", failure))[:2000])
    finally:
        heartbeat.stop()
        shutil.rmtree(work_dir, ignore_errors=True)


def _store_renditions(clip: Clip, renditions) -> list[dict]:
    storage = storages["private"]
    stored = []
    for rendition in renditions:
        key = rendition_key(clip, rendition.name)
        if storage.exists(key):
            storage.delete(key)
        with open(rendition.path, "rb") as handle:
            saved = storage.save(key, File(handle, name=rendition.name))
        if saved != key:
            raise MediaFailed(f"storage renamed {key} to {saved}")
        stored.append({**rendition.as_dict(), "key": key})
    return stored


@transaction.atomic
def _finish(job, worker, *, probe=None, renditions=None, reason="", error="") -> str:
    locked = ClipJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != JobState.RUNNING or locked.worker != worker:
        logger.warning("clip job %s was taken over while %s worked on it", job.pk, worker)
        return "superseded"
    clip = Clip.objects.select_for_update().get(pk=locked.clip_id)
    ok = not reason
    if clip.state == ClipState.WITHDRAWN:
        outcome = "withdrawn"
    elif ok:
        move_clip(clip, ClipState.PENDING)
        clip.probe = probe or {}
        clip.renditions = renditions or []
        clip.progress = 100
        outcome = "pending"
    else:
        move_clip(clip, ClipState.REJECTED, reason=reason)
        clip.rejection_source = RejectionSource.FILE
        clip.rejection_reason = reason
        outcome = "rejected"
    clip.save()
    locked.state = JobState.SUCCEEDED if ok else JobState.REJECTED
    locked.progress = 100 if ok else locked.progress
    locked.error = error
    locked.finished_at = timezone.now()
    locked.save()
    return outcome


@transaction.atomic
def _fail(job, worker, detail: str) -> str:
    locked = ClipJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != JobState.RUNNING or locked.worker != worker:
        return "superseded"
    clip = Clip.objects.select_for_update().get(pk=locked.clip_id)
    locked.error = detail
    locked.worker = ""
    if locked.attempts < locked.max_attempts:
        delay = timedelta(seconds=RETRY_BASE_SECONDS * 4 ** (locked.attempts - 1))
        locked.state = JobState.QUEUED
        locked.run_after = timezone.now() + delay
        if clip.state != ClipState.WITHDRAWN:
            _reset_to_uploaded(clip)
        outcome = "retry"
        run_after = locked.run_after
        transaction.on_commit(lambda: _enqueue(clip.pk, run_after=run_after))
    else:
        locked.state = JobState.FAILED
        locked.finished_at = timezone.now()
        if clip.state != ClipState.WITHDRAWN:
            move_clip(clip, ClipState.FAILED, reason=detail[:500])
        outcome = "failed"
    locked.save()
    clip.save()
    return outcome


@transaction.atomic
def reap_stale_clip_jobs(*, now=None) -> list[int]:
    """Re-queues clip jobs whose worker stopped beating, and re-sends queued jobs no queue picked up.
    Returns the ids of the clips it re-queued."""
    now = now or timezone.now()
    requeued = []
    stale = ClipJob.objects.select_for_update(skip_locked=True).filter(
        state=JobState.RUNNING, heartbeat_at__lt=now - stale_after()
    )
    for job in stale:
        clip = Clip.objects.select_for_update().get(pk=job.clip_id)
        job.worker = ""
        job.error = "worker stopped beating"
        if job.attempts >= job.max_attempts:
            job.state = JobState.FAILED
            job.finished_at = now
            if clip.state == ClipState.PROCESSING:
                move_clip(clip, ClipState.FAILED, reason=job.error)
        else:
            job.state = JobState.QUEUED
            job.run_after = None
            if clip.state == ClipState.PROCESSING:
                _reset_to_uploaded(clip)
            requeued.append(clip.pk)
        job.save()
        clip.save()
    forgotten = ClipJob.objects.filter(
        state=JobState.QUEUED, updated_at__lt=now - 10 * stale_after()
    ).exclude(run_after__gt=now)
    for job in forgotten:
        job.save(update_fields=["updated_at"])
        requeued.append(job.clip_id)
    for clip_id in requeued:
        transaction.on_commit(lambda clip_id=clip_id: _enqueue(clip_id))
    return requeued
