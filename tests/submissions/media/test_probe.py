import contextlib
import os
import shutil
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.media.errors import MediaFailed, MediaRejected, Reason
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.probe import probe_file
from submissions.media.probe.audiovisual import probe_audiovisual
from submissions.media.sniff import Sniffed
from submissions.media.text import count_words
from tests.factories import media_files as make

LIMITS = MediaLimits()


def rejection(path, kind, limits=LIMITS):
    with pytest.raises(MediaRejected) as rejected:
        probe_file(path, kind, limits)
    return rejected.value.code


def stale_atime(path):
    status = path.stat()
    os.utime(path, (status.st_mtime - 1000, status.st_mtime))
    return path.stat().st_atime


# --- good files -------------------------------------------------------------------------------------------


def test_probe_file_reads_phone_mp4(phone_mp4):
    probe = probe_file(phone_mp4, MediaKind.VIDEO, LIMITS)

    assert (probe.width, probe.height, probe.duration) == (320, 240, 2.0)
    assert [stream["type"] for stream in probe.streams] == ["video", "audio"]
    assert probe.streams[0]["codec"] == "h264"
    assert probe.streams[0]["frame_rate"] == 25


def test_probe_file_turns_rotated_phone_video_upright(rotated_mov):
    probe = probe_file(rotated_mov, MediaKind.VIDEO, LIMITS)

    assert probe.rotation == 90
    assert (probe.width, probe.height) == (180, 320)


@pytest.mark.parametrize("fixture", ["chaptered_mkv", "webm_video", "three_gp_video"])
def test_probe_file_accepts_other_video_containers(fixture, request):
    probe = probe_file(request.getfixturevalue(fixture), MediaKind.VIDEO, LIMITS)

    assert probe.width
    assert probe.height
    assert probe.duration


@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".m4a", ".ogg", ".flac"])
def test_probe_file_accepts_audio_formats(audio_files, suffix):
    probe = probe_file(audio_files[suffix], MediaKind.AUDIO, LIMITS)

    assert probe.duration == pytest.approx(3.0, abs=0.1)
    assert any(stream["type"] == "audio" for stream in probe.streams)


def test_probe_file_accepts_audio_of_a_video(phone_mp4):
    assert probe_file(phone_mp4, MediaKind.AUDIO, LIMITS).duration == 2.0


@pytest.mark.parametrize(
    ("name", "image_format"), [("jpeg", "jpeg"), ("png", "png"), ("webp", "webp"), ("heic", "heif")]
)
def test_probe_file_reads_picture_sizes(pictures, name, image_format):
    probe = probe_file(pictures[name], MediaKind.IMAGE, LIMITS)

    assert probe.format == image_format
    assert probe.width * probe.height > 0
    assert probe.findings == {}


def test_probe_file_counts_pdf_pages(essay_pdf):
    probe = probe_file(essay_pdf, MediaKind.PDF, LIMITS)

    assert probe.pages == 3
    assert (probe.width, probe.height) == (595, 842)
    assert probe.findings == {}


@pytest.mark.parametrize("fixture", ["essay_txt", "essay_docx", "essay_pdf"])
def test_probe_file_counts_essay_words(fixture, request):
    probe = probe_file(request.getfixturevalue(fixture), MediaKind.ESSAY, LIMITS)

    assert 60 <= probe.words <= 3 * 80


def test_probe_file_counts_docx_words_without_header(essay_docx):
    probe = probe_file(essay_docx, MediaKind.DOCX, LIMITS)

    table_words = len(["Mật", "khẩu", "mạnh", "Kiểm", "tra", "đường", "link"])
    assert probe.words == count_words(make.ESSAY_TEXT) + table_words


# --- limits -----------------------------------------------------------------------------------------------


def test_probe_file_rejects_files_over_the_byte_limit(phone_mp4):
    assert rejection(phone_mp4, MediaKind.VIDEO, MediaLimits(max_bytes=1000)) is Reason.TOO_LARGE


def test_probe_file_rejects_empty_files(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.touch()

    assert rejection(empty, MediaKind.VIDEO) is Reason.EMPTY


def test_probe_file_fails_for_a_missing_file(tmp_path):
    with pytest.raises(MediaFailed):
        probe_file(tmp_path / "gone.mp4", MediaKind.VIDEO, LIMITS)


def test_probe_file_rejects_video_over_the_duration_limit(phone_mp4):
    assert rejection(phone_mp4, MediaKind.VIDEO, MediaLimits(max_duration_seconds=1)) is Reason.TOO_LONG


def test_probe_file_rejects_video_over_the_pixel_limit(phone_mp4):
    assert rejection(phone_mp4, MediaKind.VIDEO, MediaLimits(max_pixels=320 * 200)) is Reason.TOO_MANY_PIXELS


def test_probe_file_rejects_video_over_the_stream_limit(phone_mp4):
    assert rejection(phone_mp4, MediaKind.VIDEO, MediaLimits(max_streams=1)) is Reason.TOO_MANY_STREAMS


def test_probe_file_rejects_picture_over_the_pixel_limit(phone_jpeg):
    assert rejection(phone_jpeg, MediaKind.IMAGE, MediaLimits(max_pixels=100_000)) is Reason.TOO_MANY_PIXELS


def test_probe_file_rejects_pdf_over_the_page_limit(essay_pdf):
    assert rejection(essay_pdf, MediaKind.PDF, MediaLimits(max_pages=2)) is Reason.TOO_MANY_PAGES


@pytest.mark.parametrize("fixture", ["essay_txt", "essay_docx", "essay_pdf"])
def test_probe_file_rejects_essays_outside_the_word_limits(fixture, request):
    essay = request.getfixturevalue(fixture)

    assert rejection(essay, MediaKind.ESSAY, MediaLimits(min_words=1000)) is Reason.TOO_FEW_WORDS
    assert rejection(essay, MediaKind.ESSAY, MediaLimits(max_words=10)) is Reason.TOO_MANY_WORDS


# --- what is not media ------------------------------------------------------------------------------------


def test_probe_file_rejects_a_script_named_pdf(tmp_path):
    assert rejection(make.make_shell_script(tmp_path / "bai-thi.pdf"), MediaKind.PDF) is Reason.WEB_PAGE


def test_probe_file_rejects_a_web_page_named_mp4(tmp_path):
    assert rejection(make.make_html(tmp_path / "video.mp4"), MediaKind.VIDEO) is Reason.WEB_PAGE


def test_probe_file_rejects_an_hls_playlist_named_mp4_without_reading_its_segment(tmp_path):
    segment = make.make_transport_stream(tmp_path / "secret.ts")
    playlist = make.make_hls_playlist(tmp_path / "video.mp4", segment)
    before = stale_atime(segment)

    assert rejection(playlist, MediaKind.VIDEO) is Reason.PLAYLIST
    assert segment.stat().st_atime == before


def test_probe_file_rejects_an_ffconcat_playlist_named_mp4_without_reading_its_file(tmp_path, plain_mp4):
    secret = shutil.copyfile(plain_mp4, tmp_path / "secret.mp4")
    playlist = make.make_ffconcat_playlist(tmp_path / "video.mp4", secret)
    before = stale_atime(secret)

    assert rejection(playlist, MediaKind.VIDEO) is Reason.PLAYLIST
    assert secret.stat().st_atime == before


@pytest.mark.parametrize("maker", ["hls", "ffconcat"])
def test_probe_audiovisual_whitelist_refuses_playlists_that_pass_sniffing(tmp_path, plain_mp4, maker):
    """Even when the first sorting is fooled, PyAV opens only whitelisted demuxers."""
    secret = shutil.copyfile(plain_mp4, tmp_path / "secret.mp4")
    segment = make.make_transport_stream(tmp_path / "secret.ts")
    if maker == "hls":
        playlist, target = make.make_hls_playlist(tmp_path / "clip.m3u8", segment), segment
    else:
        playlist, target = make.make_ffconcat_playlist(tmp_path / "clip.txt", secret), secret
    before = stale_atime(target)

    with pytest.raises(MediaRejected) as rejected:
        probe_audiovisual(playlist, MediaKind.VIDEO, LIMITS, playlist.stat().st_size, Sniffed.UNKNOWN)

    assert rejected.value.code is Reason.WRONG_TYPE
    assert target.stat().st_atime == before


def test_probe_file_rejects_a_transport_stream_as_video(tmp_path):
    assert rejection(make.make_transport_stream(tmp_path / "video.mp4"), MediaKind.VIDEO) is Reason.WRONG_TYPE


def test_probe_file_rejects_a_picture_as_video(phone_jpeg):
    assert rejection(phone_jpeg, MediaKind.VIDEO) is Reason.WRONG_TYPE


def test_probe_file_rejects_video_with_no_streams(tmp_path):
    assert (
        rejection(make.make_attachment_only(tmp_path / "video.mkv", tmp_path), MediaKind.VIDEO)
        is Reason.DAMAGED
    )


def test_probe_file_rejects_video_with_only_subtitles(tmp_path):
    assert (
        rejection(make.make_subtitles_only(tmp_path / "video.mkv", tmp_path), MediaKind.VIDEO)
        is Reason.NO_VIDEO
    )


def test_probe_file_rejects_video_with_dozens_of_streams(tmp_path):
    many = make.make_many_streams(tmp_path / "video.mkv", audio_streams=24)

    assert rejection(many, MediaKind.VIDEO) is Reason.TOO_MANY_STREAMS


def test_probe_file_rejects_audio_kind_without_sound(tmp_path):
    silent = make.make_video(tmp_path / "silent.mp4", seconds=1, audio=False, tagged=False)

    assert rejection(silent, MediaKind.AUDIO) is Reason.NO_AUDIO


def test_probe_file_rejects_tiny_video_declaring_hours(tmp_path, phone_mp4):
    liar = make.make_declared_long(tmp_path / "long.mp4", phone_mp4)

    assert liar.stat().st_size < 200_000
    assert rejection(liar, MediaKind.VIDEO) is Reason.TOO_LONG


def test_probe_file_rejects_tiny_audio_declaring_hours(tmp_path, audio_files):
    liar = make.make_declared_long(tmp_path / "long.m4a", audio_files[".m4a"])

    assert rejection(liar, MediaKind.AUDIO) is Reason.TOO_LONG


def test_probe_file_rejects_truncated_video_without_index(tmp_path, plain_mp4):
    cut = make.truncated(plain_mp4, tmp_path / "cut.mp4")

    assert rejection(cut, MediaKind.VIDEO) is Reason.DAMAGED


def test_probe_file_rejects_video_with_a_broken_header(tmp_path, faststart_mp4):
    broken = make.bit_flipped(faststart_mp4, tmp_path / "broken.mp4", start=0.0, every=7)

    assert rejection(broken, MediaKind.VIDEO) in (Reason.DAMAGED, Reason.WRONG_TYPE)


def test_probe_file_rejects_png_header_claiming_huge_size(tmp_path):
    claim = make.make_png_header_claiming(tmp_path / "huge.png", 100_000, 100_000)

    assert claim.stat().st_size < 100
    assert rejection(claim, MediaKind.IMAGE) is Reason.TOO_MANY_PIXELS


def test_probe_file_rejects_png_bomb_even_when_limits_allow_it(tmp_path):
    bomb = make.make_png_bomb(tmp_path / "bomb.png")

    assert bomb.stat().st_size < 1_000_000
    assert rejection(bomb, MediaKind.IMAGE, MediaLimits(max_pixels=10**10)) is Reason.TOO_MANY_PIXELS


def test_probe_file_rejects_svg(tmp_path):
    assert rejection(make.make_svg(tmp_path / "drawing.png"), MediaKind.IMAGE) is Reason.SVG


def test_probe_file_rejects_truncated_picture(tmp_path, phone_jpeg):
    assert (
        rejection(make.truncated(phone_jpeg, tmp_path / "cut.jpg", keep=0.01), MediaKind.IMAGE)
        is Reason.DAMAGED
    )


def test_probe_file_notes_data_appended_to_jpeg(tmp_path, phone_jpeg, essay_docx):
    payload = essay_docx.read_bytes()
    polyglot = make.appended(phone_jpeg, tmp_path / "photo.jpg", payload)

    assert probe_file(polyglot, MediaKind.IMAGE, LIMITS).findings == {"trailing_bytes": len(payload)}


def test_probe_file_notes_data_appended_to_png(tmp_path, pictures):
    payload = b"<html><script>alert(1)</script></html>"
    polyglot = make.appended(pictures["png"], tmp_path / "photo.png", payload)

    assert probe_file(polyglot, MediaKind.IMAGE, LIMITS).findings == {"trailing_bytes": len(payload)}


def test_probe_file_notes_pdf_javascript_without_running_it(scripted_pdf):
    probe = probe_file(scripted_pdf, MediaKind.PDF, LIMITS)

    assert probe.findings == {"active_content": ["javascript", "open_action:javascript"]}


def test_probe_file_rejects_docx_zip_bomb(tmp_path, essay_docx):
    bomb = make.make_docx_zip_bomb(essay_docx, tmp_path / "bomb.docx")

    assert bomb.stat().st_size < 1_000_000
    assert rejection(bomb, MediaKind.DOCX) is Reason.UNSAFE_DOCUMENT


@pytest.mark.parametrize("name", ["../../evil.sh", "/etc/cron.d/evil", "word/../../evil.xml", "C:\\evil.bat"])
def test_probe_file_rejects_docx_with_escaping_entry(tmp_path, essay_docx, name):
    escaping = make.rezipped(essay_docx, tmp_path / "escape.docx", add=[(name, b"echo pwned\n")])

    assert rejection(escaping, MediaKind.DOCX) is Reason.UNSAFE_DOCUMENT


def test_probe_file_rejects_docx_with_billion_laughs(tmp_path, essay_docx):
    laughs = make.rezipped(
        essay_docx, tmp_path / "laughs.docx", replace={"word/document.xml": make.billion_laughs_document()}
    )

    assert rejection(laughs, MediaKind.DOCX) is Reason.UNSAFE_DOCUMENT
    assert rejection(laughs, MediaKind.ESSAY) is Reason.UNSAFE_DOCUMENT


def test_probe_file_rejects_zip_that_is_not_a_word_file(tmp_path, essay_docx):
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "xin chào")

    assert rejection(other, MediaKind.DOCX) is Reason.WRONG_TYPE


def test_probe_file_rejects_essay_in_a_legacy_encoding(tmp_path):
    legacy = tmp_path / "bai-viet.txt"
    legacy.write_bytes("Bài viết của em ".encode("cp1258", "replace") * 10)

    assert rejection(legacy, MediaKind.ESSAY) is Reason.WRONG_TYPE


@pytest.mark.parametrize("kind", list(MediaKind))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=4096), prefix=st.sampled_from(
    [b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x00\x00\x00\x18ftypmp42",
     b"\x1a\x45\xdf\xa3", b"RIFF\x00\x01\x00\x00WEBP", b"ID3\x03\x00"]
))  # fmt: skip
def test_probe_file_turns_garbage_into_a_rejection(tmp_path, kind, data, prefix):
    garbage = tmp_path / "garbage"
    garbage.write_bytes(prefix + data)

    with contextlib.suppress(MediaRejected, MediaFailed):
        probe_file(garbage, kind, LIMITS)
