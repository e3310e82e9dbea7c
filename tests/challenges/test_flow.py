"""A clip's whole way: uploaded over HTTP in chunks as upload.js sends it, processed by the real pipeline,
moderated by an organiser in the admin, then on the challenge's public wall with the credit consent allows."""

import hashlib
import uuid

import pytest
from django.urls import reverse

from challenges.enums import ClipState
from challenges.models import Clip, ClipUpload
from submissions.enums import UploadState
from submissions.services.uploads import composite_sha256
from tests.challenges.conftest import DISPLAY_ALL, consent

pytestmark = pytest.mark.django_db

CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.UPLOAD_CHUNK_BYTES = CHUNK
    settings.UPLOAD_MAX_CHUNK_BYTES = CHUNK


def send_clip(client, challenge, data: bytes, *, name="clip-cua-lan.mp4", drop_after: int | None = None):
    """Start, chunks (optionally stopping after `drop_after` chunks, as a dropped connection), complete."""
    start = client.post(
        reverse("challenges:upload_start", args=[challenge.slug]),
        {"name": name, "size": len(data), "client_key": str(uuid.uuid4())},
    )
    assert start.status_code == 200, start.content
    session = start.json()
    return session, resume(client, session, data, drop_after=drop_after)


def resume(client, session, data, *, drop_after=None):
    url = reverse("challenges:upload", args=[session["id"]])
    received = client.get(url).json()["received"]
    for sent, offset in enumerate(range(received, len(data), session["chunk_size"])):
        if drop_after is not None and sent == drop_after:
            return None
        piece = data[offset : offset + session["chunk_size"]]
        response = client.put(
            f"{url}?offset={offset}",
            data=piece,
            content_type="application/octet-stream",
            headers={"X-Chunk-Sha256": hashlib.sha256(piece).hexdigest()},
        )
        assert response.status_code == 200, response.content
    return client.post(
        reverse("challenges:upload_complete", args=[session["id"]]),
        {"checksum": composite_sha256(data, chunk_size=session["chunk_size"])},
    )


def test_pupil_clip_goes_from_upload_to_the_wall(
    client, challenge, pupil, organiser, clip_files, media_tasks, django_capture_on_commit_callbacks
):
    consent(pupil)  # her own and her guardian's consent to show the work, not her name
    data = clip_files["rotated"].read_bytes()
    client.force_login(pupil)
    page = client.get(reverse("challenges:send", args=[challenge.slug]))
    assert page.status_code == 200
    assert b'id="uploader"' in page.content
    assert b"submissions/upload.js" in page.content

    session, dropped = send_clip(client, challenge, data, drop_after=1)
    assert dropped is None  # the connection dropped after one chunk; the server kept it
    assert ClipUpload.objects.get(pk=session["id"]).received == CHUNK
    with django_capture_on_commit_callbacks(execute=True):
        done = resume(client, session, data)
    assert done.status_code == 200, done.content
    clip = Clip.objects.get(pk=done.json()["clip"]["id"])
    assert clip.state == ClipState.PENDING  # processed by the real pipeline, inline
    assert ClipUpload.objects.get(pk=session["id"]).state == UploadState.COMPLETED
    assert clip.rendition("video_720.mp4")["height"] > clip.rendition("video_720.mp4")["width"]

    wall = reverse("challenges:detail", args=[challenge.slug])
    client.logout()
    assert f"wall-clip-{clip.pk}".encode() not in client.get(wall).content
    assert client.get(reverse("challenges:clip_file", args=[clip.pk, "video_360.mp4"])).status_code == 404

    client.force_login(organiser)
    queue = client.get(reverse("challenges_queue"))
    assert queue.status_code == 200
    assert f'data-clip="{clip.pk}"'.encode() in queue.content
    assert client.get(reverse("challenges_clip", args=[clip.pk])).status_code == 200
    client.post(reverse("challenges_approve", args=[clip.pk]))
    clip.refresh_from_db()
    assert clip.state == ClipState.APPROVED
    assert clip.on_wall

    client.logout()
    page = client.get(wall).content.decode()
    assert f"wall-clip-{clip.pk}" in page
    assert "Lan N." in page  # first name and initial: no consent to show her full name
    assert "Nguyễn Thị Lan" not in page
    played = client.get(reverse("challenges:clip_file", args=[clip.pk, "video_360.mp4"]))
    assert played.status_code == 200
    assert played["Content-Type"] == "video/mp4"
    assert client.get(reverse("challenges:clip_file", args=[clip.pk, "original"])).status_code == 404


def test_organiser_rejects_with_a_reason_the_author_reads(client, challenge, student, organiser, clip_files):
    from tests.factories.clips import processed_clip

    clip = processed_clip(challenge=challenge, author=student, path=clip_files["plain"])
    client.force_login(organiser)
    response = client.post(reverse("challenges_reject", args=[clip.pk]), {"reason": ""})
    assert response.status_code == 302
    clip.refresh_from_db()
    assert clip.state == ClipState.PENDING  # no reason, no decision
    client.post(reverse("challenges_reject", args=[clip.pk]), {"reason": "Clip có biển số xe rõ ràng."})
    clip.refresh_from_db()
    assert clip.state == ClipState.REJECTED
    client.force_login(student)
    page = client.get(reverse("challenges:clip", args=[clip.pk])).content.decode()
    assert "Clip có biển số xe rõ ràng." in page


def test_safeguarding_flag_is_confidential_and_audited(client, challenge, pupil, organiser, clip_files):
    from privacy.models import SafeguardingFlag
    from tests.factories.clips import processed_clip

    clip = processed_clip(challenge=challenge, author=pupil, path=clip_files["plain"])
    client.force_login(organiser)
    client.post(
        reverse("challenges_flag", args=[clip.pk]),
        {"category": "self_harm", "summary": "Em nói về việc tự làm đau mình ở giây 10."},
    )
    flag = SafeguardingFlag.objects.get()
    assert flag.subject == pupil
    assert flag.about == clip
    clip.refresh_from_db()
    assert clip.state == ClipState.PENDING  # a flag changes nothing about the clip
    event = clip.events.get(kind="safeguarding")
    assert "tự làm đau" not in event.reason
    client.force_login(pupil)
    assert "tự làm đau" not in client.get(reverse("challenges:clip", args=[clip.pk])).content.decode()
    organiser.is_safeguarding_officer = True
    organiser.save()
    client.force_login(organiser)
    officer_page = client.get(reverse("safeguarding_flag", kwargs={"pk": flag.pk})).content.decode()
    assert reverse("challenges_clip", args=[clip.pk]) in officer_page


def test_full_name_with_name_consent_and_none_when_asked(client, challenge, student, organiser, clip_files):
    from tests.factories.clips import processed_clip

    consent(student, purposes=DISPLAY_ALL, guardian=False)
    clip = processed_clip(challenge=challenge, author=student, path=clip_files["plain"], approve_by=organiser)
    wall = reverse("challenges:detail", args=[challenge.slug])
    assert "Trần Minh Anh" in client.get(wall).content.decode()
    client.force_login(student)
    client.post(reverse("challenges:clip", args=[clip.pk]), {"caption": "", "wants_credit": ""})
    client.logout()
    page = client.get(wall).content.decode()
    assert f"wall-clip-{clip.pk}" in page
    assert "Trần Minh Anh" not in page
    assert "Anh T." not in page


def test_bad_input_is_a_clear_4xx(client, challenge, pupil):
    client.force_login(pupil)
    url = reverse("challenges:upload_start", args=[challenge.slug])
    cases = [
        ({"name": "bai-hat.mp3", "size": 1000, "client_key": str(uuid.uuid4())}, 400, "chỉ nhận clip video"),
        ({"name": "clip.mp4", "size": 10**12, "client_key": str(uuid.uuid4())}, 413, "quá lớn"),
        ({"name": "clip.mp4", "size": 0, "client_key": str(uuid.uuid4())}, 400, "trống"),
        (
            {"name": "../../etc/passwd.mp4", "size": 10, "client_key": str(uuid.uuid4())},
            400,
            "không được phép",
        ),
        ({"name": "clip.mp4", "size": "abc", "client_key": "x"}, 400, ""),
    ]
    for data, status, words in cases:
        response = client.post(url, data)
        assert response.status_code == status, (data, response.content)
        assert words in response.json()["error"]
    session = client.post(url, {"name": "clip.mp4", "size": 10, "client_key": str(uuid.uuid4())}).json()
    upload = reverse("challenges:upload", args=[session["id"]])
    assert (
        client.put(f"{upload}?offset=abc", data=b"x", content_type="application/octet-stream").status_code
        == 400
    )
    assert (
        client.put(f"{upload}?offset=5", data=b"x", content_type="application/octet-stream").status_code
        == 409
    )
    complete = reverse("challenges:upload_complete", args=[session["id"]])
    assert client.post(complete, {"checksum": "nope"}).status_code == 400
    assert client.post(complete, {"checksum": "0" * 64}).status_code == 409


def test_closed_challenge_takes_no_clip(client, challenge, pupil):
    from datetime import timedelta

    from django.utils import timezone

    challenge.opens_at = timezone.now() - timedelta(days=10)
    challenge.closes_at = timezone.now() - timedelta(days=1)
    challenge.save()
    client.force_login(pupil)
    response = client.post(
        reverse("challenges:upload_start", args=[challenge.slug]),
        {"name": "clip.mp4", "size": 10, "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 403
    assert "không nhận clip" in response.json()["error"]
    assert b'id="uploader"' not in client.get(reverse("challenges:send", args=[challenge.slug])).content


def test_clip_limit_per_person(client, challenge, pupil):
    from tests.factories.clips import ClipFactory

    challenge.max_clips_per_person = 1
    challenge.save()
    ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    client.force_login(pupil)
    response = client.post(
        reverse("challenges:upload_start", args=[challenge.slug]),
        {"name": "clip.mp4", "size": 10, "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert "đủ 1 clip" in response.json()["error"]
