import pytest

from submissions.media.sniff import Sniffed, sniff_bytes, sniff_file


def test_sniff_file_knows_generated_media(
    phone_mp4, chaptered_mkv, audio_files, pictures, essay_pdf, essay_docx
):
    assert sniff_file(phone_mp4) is Sniffed.ISO_MEDIA
    assert sniff_file(chaptered_mkv) is Sniffed.MATROSKA
    assert sniff_file(audio_files[".mp3"]) is Sniffed.MP3
    assert sniff_file(audio_files[".wav"]) is Sniffed.WAV
    assert sniff_file(audio_files[".m4a"]) is Sniffed.ISO_MEDIA
    assert sniff_file(audio_files[".ogg"]) is Sniffed.OGG
    assert sniff_file(audio_files[".flac"]) is Sniffed.FLAC
    assert sniff_file(pictures["jpeg"]) is Sniffed.JPEG
    assert sniff_file(pictures["png"]) is Sniffed.PNG
    assert sniff_file(pictures["webp"]) is Sniffed.WEBP
    assert sniff_file(pictures["heic"]) is Sniffed.HEIF
    assert sniff_file(essay_pdf) is Sniffed.PDF
    assert sniff_file(essay_docx) is Sniffed.ZIP


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"#EXTM3U\n#EXTINF:1,\nsegment.ts\n", Sniffed.HLS),
        (b"\xef\xbb\xbf  #EXTM3U\n", Sniffed.HLS),
        (b"ffconcat version 1.0\nfile a.mp4\n", Sniffed.FFCONCAT),
        (b"#!/bin/sh\nrm -rf /\n", Sniffed.SCRIPT),
        (b"  <!DOCTYPE html><html></html>", Sniffed.HTML),
        (b"<script>alert(1)</script>", Sniffed.HTML),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', Sniffed.SVG),
        ("Bài viết của em về an toàn trên mạng.".encode(), Sniffed.TEXT),
        ("Bài viết".encode("utf-16"), Sniffed.TEXT),
        (bytes(range(256)), Sniffed.UNKNOWN),
        (b"junk before %PDF-1.7\n", Sniffed.PDF),
    ],
)
def test_sniff_bytes_sorts_text_and_playlists(head, expected):
    assert sniff_bytes(head) is expected


def test_sniff_bytes_accepts_text_cut_inside_a_character():
    head = ("Tiếng Việt " * 400).encode()[:4096]

    assert sniff_bytes(head) is Sniffed.TEXT
