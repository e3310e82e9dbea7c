"""Resumable chunked uploads on the embedded default, driven over HTTP as upload.js drives them."""

import hashlib
import io
import os
import uuid
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from contest.errors import DomainError
from submissions.enums import AssetState
from submissions.models import MediaAsset, UploadSession, UploadState
from submissions.services.uploads import composite_sha256, store_file
from tests.factories import EntrantFactory
from tests.factories.entries import add_file, comic_contest, draft_entry, png_bytes, video_contest

pytestmark = pytest.mark.django_db

CHUNK = 64 * 1024
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.UPLOAD_CHUNK_BYTES = CHUNK
    settings.UPLOAD_MAX_CHUNK_BYTES = CHUNK


@pytest.fixture
def entry():
    return draft_entry(contest=video_contest(max_file_bytes=2 * 1024 * 1024))


@pytest.fixture
def entrant_client(client, entry):
    client.force_login(entry.lead_entrant)
    return client


def video_bytes(size=CHUNK * 3 + 1234):
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    return head + os.urandom(size - len(head))


def start(client, entry, *, name="phim.mp4", size=1000, key=None):
    return client.post(
        reverse("submissions:upload_start", args=[entry.pk]),
        {"name": name, "size": size, "client_key": str(key or uuid.uuid4())},
    )


def put_chunk(client, session_id, offset, data, digest=None):
    return client.put(
        reverse("submissions:upload", args=[session_id]) + f"?offset={offset}",
        data=data,
        content_type="application/octet-stream",
        headers={"X-Chunk-Sha256": digest or hashlib.sha256(data).hexdigest()},
    )


def complete(client, session_id, checksum):
    return client.post(reverse("submissions:upload_complete", args=[session_id]), {"checksum": checksum})


def upload_all(client, entry, data, *, name="phim.mp4"):
    session = start(client, entry, name=name, size=len(data)).json()
    for offset in range(0, len(data), session["chunk_size"]):
        assert (
            put_chunk(
                client, session["id"], offset, data[offset : offset + session["chunk_size"]]
            ).status_code
            == 200
        )
    return session, complete(client, session["id"], composite_sha256(data, chunk_size=session["chunk_size"]))


@override_settings(TASKS=DUMMY_TASKS)
def test_upload_chunks_create_asset_and_enqueue_processing(
    entrant_client, entry, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    default_task_backend.clear()
    data = video_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        _session, response = upload_all(entrant_client, entry, data)
    assert response.status_code == 200, response.json()
    asset = MediaAsset.objects.get(entry=entry)
    assert asset.size == len(data)
    assert asset.sha256 == hashlib.sha256(data).hexdigest()
    assert asset.state == AssetState.UPLOADED
    assert asset.original.name.startswith("originals/")
    assert "phim" not in asset.original.name
    with storages["private"].open(asset.original.name) as stored:
        assert stored.read() == data
    assert asset.original_name == "phim.mp4"
    ours = [r for r in default_task_backend.results if r.task.name == "process_media_asset"]
    assert [r.kwargs for r in ours] == [{"asset_id": asset.pk}]
    assert ours[0].task.queue_name == "media"
    assert not any(p.name.endswith(".part") for p in _temp_dir().glob("*"))


def _temp_dir():
    from django.conf import settings

    return settings.UPLOAD_TEMP_DIR


def test_upload_resumes_from_received_offset_after_dropped_connection(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    assert put_chunk(entrant_client, session["id"], 0, data[:CHUNK]).status_code == 200
    # The connection drops halfway through the second chunk: the server keeps only whole chunks.
    broken = entrant_client.put(
        reverse("submissions:upload", args=[session["id"]]) + f"?offset={CHUNK}",
        data=data[CHUNK : CHUNK + 1000],
        content_type="application/octet-stream",
        headers={"X-Chunk-Sha256": hashlib.sha256(data[CHUNK : 2 * CHUNK]).hexdigest()},
    )
    assert broken.status_code == 400
    status = entrant_client.get(reverse("submissions:upload", args=[session["id"]])).json()
    assert status["received"] == CHUNK
    for offset in range(status["received"], len(data), CHUNK):
        assert (
            put_chunk(entrant_client, session["id"], offset, data[offset : offset + CHUNK]).status_code == 200
        )
    response = complete(entrant_client, session["id"], composite_sha256(data, chunk_size=CHUNK))
    assert response.status_code == 200
    assert MediaAsset.objects.get(entry=entry).sha256 == hashlib.sha256(data).hexdigest()


def test_upload_chunk_out_of_order_is_409_with_offset(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    response = put_chunk(entrant_client, session["id"], CHUNK, data[CHUNK : 2 * CHUNK])
    assert response.status_code == 409
    assert response.json()["received"] == 0
    assert "không nối tiếp" in response.json()["error"]


def test_upload_duplicated_chunk_is_409_and_keeps_bytes(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    put_chunk(entrant_client, session["id"], 0, data[:CHUNK])
    put_chunk(entrant_client, session["id"], CHUNK, data[CHUNK : 2 * CHUNK])
    response = put_chunk(entrant_client, session["id"], 0, b"z" * CHUNK)
    assert response.status_code == 409
    assert response.json()["received"] == 2 * CHUNK
    assert UploadSession.objects.get(pk=session["id"]).received == 2 * CHUNK


def test_upload_oversized_chunk_is_413(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    response = put_chunk(entrant_client, session["id"], 0, data[: CHUNK + 1])
    assert response.status_code == 413
    assert "quá lớn" in response.json()["error"]


def test_upload_corrupted_chunk_is_400_and_cut_off(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    response = put_chunk(entrant_client, session["id"], 0, data[:CHUNK], digest="0" * 64)
    assert response.status_code == 400
    assert "mã kiểm tra" in response.json()["error"]
    assert UploadSession.objects.get(pk=session["id"]).received == 0


def test_upload_complete_before_all_bytes_is_409_and_resumable(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    put_chunk(entrant_client, session["id"], 0, data[:CHUNK])
    response = complete(entrant_client, session["id"], composite_sha256(data, chunk_size=CHUNK))
    assert response.status_code == 409
    assert response.json()["received"] == CHUNK
    assert not MediaAsset.objects.exists()
    assert UploadSession.objects.get(pk=session["id"]).state == UploadState.ACTIVE


def test_upload_complete_with_wrong_checksum_is_400_and_creates_nothing(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    for offset in range(0, len(data), CHUNK):
        put_chunk(entrant_client, session["id"], offset, data[offset : offset + CHUNK])
    response = complete(
        entrant_client, session["id"], composite_sha256(b"other" + data[5:], chunk_size=CHUNK)
    )
    assert response.status_code == 400
    assert "mã kiểm tra" in response.json()["error"]
    assert not MediaAsset.objects.exists()
    assert UploadSession.objects.get(pk=session["id"]).state == UploadState.ABORTED


def test_upload_complete_twice_returns_same_asset(entrant_client, entry):
    data = video_bytes()
    session, first = upload_all(entrant_client, entry, data)
    again = complete(entrant_client, session["id"], composite_sha256(data, chunk_size=CHUNK))
    assert again.status_code == 200
    assert again.json()["asset"]["id"] == first.json()["asset"]["id"]
    assert MediaAsset.objects.count() == 1


def test_upload_start_with_same_client_key_returns_same_session(entrant_client, entry):
    key = uuid.uuid4()
    first = start(entrant_client, entry, size=5000, key=key).json()
    again = start(entrant_client, entry, size=5000, key=key).json()
    assert first["id"] == again["id"]
    assert UploadSession.objects.count() == 1


def test_upload_start_file_too_large_is_413(entrant_client, entry):
    response = start(entrant_client, entry, size=3 * 1024 * 1024)
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.json()["error"]
    assert "2,0" in response.json()["error"] or "2.0" in response.json()["error"]


def test_upload_start_wrong_kind_is_400(entrant_client, entry):
    response = start(entrant_client, entry, name="bai.docx", size=1000)
    assert response.status_code == 400
    assert "không nhận loại tệp" in response.json()["error"]
    assert "MP4" in response.json()["error"]


def test_upload_start_over_file_count_is_400(entrant_client, entry):
    upload_all(entrant_client, entry, video_bytes())
    response = start(entrant_client, entry, name="phim2.mp4", size=1000)
    assert response.status_code == 400
    assert "đã đủ 1 tệp" in response.json()["error"]


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.mp4", "a/b.mp4", "phim\x00.mp4", "phim\n.mp4", "phim\u202e4pm.exe", "x\u2066.mp4"],
)
def test_upload_start_bad_file_name_is_400(entrant_client, entry, name):
    response = start(entrant_client, entry, name=name, size=1000)
    assert response.status_code == 400
    error = response.json()["error"]
    # Paths are refused by the upload's own check; control and bidi characters by every form's text guard.
    assert "Tên tệp" in error or "một dòng" in error or "ký tự điều khiển" in error
    assert not UploadSession.objects.exists()


def test_upload_start_more_than_three_at_once_is_429(client):
    contest = comic_contest(max_files=6)
    entry = draft_entry(contest=contest)
    client.force_login(entry.lead_entrant)
    for n in range(3):
        assert start(client, entry, name=f"trang{n}.png", size=1000).status_code == 200
    response = start(client, entry, name="trang4.png", size=1000)
    assert response.status_code == 429
    assert "cùng lúc" in response.json()["error"]


def test_upload_start_after_deadline_is_403(entrant_client, entry):
    entry.contest.closes_at = timezone.now() - timedelta(seconds=1)
    entry.contest.save()
    response = start(entrant_client, entry, size=1000)
    assert response.status_code == 403
    assert "hết hạn" in response.json()["error"]


def test_upload_chunk_after_deadline_is_refused_and_keeps_received(entrant_client, entry):
    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    put_chunk(entrant_client, session["id"], 0, data[:CHUNK])
    entry.contest.closes_at = timezone.now() - timedelta(seconds=1)
    entry.contest.save()
    response = put_chunk(entrant_client, session["id"], CHUNK, data[CHUNK : 2 * CHUNK])
    assert response.status_code == 403
    assert UploadSession.objects.get(pk=session["id"]).received == CHUNK


def test_upload_to_someone_elses_entry_is_404(client, entry):
    client.force_login(EntrantFactory())
    assert start(client, entry, size=1000).status_code == 404


def test_upload_session_of_someone_else_is_404(entrant_client, entry):
    from django.test import Client

    session = start(entrant_client, entry, size=CHUNK * 2).json()
    stranger = Client()
    stranger.force_login(EntrantFactory())
    assert stranger.get(reverse("submissions:upload", args=[session["id"]])).status_code == 404
    assert put_chunk(stranger, session["id"], 0, b"x" * CHUNK).status_code == 404
    assert complete(stranger, session["id"], "0" * 64).status_code == 404


def test_upload_abort_frees_the_slot(entrant_client, entry):
    session = start(entrant_client, entry, size=CHUNK * 2).json()
    assert entrant_client.delete(reverse("submissions:upload", args=[session["id"]])).status_code == 200
    assert UploadSession.objects.get(pk=session["id"]).state == UploadState.ABORTED
    assert start(entrant_client, entry, size=1000).status_code == 200


def test_upload_chunk_reads_request_as_stream_not_body(entrant_client, entry, monkeypatch):
    from django.http import HttpRequest

    def forbidden(self):
        raise AssertionError("request.body must not be read for a chunk")

    data = video_bytes()
    session = start(entrant_client, entry, size=len(data)).json()
    monkeypatch.setattr(HttpRequest, "body", property(forbidden))
    assert put_chunk(entrant_client, session["id"], 0, data[:CHUNK]).status_code == 200


@override_settings(TASKS=DUMMY_TASKS)
def test_store_file_streams_to_random_key_and_enqueues(django_capture_on_commit_callbacks):
    from django.tasks import default_task_backend

    default_task_backend.clear()
    entry = draft_entry(contest=comic_contest())
    data = png_bytes(label="1")
    with django_capture_on_commit_callbacks(execute=True):
        asset = store_file(
            entry=entry, actor=entry.lead_entrant, fileobj=io.BytesIO(data), original_name="Trang 1.PNG"
        )
    assert asset.kind == "image"
    assert asset.sha256 == hashlib.sha256(data).hexdigest()
    assert asset.original.name.startswith("originals/")
    ours = [r for r in default_task_backend.results if r.task.name == "process_media_asset"]
    assert [r.kwargs for r in ours] == [{"asset_id": asset.pk}]


def test_store_file_same_content_twice_is_refused():
    entry = draft_entry(contest=comic_contest())
    data = png_bytes(label="1")
    add_file(entry=entry, data=data, name="a.png")
    with pytest.raises(DomainError, match="đã có"):
        add_file(entry=entry, data=data, name="b.png")
    assert entry.assets.count() == 1


def test_store_file_too_big_is_refused():
    entry = draft_entry(contest=comic_contest(max_file_bytes=1000))
    with pytest.raises(DomainError, match="quá lớn"):
        add_file(entry=entry, data=b"\x89PNG" + b"x" * 2000, name="a.png")
    assert not entry.assets.exists()


def _all_bytes_received(entry, data):
    from submissions.services import uploads

    session = uploads.start_upload(
        entry=entry,
        actor=entry.lead_entrant,
        original_name="phim.mp4",
        size=len(data),
        client_key=uuid.uuid4(),
    )
    for offset in range(0, len(data), session.chunk_size):
        part = data[offset : offset + session.chunk_size]
        uploads.receive_chunk(
            session=session,
            actor=entry.lead_entrant,
            offset=offset,
            stream=io.BytesIO(part),
            length=len(part),
        )
    return session


def _complete_with_failed_commit(monkeypatch, session, checksum):
    """Completes with the database gone just before the commit: the file is moved, the transaction fails."""
    from django.db import OperationalError

    from submissions.services import uploads

    def server_gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patched:
        patched.setattr(uploads, "touch_entry_content", server_gone)
        with pytest.raises(OperationalError):
            uploads.complete_upload(session=session, actor=session.created_by, checksum=checksum)
    session.refresh_from_db()


def test_upload_completed_again_after_its_commit_failed_finds_the_moved_file(entry, monkeypatch):
    """The PostgreSQL restart drill found it: the first completion moved the finished file into private
    storage, then its transaction failed (the server went away before the commit). The row still said
    "active" with every byte received, the temporary file was gone, and every retry answered 409 "the server
    has 725 KB of 725 KB, send the rest" for ever. The retry now checks the moved file and completes."""
    from submissions.services import uploads

    data = video_bytes()
    session = _all_bytes_received(entry, data)
    checksum = composite_sha256(data, chunk_size=session.chunk_size)
    _complete_with_failed_commit(monkeypatch, session, checksum)
    assert session.state == UploadState.ACTIVE
    assert session.received == len(data)
    assert not uploads.temp_path(session).exists()  # moved before the transaction failed

    asset = uploads.complete_upload(session=session, actor=entry.lead_entrant, checksum=checksum)

    assert asset.sha256 == hashlib.sha256(data).hexdigest()
    with storages["private"].open(asset.original.name) as stored:
        assert stored.read() == data
    assert MediaAsset.objects.filter(entry=entry).count() == 1


def test_upload_moved_by_a_failed_commit_with_another_checksum_is_refused_and_removed(entry, monkeypatch):
    from submissions.services import uploads

    data = video_bytes()
    session = _all_bytes_received(entry, data)
    _complete_with_failed_commit(monkeypatch, session, composite_sha256(data, chunk_size=session.chunk_size))

    with pytest.raises(DomainError):
        uploads.complete_upload(session=session, actor=entry.lead_entrant, checksum="0" * 64)

    session.refresh_from_db()
    assert session.state == UploadState.ABORTED
    assert not storages["private"].exists(session.storage_key)
    assert not MediaAsset.objects.filter(entry=entry).exists()
