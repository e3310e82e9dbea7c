"""Clip jobs survive a dead worker (the reaper), a double run completes once, and abandoned uploads go."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from challenges.enums import ClipState
from challenges.models import ClipJob, ClipUpload
from challenges.services.processing import _claim, process_clip, queue_processing, reap_stale_clip_jobs
from challenges.services.uploads import clean_abandoned_clip_uploads, start_clip_upload, temp_path
from submissions.enums import JobState, UploadState
from tests.factories.clips import stored_clip

pytestmark = pytest.mark.django_db


def test_job_of_a_dead_worker_is_requeued_then_finished(
    challenge, pupil, clip_files, django_capture_on_commit_callbacks
):
    clip = stored_clip(challenge=challenge, author=pupil, path=clip_files["plain"])
    queue_processing(clip=clip)
    job, why = _claim(clip.pk, "dead-worker")
    assert why == ""
    ClipJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=False):
        assert reap_stale_clip_jobs() == [clip.pk]
    clip.refresh_from_db()
    assert clip.state == ClipState.UPLOADED
    assert process_clip(clip_id=clip.pk) == "pending"
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.attempts == 2
    assert ClipJob.objects.filter(clip=clip).count() == 1
    states = [(e.from_state, e.to_state) for e in clip.events.all()]
    assert states == [
        ("uploaded", "processing"),
        ("processing", "uploaded"),
        ("uploaded", "processing"),
        ("processing", "pending"),
    ]


def test_finished_clip_is_not_processed_again(challenge, pupil, clip_files):
    clip = stored_clip(challenge=challenge, author=pupil, path=clip_files["plain"])
    assert process_clip(clip_id=clip.pk) == "pending"
    assert process_clip(clip_id=clip.pk) == "done"
    assert process_clip(clip_id=999_999) == "gone"


def test_withdrawn_while_processing_stays_withdrawn(challenge, pupil, clip_files):
    from challenges.services.moderation import withdraw_clip

    clip = stored_clip(challenge=challenge, author=pupil, path=clip_files["plain"])
    withdraw_clip(clip=clip, actor=pupil)
    assert process_clip(clip_id=clip.pk) == "done"
    clip.refresh_from_db()
    assert clip.state == ClipState.WITHDRAWN
    assert clip.renditions == []


def test_abandoned_uploads_are_cleaned(challenge, pupil, settings):
    upload = start_clip_upload(
        challenge=challenge, actor=pupil, original_name="clip.mp4", size=100, client_key=uuid.uuid4()
    )
    assert temp_path(upload).exists()
    assert clean_abandoned_clip_uploads() == 0
    ClipUpload.objects.filter(pk=upload.pk).update(updated_at=timezone.now() - timedelta(days=3))
    call_command("clip_reaper")
    upload.refresh_from_db()
    assert upload.state == UploadState.ABORTED
    assert not temp_path(upload).exists()


def test_clip_temporary_files_are_not_entries_orphans(challenge, pupil):
    from submissions.services.uploads import clean_abandoned_uploads

    upload = start_clip_upload(
        challenge=challenge, actor=pupil, original_name="clip.mp4", size=100, client_key=uuid.uuid4()
    )
    clean_abandoned_uploads(now=timezone.now() + timedelta(days=30))
    assert temp_path(upload).exists()
