"""Clip uploads against the S3-compatible test server: parts go straight to the bucket, and the clip is
processed and played from there."""

import hashlib
import os
import uuid

import pytest
import requests
from django.urls import reverse

from challenges.enums import ClipState
from challenges.models import Clip
from submissions.services.uploads import composite_sha256
from tests.challenges.conftest import DISPLAY, consent

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _five_mib_parts(settings, s3_storages):
    settings.UPLOAD_CHUNK_BYTES = 5 * MIB


def start(client, challenge, size, name="clip.mp4"):
    response = client.post(
        reverse("challenges:upload_start", args=[challenge.slug]),
        {"name": name, "size": size, "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200, response.json()
    return response.json()


def put_parts(client, session, data, numbers):
    response = client.post(
        reverse("challenges:upload_presign", args=[session["id"]]), {"parts": ",".join(map(str, numbers))}
    )
    assert response.status_code == 200, response.json()
    chunk = session["chunk_size"]
    for part in response.json()["parts"]:
        body = data[(part["number"] - 1) * chunk : part["number"] * chunk]
        assert requests.put(part["url"], data=body, timeout=30).status_code == 200


def complete(client, session, data):
    return client.post(
        reverse("challenges:upload_complete", args=[session["id"]]),
        {"checksum": composite_sha256(data, chunk_size=session["chunk_size"])},
    )


def test_parts_resume_and_a_file_that_is_no_video_is_refused(
    client, challenge, pupil, media_tasks, django_capture_on_commit_callbacks
):
    data = os.urandom(11 * MIB + 17)
    client.force_login(pupil)
    session = start(client, challenge, len(data))
    assert session["backend"] == "s3"
    assert session["part_count"] == 3
    put_parts(client, session, data, [1, 3])
    status = client.get(reverse("challenges:upload", args=[session["id"]])).json()
    assert status["parts_done"] == [1, 3]
    early = complete(client, session, data)
    assert early.status_code == 409
    put_parts(client, session, data, [2])
    with django_capture_on_commit_callbacks(execute=True):
        response = complete(client, session, data)
    assert response.status_code == 200, response.json()
    clip = Clip.objects.get()
    assert clip.sha256 == hashlib.sha256(data).hexdigest()
    clip.refresh_from_db()
    assert clip.state == ClipState.REJECTED  # random bytes named .mp4


def test_clip_processed_and_played_from_the_bucket(
    client, challenge, student, organiser, clip_files, media_tasks, django_capture_on_commit_callbacks
):
    from challenges.services.moderation import approve_clip

    consent(student, purposes=DISPLAY, guardian=False)
    data = clip_files["vertical"].read_bytes()
    client.force_login(student)
    session = start(client, challenge, len(data))
    put_parts(client, session, data, [1])
    with django_capture_on_commit_callbacks(execute=True):
        assert complete(client, session, data).status_code == 200
    clip = Clip.objects.get()
    assert clip.state == ClipState.PENDING
    approve_clip(clip=clip, actor=organiser)
    client.logout()
    response = client.get(
        reverse("challenges:clip_file", args=[clip.pk, "video_360.mp4"]), headers={"Range": "bytes=0-99"}
    )
    assert response.status_code == 206
    assert len(b"".join(response.streaming_content)) == 100
