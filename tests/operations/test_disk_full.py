"""The disk of uploads full (issue 15): a chunk that does not fit is refused with a clear message (507), what
was received before stays byte for byte, and once space is back the upload resumes where it stopped and
completes — nothing corrupt, nothing lost. The disk is a real 1 MiB tmpfs, not a simulation."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from submissions.models import MediaAsset, UploadSession
from submissions.services.uploads import composite_sha256
from tests.factories.entries import draft_entry, video_contest
from tests.submissions.test_uploads import complete, put_chunk, start

pytestmark = pytest.mark.django_db
CHUNK = 256 * 1024


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"mounting a 1 MiB tmpfs needs root: {made.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_refuses_the_chunk_keeps_what_was_received_and_resumes(client, settings, tiny_disk):
    settings.UPLOAD_TEMP_DIR = tiny_disk / "uploads"
    settings.UPLOAD_CHUNK_BYTES = CHUNK
    settings.UPLOAD_MAX_CHUNK_BYTES = CHUNK
    entry = draft_entry(contest=video_contest(max_file_bytes=10 * 1024 * 1024))
    client.force_login(entry.lead_entrant)
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    data = head + os.urandom(3 * CHUNK + 1000 - len(head))
    session = start(client, entry, size=len(data)).json()
    filler = tiny_disk / "filler"
    filler.write_bytes(b"\0" * (1024 * 1024 - CHUNK - 64 * 1024))  # room for one chunk, not two

    assert put_chunk(client, session["id"], 0, data[:CHUNK]).status_code == 200
    refused = put_chunk(client, session["id"], CHUNK, data[CHUNK : 2 * CHUNK])

    assert refused.status_code == 507
    assert "hết chỗ lưu" in refused.json()["error"]
    part = Path(settings.UPLOAD_TEMP_DIR) / next(p.name for p in Path(settings.UPLOAD_TEMP_DIR).iterdir())
    assert part.read_bytes() == data[:CHUNK]
    assert UploadSession.objects.get(pk=session["id"]).received == CHUNK

    filler.unlink()
    for offset in range(CHUNK, len(data), CHUNK):
        assert put_chunk(client, session["id"], offset, data[offset : offset + CHUNK]).status_code == 200
    done = complete(client, session["id"], composite_sha256(data, chunk_size=CHUNK))
    assert done.status_code == 200, done.json()
    assert MediaAsset.objects.get(entry=entry).sha256 == hashlib.sha256(data).hexdigest()


def test_full_store_at_completion_keeps_the_upload_to_complete_later(client, settings, tiny_disk, tmp_path):
    settings.UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.UPLOAD_CHUNK_BYTES = CHUNK
    settings.UPLOAD_MAX_CHUNK_BYTES = CHUNK
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "cms.storage.PrivateFileSystemStorage", "OPTIONS": {"location": tiny_disk}},
    }
    entry = draft_entry(contest=video_contest(max_file_bytes=10 * 1024 * 1024))
    client.force_login(entry.lead_entrant)
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    data = head + os.urandom(3 * CHUNK - len(head))
    session = start(client, entry, size=len(data)).json()
    for offset in range(0, len(data), CHUNK):
        assert put_chunk(client, session["id"], offset, data[offset : offset + CHUNK]).status_code == 200
    filler = tiny_disk / "filler"
    filler.write_bytes(b"\0" * (1024 * 1024 - CHUNK))
    checksum = composite_sha256(data, chunk_size=CHUNK)

    refused = complete(client, session["id"], checksum)

    assert refused.status_code == 507
    assert not MediaAsset.objects.filter(entry=entry).exists()
    filler.unlink()
    done = complete(client, session["id"], checksum)
    assert done.status_code == 200, done.json()
    asset = MediaAsset.objects.get(entry=entry)
    assert asset.sha256 == hashlib.sha256(data).hexdigest()
    assert (tiny_disk / asset.original.name).read_bytes() == data
