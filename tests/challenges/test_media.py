"""Awkward clips through the real pipeline (sandboxed child, FFmpeg): what phones send, and what lies."""

import pytest
from django.core.files.storage import storages

from challenges.enums import ClipState, RejectionSource
from challenges.services.processing import process_clip
from submissions.enums import JobState
from tests.factories.clips import stored_clip
from tests.factories.media_files import identifying_fields

pytestmark = pytest.mark.django_db


def run(challenge, pupil, path):
    clip = stored_clip(challenge=challenge, author=pupil, path=path)
    outcome = process_clip(clip_id=clip.pk)
    clip.refresh_from_db()
    return outcome, clip


def video(clip, name="video_720.mp4"):
    return clip.rendition(name)


@pytest.mark.parametrize("kind", ["plain", "silent", "hdr", "vfr"])
def test_phone_clips_become_pending_with_scrubbed_renditions(kind, clip_files, challenge, pupil, tmp_path):
    outcome, clip = run(challenge, pupil, clip_files[kind])
    assert outcome == "pending"
    assert clip.state == ClipState.PENDING
    assert clip.progress == 100
    assert {r["name"] for r in clip.renditions} == {"video_720.mp4", "video_360.mp4", "poster.jpg"}
    assert clip.jobs.get().state == JobState.SUCCEEDED
    local = tmp_path / "720.mp4"
    with storages["private"].open(video(clip)["key"], "rb") as stored:
        local.write_bytes(stored.read())
    assert identifying_fields(local) == []
    assert [(e.from_state, e.to_state) for e in clip.events.all()] == [
        ("uploaded", "processing"),
        ("processing", "pending"),
    ]


def test_clip_without_audio_is_fine(clip_files, challenge, pupil):
    _outcome, clip = run(challenge, pupil, clip_files["silent"])
    assert [s for s in clip.probe["streams"] if s["type"] == "audio"] == []
    assert clip.state == ClipState.PENDING


@pytest.mark.parametrize("kind", ["rotated", "vertical"])
def test_portrait_clips_stay_portrait(kind, clip_files, challenge, pupil):
    _outcome, clip = run(challenge, pupil, clip_files[kind])
    for name in ("video_720.mp4", "video_360.mp4", "poster.jpg"):
        assert video(clip, name)["height"] > video(clip, name)["width"], name
    assert clip.probe["height"] > clip.probe["width"]


def test_audio_only_is_refused_as_not_a_video(clip_files, challenge, pupil):
    outcome, clip = run(challenge, pupil, clip_files["audio_only"])
    assert outcome == "rejected"
    assert clip.state == ClipState.REJECTED
    assert clip.rejection_source == RejectionSource.FILE
    assert "không có hình ảnh video" in clip.rejection_reason
    assert clip.renditions == []
    assert clip.jobs.get().state == JobState.REJECTED


def test_clip_longer_than_the_challenge_allows_is_refused(clip_files, challenge, pupil):
    challenge.max_seconds = 5
    challenge.save()
    outcome, clip = run(challenge, pupil, clip_files["long"])
    assert outcome == "rejected"
    assert "mức cho phép là 5 giây" in clip.rejection_reason


def test_four_hours_declared_as_twenty_seconds_is_refused_by_its_real_length(clip_files, challenge, pupil):
    import av

    with av.open(str(clip_files["understated"])) as container:
        assert container.duration / av.time_base == pytest.approx(20, abs=0.5)  # the lie
    outcome, clip = run(challenge, pupil, clip_files["understated"])
    assert outcome == "rejected"
    assert clip.state == ClipState.REJECTED
    assert clip.renditions == []
    assert "mức cho phép là 1 phút" in clip.rejection_reason


def test_failure_of_ours_is_retried_then_shown_to_organisers(challenge, pupil, tmp_path, settings):
    clip = stored_clip(challenge=challenge, author=pupil, path=_file(tmp_path))
    storages["private"].delete(clip.original.name)  # our storage lost it: our fault, not the pupil's
    assert process_clip(clip_id=clip.pk) == "retry"
    clip.refresh_from_db()
    assert clip.state == ClipState.UPLOADED
    job = clip.jobs.get()
    job.run_after = None
    job.max_attempts = 1
    job.save()
    assert process_clip(clip_id=clip.pk) == "failed"
    clip.refresh_from_db()
    assert clip.state == ClipState.FAILED


def _file(tmp_path):
    path = tmp_path / "x.mp4"
    path.write_bytes(b"\x00" * 100)
    return path
