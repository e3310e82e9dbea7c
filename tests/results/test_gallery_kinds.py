"""Every kind of work plays on its public page: entries of all 8 contest kinds whose files went through
the real pipeline (probe, transcode, scrub, identity search) are published; the page shows the right
player, every public file answers with its type (videos seek), public files carry no metadata, originals
and private renditions are never reachable, and taking the work down makes every URL answer 404."""

import re
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from contest.enums import ContestKind
from privacy.enums import ConsentPurpose
from results.models import PublicFile
from results.public_files import publish_entry_files, remove_public_files
from tests.factories.gallery import award
from tests.factories.media_files import identifying_fields
from tests.factories.privacy import give_full_consent
from tests.submissions.test_identity_every_kind import DUMMY_TASKS, KINDS, processed_entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dummy_tasks")]


@pytest.fixture
def dummy_tasks(settings):
    """The pipeline is run by hand here, as the workers do; nothing is queued."""
    settings.TASKS = DUMMY_TASKS


PLAYERS = {
    ContestKind.ESSAY: {"essay"},
    ContestKind.DRAWING: {"image"},
    ContestKind.COMIC: {"image", "pages"},
    ContestKind.MUSIC: {"audio"},
    ContestKind.VIDEO: {"video"},
    ContestKind.POSTER: {"image"},
    ContestKind.PRESENTATION: {"pages"},
    ContestKind.GAME_DESIGN: {"pages", "essay"},
}


def body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("kind", list(KINDS), ids=[k.value for k in KINDS])
def test_every_kind_plays_on_its_public_page(kind, tmp_path, client, django_capture_on_commit_callbacks):
    entry, _organiser, entrant, school = processed_entry(kind, tmp_path)
    give_full_consent(entrant, purposes=(ConsentPurpose.DISPLAY_WORK,))
    award(entry)
    public = publish_entry_files(entry=entry)
    assert public is not None
    assert publish_entry_files(entry=entry).pk == public.pk  # idempotent: nothing copied twice
    files = list(PublicFile.objects.filter(public_entry=public))
    assert len({f.key for f in files}) == len(files)

    page = client.get(reverse("gallery:entry", args=[public.key]))
    assert page.status_code == 200
    html = page.content.decode()
    assert set(re.findall(r'data-player="(\w+)"', html)) == PLAYERS[kind]
    # Without consent to name her, the page says "Hạnh T." and nothing of her name or school.
    assert "Hạnh T." in html
    assert entrant.full_name not in html
    assert school.name not in html
    assert "renditions/" not in html

    storage = storages["default"]
    for f in files:
        url = storage.url(f.key)
        assert url in html, f.name
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == f.mime
        assert body(response) == storage.open(f.key).read()
        assert identifying_fields(Path(storage.path(f.key)), [entrant.full_name, school.name]) == [], f.name
    if kind == ContestKind.VIDEO:
        video = next(f for f in files if f.role == "video")
        ranged = client.get(storage.url(video.key), HTTP_RANGE="bytes=100-299")
        assert ranged.status_code == 206
        assert len(body(ranged)) == 200
        assert ranged["Content-Range"] == f"bytes 100-299/{video.size}"
    if kind in (ContestKind.ESSAY, ContestKind.GAME_DESIGN):
        assert "essay-reader" in html

    for asset in entry.assets.all():
        assert asset.original_name not in html
        for path in (
            asset.original.name,
            f"../private/{asset.original.name}",
            "../private/" + asset.renditions[0]["key"],
        ):
            # Django answers a path that climbs out of the public store with 400 (SuspiciousFileOperation).
            assert client.get(f"/media/{path}").status_code in (400, 404), path
            assert client.get(f"/media/{path}", HTTP_RANGE="bytes=0-9").status_code in (400, 404), path
        assert not any(storage.exists(r["key"]) for r in asset.renditions)

    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(remove_public_files(entry=entry)) == sorted(storage.url(f.key) for f in files)
    assert remove_public_files(entry=entry) == []
    for f in files:
        assert client.get(storage.url(f.key)).status_code == 404
        assert not storage.exists(f.key)
    assert client.get(reverse("gallery:entry", args=[public.key])).status_code == 404


def test_public_copies_on_object_storage_play_seek_and_go(
    s3_storages, client, django_capture_on_commit_callbacks
):
    """With S3 storages, as in production: the copies land in the public bucket with their content type,
    answer range requests, and are deleted on takedown; the private bucket keeps the originals."""
    import json

    import requests

    from tests.factories.gallery import public_work

    # As the operator sets up the public bucket (behind the CDN): anyone may read, nobody may list.
    bucket = s3_storages["public"]
    s3_storages["client"].put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{bucket}/*",
                    }
                ],
            }
        ),
    )

    public = public_work(title="Bàn tay ấm")
    files = list(PublicFile.objects.filter(public_entry=public))
    assert files
    html = client.get(reverse("gallery:entry", args=[public.key])).content.decode()
    storage = storages["default"]
    for f in files:
        url = storage.url(f.key)
        assert url.startswith(s3_storages["client"].meta.endpoint_url)
        assert s3_storages["public"] in url
        assert url in html
        response = requests.get(url, timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == f.mime
        ranged = requests.get(url, headers={"Range": "bytes=0-9"}, timeout=10)
        assert ranged.status_code == 206
        assert len(ranged.content) == 10
    with django_capture_on_commit_callbacks(execute=True):
        removed = remove_public_files(entry=public.entry)
    assert sorted(removed) == sorted(storage.url(f.key) for f in files)
    listed = s3_storages["client"].list_objects_v2(Bucket=s3_storages["public"]).get("Contents", [])
    assert listed == []
    for url in removed:
        assert requests.get(url, timeout=10).status_code in (403, 404)
