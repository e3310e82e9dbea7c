import pytest
from django.urls import reverse

from submissions.enums import AssetState
from submissions.models import JobState, MediaAsset, MediaJob
from tests.factories import EntrantFactory, EntryFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def failed_job():
    asset = MediaAsset.objects.create(
        entry=EntryFactory(),
        kind="video",
        original="originals/x",
        size=10,
        sha256="0" * 64,
        state=AssetState.FAILED,
    )
    return MediaJob.objects.create(
        asset=asset, state=JobState.FAILED, attempts=3, error="ffmpeg exited with 1"
    )


def test_organiser_sees_failed_jobs_and_retries(client, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    job = failed_job()
    client.force_login(OrganiserFactory())
    listing = client.get(reverse("wagtailsnippets_submissions_mediajob:list"), {"state": "failed"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "ffmpeg exited with 1" in html
    assert f"{job.asset.entry.code} · 1" in html
    assert f"{job.asset.entry_id}#1" not in html
    assert reverse("media_job_retry", args=[job.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("media_job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.asset.refresh_from_db()
    assert job.asset.state == AssetState.UPLOADED
    assert MediaJob.objects.filter(asset=job.asset, state=JobState.QUEUED).count() == 1


def test_retry_of_a_file_that_did_not_fail_is_refused_with_message(client):
    job = failed_job()
    MediaAsset.objects.filter(pk=job.asset_id).update(state=AssetState.READY)
    client.force_login(OrganiserFactory())
    response = client.post(reverse("media_job_retry", args=[job.pk]), follow=True)
    assert "Chỉ có thể chạy lại tệp" in response.content.decode()
    assert MediaJob.objects.filter(asset=job.asset).count() == 1


def test_entrant_cannot_retry_jobs(client):
    job = failed_job()
    client.force_login(EntrantFactory())
    assert client.post(reverse("media_job_retry", args=[job.pk])).status_code in {302, 403}
    job.asset.refresh_from_db()
    assert job.asset.state == AssetState.FAILED
