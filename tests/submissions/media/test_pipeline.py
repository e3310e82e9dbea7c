import os
import time

import pytest

from submissions.media.errors import MediaRejected, Reason
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.pipeline import STAGING_PREFIX, process_file
from tests.factories import media_files as make

LIMITS = MediaLimits()


def rejection(path, kind, out_dir, limits=LIMITS):
    with pytest.raises(MediaRejected) as rejected:
        process_file(path=path, kind=kind, out_dir=out_dir, limits=limits)
    return rejected.value.code


def test_process_file_returns_probe_and_renditions(tmp_path, phone_mp4):
    result = process_file(path=phone_mp4, kind="video", out_dir=tmp_path, limits=LIMITS)

    assert result.probe["kind"] == "video"
    assert result.probe["duration"] == 2.0
    assert [rendition.path for rendition in result.renditions] == [
        tmp_path / "video_720.mp4",
        tmp_path / "video_360.mp4",
        tmp_path / "poster.jpg",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "poster.jpg",
        "video_360.mp4",
        "video_720.mp4",
    ]


def test_process_file_reports_rising_progress_to_100(tmp_path, plain_mp4):
    seen = []

    process_file(
        path=plain_mp4, kind=MediaKind.VIDEO, out_dir=tmp_path, limits=LIMITS, on_progress=seen.append
    )

    assert seen == sorted(seen)
    assert seen[0] > 0
    assert seen[-1] == 100.0
    assert len(seen) >= 3


def test_process_file_rerun_writes_the_same_files(tmp_path, phone_jpeg):
    first = process_file(path=phone_jpeg, kind=MediaKind.IMAGE, out_dir=tmp_path, limits=LIMITS)
    contents = {r.name: r.path.read_bytes() for r in first.renditions}

    second = process_file(path=phone_jpeg, kind=MediaKind.IMAGE, out_dir=tmp_path, limits=LIMITS)

    assert {r.name: r.path.read_bytes() for r in second.renditions} == contents
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(contents)


def test_process_file_rerun_of_video_overwrites_the_same_names(tmp_path, phone_mp4):
    """Names, not bytes: threaded x264 under CPU contention may pick slightly different frame sizes."""
    first = process_file(path=phone_mp4, kind=MediaKind.VIDEO, out_dir=tmp_path, limits=LIMITS)
    second = process_file(path=phone_mp4, kind=MediaKind.VIDEO, out_dir=tmp_path, limits=LIMITS)

    assert [r.path for r in first.renditions] == [r.path for r in second.renditions]
    assert len(list(tmp_path.iterdir())) == len(first.renditions)


def test_process_file_leaves_nothing_behind_when_rejected(tmp_path, plain_mp4):
    assert (
        rejection(plain_mp4, MediaKind.VIDEO, tmp_path, MediaLimits(max_duration_seconds=1))
        is Reason.TOO_LONG
    )

    assert list(tmp_path.iterdir()) == []


def test_process_file_never_passes_on_the_original_name(tmp_path, phone_mp4):
    result = process_file(path=phone_mp4, kind=MediaKind.VIDEO, out_dir=tmp_path, limits=LIMITS)

    for rendition in result.renditions:
        assert phone_mp4.stem.encode() not in rendition.path.read_bytes()
    assert phone_mp4.stem not in str(result.probe)


def test_process_file_does_not_read_a_file_named_by_an_hls_playlist(tmp_path):
    segment = make.make_transport_stream(tmp_path / "secret.ts")
    playlist = make.make_hls_playlist(tmp_path / "clip.mp4", segment)
    status = segment.stat()
    os.utime(segment, (status.st_mtime - 1000, status.st_mtime))
    before = segment.stat().st_atime

    assert rejection(playlist, MediaKind.VIDEO, tmp_path / "out") is Reason.PLAYLIST
    assert segment.stat().st_atime == before


def test_process_file_rejects_truncated_video_with_index_up_front(tmp_path, faststart_mp4):
    """The header promises 4 s; only the first half of the data arrived."""
    cut = make.truncated(faststart_mp4, tmp_path / "cut.mp4")

    assert rejection(cut, MediaKind.VIDEO, tmp_path / "out") is Reason.DAMAGED


def test_process_file_rejects_bit_flipped_video(tmp_path, faststart_mp4):
    flipped = make.bit_flipped(faststart_mp4, tmp_path / "flipped.mp4", start=0.2)
    started = time.monotonic()

    assert rejection(flipped, MediaKind.VIDEO, tmp_path / "out") is Reason.DAMAGED
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("suffix", [".mp3", ".m4a"])
def test_process_file_rejects_truncated_audio(tmp_path, audio_files, suffix):
    cut = make.truncated(audio_files[suffix], tmp_path / f"cut{suffix}")

    assert rejection(cut, MediaKind.AUDIO, tmp_path / "out") is Reason.DAMAGED


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".ogg"])
def test_process_file_rejects_bit_flipped_audio(tmp_path, audio_files, suffix):
    flipped = make.bit_flipped(audio_files[suffix], tmp_path / f"flipped{suffix}", start=0.2, every=53)

    assert rejection(flipped, MediaKind.AUDIO, tmp_path / "out") is Reason.DAMAGED


def test_process_file_rejects_bit_flipped_picture(tmp_path, phone_jpeg):
    flipped = make.bit_flipped(phone_jpeg, tmp_path / "flipped.jpg", start=0.0, every=31)

    with pytest.raises(MediaRejected):
        process_file(path=flipped, kind=MediaKind.IMAGE, out_dir=tmp_path / "out", limits=LIMITS)


def test_process_file_cleans_its_staging_folder(tmp_path, essay_docx):
    process_file(path=essay_docx, kind=MediaKind.DOCX, out_dir=tmp_path, limits=LIMITS)

    assert not [path for path in tmp_path.iterdir() if path.name.startswith(STAGING_PREFIX)]


def test_process_file_accepts_essay_typed_as_text(tmp_path, essay_txt):
    result = process_file(
        path=essay_txt, kind=MediaKind.ESSAY, out_dir=tmp_path, limits=MediaLimits(min_words=20)
    )

    assert result.probe["format"] == "text"
    assert result.probe["words"] > 20
    assert [r.name for r in result.renditions] == ["essay.txt", "essay.pdf"]
