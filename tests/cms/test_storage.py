import uuid

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import storages


def test_s3_round_trip_private_and_public(s3_storages):
    private = storages["private"]
    public = storages["default"]
    payload = ("Bài dự thi " + uuid.uuid4().hex).encode()

    key = private.save(f"originals/{uuid.uuid4().hex}", ContentFile(payload))
    assert private.exists(key)
    with private.open(key, "rb") as handle:
        assert handle.read() == payload
    listed = s3_storages["client"].list_objects_v2(Bucket=s3_storages["private"])["Contents"]
    assert [item["Key"] for item in listed] == [key]

    signed = private.url(key)
    assert "X-Amz-Signature=" in signed
    assert "X-Amz-Expires=300" in signed
    assert requests.get(signed, timeout=10).content == payload

    public_key = public.save("renditions/demo.txt", ContentFile(b"public"))
    assert "X-Amz-Signature" not in public.url(public_key)
    assert (
        s3_storages["client"].get_object(Bucket=s3_storages["public"], Key=public_key)["Body"].read()
        == b"public"
    )

    private.delete(key)
    assert not private.exists(key)


def test_local_private_storage_has_no_public_url():
    private = storages["private"]
    key = private.save("originals/x", ContentFile(b"x"))
    with pytest.raises(ValueError, match="not accessible via a URL"):
        private.url(key)
