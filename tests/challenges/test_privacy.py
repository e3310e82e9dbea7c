"""A person's clips are in their data export (with the original file) and go with their data."""

import io
import json
import zipfile

import pytest

from privacy.services.data_rights import export_personal_data
from tests.factories.clips import processed_clip

pytestmark = pytest.mark.django_db


def test_export_holds_clips_and_their_originals(challenge, pupil, clip_files):
    clip = processed_clip(challenge=challenge, author=pupil, path=clip_files["plain"], caption="Clip của Lan")
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user=pupil)))
    names = archive.namelist()
    data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    (exported,) = data["challenge_clips"]
    assert exported["caption"] == "Clip của Lan"
    assert exported["state"] == "pending"
    assert [h["to"] for h in exported["history"]] == ["processing", "pending"]
    original = next(n for n in names if n.startswith("clips/"))
    assert archive.read(original) == clip_files["plain"].read_bytes()
    assert str(clip.pk) in original
