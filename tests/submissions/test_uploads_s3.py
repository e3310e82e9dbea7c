"""The same upload protocol against the S3-compatible test server: parts go straight to the bucket through
presigned multipart URLs, and the server's own checks are what stands."""

import hashlib
import os
import uuid

import pytest
import requests
from django.urls import reverse

from submissions.models import MediaAsset, UploadSession, UploadState
from submissions.services.uploads import composite_sha256
from tests.factories import EntrantFactory
from tests.factories.entries import draft_entry, video_contest

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _five_mib_parts(settings):
    settings.UPLOAD_CHUNK_BYTES = 5 * MIB


@pytest.fixture
def entry(s3_storages):
    return draft_entry(contest=video_contest(max_file_bytes=50 * MIB))


@pytest.fixture
def entrant_client(client, entry):
    client.force_login(entry.lead_entrant)
    return client


def start(client, entry, size, name="phim.mp4"):
    response = client.post(
        reverse("submissions:upload_start", args=[entry.pk]),
        {"name": name, "size": size, "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200, response.json()
    return response.json()


def presign(client, session, numbers):
    response = client.post(
        reverse("submissions:upload_presign", args=[session["id"]]), {"parts": ",".join(map(str, numbers))}
    )
    assert response.status_code == 200, response.json()
    return {p["number"]: p["url"] for p in response.json()["parts"]}


def put_parts(client, session, data, numbers):
    chunk = session["chunk_size"]
    for number, url in presign(client, session, numbers).items():
        body = data[(number - 1) * chunk : number * chunk]
        assert requests.put(url, data=body, timeout=30).status_code == 200


def complete(client, session, checksum):
    return client.post(reverse("submissions:upload_complete", args=[session["id"]]), {"checksum": checksum})


def test_s3_upload_through_presigned_parts_creates_checked_asset(entrant_client, entry, s3_storages):
    data = os.urandom(11 * MIB + 17)
    session = start(entrant_client, entry, len(data))
    assert session["backend"] == "s3"
    assert session["chunk_size"] >= 5 * MIB
    assert session["part_count"] == 3
    put_parts(entrant_client, session, data, [1, 3])
    status = entrant_client.get(reverse("submissions:upload", args=[session["id"]])).json()
    assert status["parts_done"] == [1, 3]
    put_parts(entrant_client, session, data, [2])
    response = complete(entrant_client, session, composite_sha256(data, chunk_size=session["chunk_size"]))
    assert response.status_code == 200, response.json()
    asset = MediaAsset.objects.get(entry=entry)
    assert asset.sha256 == hashlib.sha256(data).hexdigest()
    assert asset.size == len(data)
    head = s3_storages["client"].head_object(Bucket=s3_storages["private"], Key=asset.original.name)
    assert head["ContentLength"] == len(data)
    assert asset.original.name.startswith("originals/")


def test_s3_complete_with_missing_part_is_409_and_resumable(entrant_client, entry):
    data = os.urandom(11 * MIB)
    session = start(entrant_client, entry, len(data))
    put_parts(entrant_client, session, data, [1, 2])
    response = complete(entrant_client, session, composite_sha256(data, chunk_size=session["chunk_size"]))
    assert response.status_code == 409
    assert "phần còn lại" in response.json()["error"]
    assert UploadSession.objects.get(pk=session["id"]).state == UploadState.ACTIVE
    put_parts(entrant_client, session, data, [3])
    assert (
        complete(
            entrant_client, session, composite_sha256(data, chunk_size=session["chunk_size"])
        ).status_code
        == 200
    )


def test_s3_part_of_wrong_size_is_not_accepted(entrant_client, entry):
    data = os.urandom(6 * MIB)
    session = start(entrant_client, entry, len(data))
    urls = presign(entrant_client, session, [1, 2])
    # Test servers do not enforce the declared size: a bigger first part is stored, and must be refused.
    requests.put(urls[1], data=data[: session["chunk_size"]] + b"extra!", timeout=30)
    requests.put(urls[2], data=data[session["chunk_size"] :], timeout=30)
    response = complete(entrant_client, session, composite_sha256(data, chunk_size=session["chunk_size"]))
    assert response.status_code == 409
    assert not MediaAsset.objects.exists()


def test_s3_complete_with_wrong_checksum_is_400_and_object_removed(entrant_client, entry, s3_storages):
    data = os.urandom(5 * MIB + 10)
    session = start(entrant_client, entry, len(data))
    put_parts(entrant_client, session, data, [1, 2])
    tampered = bytearray(data)
    tampered[100] ^= 0xFF
    response = complete(
        entrant_client, session, composite_sha256(bytes(tampered), chunk_size=session["chunk_size"])
    )
    assert response.status_code == 400
    assert "mã kiểm tra" in response.json()["error"]
    assert not MediaAsset.objects.exists()
    listing = s3_storages["client"].list_objects_v2(Bucket=s3_storages["private"])
    assert listing.get("KeyCount", 0) == 0


def test_s3_presign_part_outside_file_is_400(entrant_client, entry):
    session = start(entrant_client, entry, 6 * MIB)
    response = entrant_client.post(
        reverse("submissions:upload_presign", args=[session["id"]]), {"parts": "1,9"}
    )
    assert response.status_code == 400


def test_s3_download_original_is_short_lived_signed_link(entrant_client, entry, client):
    data = os.urandom(1000)
    session = start(entrant_client, entry, len(data))
    put_parts(entrant_client, session, data, [1])
    asset_id = complete(
        entrant_client, session, composite_sha256(data, chunk_size=session["chunk_size"])
    ).json()["asset"]["id"]
    response = entrant_client.get(reverse("submissions:asset_download", args=[asset_id]))
    assert response.status_code == 302
    assert "X-Amz-Expires=300" in response["Location"] or "Expires=" in response["Location"]
    assert requests.get(response["Location"], timeout=30).content == data
    client.force_login(EntrantFactory())
    assert client.get(reverse("submissions:asset_download", args=[asset_id])).status_code == 404


@pytest.fixture
def s3_calls(s3_storages):
    """The operations the web process sends to the S3 server, in order (botocore's own event)."""
    from django.core.files.storage import storages

    client = storages["private"].connection.meta.client
    calls = []

    def record(model, **kwargs):
        calls.append(model.name)

    client.meta.events.register("before-call.s3", record)
    yield calls
    client.meta.events.unregister("before-call.s3", record)


def test_the_web_asks_the_s3_server_only_what_it_must(entrant_client, entry, s3_calls):
    """Each call keeps a web thread waiting on the S3 server: under the rush they were most of the time of
    "upload start" and "upload complete". A new upload has no parts to list; the object's length comes
    with its GET."""
    data = os.urandom(6 * MIB + 5)
    session = start(entrant_client, entry, len(data))
    assert s3_calls == ["CreateMultipartUpload"]
    assert session["parts_done"] == []
    put_parts(entrant_client, session, data, [1, 2])
    assert s3_calls == ["CreateMultipartUpload"], "presigning is local"
    s3_calls.clear()
    resumed = entrant_client.get(reverse("submissions:upload", args=[session["id"]])).json()
    assert resumed["parts_done"] == [1, 2]
    assert s3_calls == ["ListParts"]
    s3_calls.clear()
    response = complete(entrant_client, session, composite_sha256(data, chunk_size=session["chunk_size"]))
    assert response.status_code == 200, response.json()
    assert s3_calls == ["ListParts", "CompleteMultipartUpload", "GetObject"]
    assert MediaAsset.objects.get(entry=entry).sha256 == hashlib.sha256(data).hexdigest()
