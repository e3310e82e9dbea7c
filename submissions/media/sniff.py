"""What a file is, from its first bytes; its name and Content-Type are never asked.

This is a first sorting only, to turn away playlists, web pages and scripts with a clear reason before any
parser touches them, and to route an essay to the right reader. The real gate is the parser of each kind.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

HEAD_BYTES = 4096


class Sniffed(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    HEIF = "heif"
    GIF = "gif"
    ISO_MEDIA = "iso_media"  # MP4, MOV, M4A, 3GP
    MATROSKA = "matroska"  # MKV, WebM
    MP3 = "mp3"
    WAV = "wav"
    OGG = "ogg"
    FLAC = "flac"
    AAC = "aac"
    PDF = "pdf"
    ZIP = "zip"
    OLE = "ole"  # old .doc, or a password-protected .docx
    HLS = "hls"
    FFCONCAT = "ffconcat"
    SVG = "svg"
    HTML = "html"
    SCRIPT = "script"
    TEXT = "text"
    UNKNOWN = "unknown"


PLAYLISTS = frozenset({Sniffed.HLS, Sniffed.FFCONCAT})
MARKUP_OR_CODE = frozenset({Sniffed.HTML, Sniffed.SCRIPT, Sniffed.SVG})

# AVIF is left out: our HEIF reader cannot decode it, so it is "not a picture we take", not "damaged".
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})

_BINARY_SIGNATURES: tuple[tuple[bytes, Sniffed], ...] = (
    (b"\xff\xd8\xff", Sniffed.JPEG),
    (b"\x89PNG\r\n\x1a\n", Sniffed.PNG),
    (b"GIF87a", Sniffed.GIF),
    (b"GIF89a", Sniffed.GIF),
    (b"\x1a\x45\xdf\xa3", Sniffed.MATROSKA),
    (b"ID3", Sniffed.MP3),
    (b"OggS", Sniffed.OGG),
    (b"fLaC", Sniffed.FLAC),
    (b"PK\x03\x04", Sniffed.ZIP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Sniffed.OLE),
)
_ISO_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"})
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe|<meta|<\?php)", re.IGNORECASE)
_SVG = re.compile(rb"<svg[\s>]", re.IGNORECASE)


def sniff_file(path: Path) -> Sniffed:
    with path.open("rb") as handle:
        return sniff_bytes(handle.read(HEAD_BYTES))


def sniff_bytes(head: bytes) -> Sniffed:
    return _sniff_binary(head) or _sniff_text(head)


def _sniff_binary(head: bytes) -> Sniffed | None:
    for signature, sniffed in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return sniffed
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Sniffed.TEXT  # UTF-16, as Windows Notepad saves "Unicode" text
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE"):
        return Sniffed.WEBP if head[8:12] == b"WEBP" else Sniffed.WAV
    if head[4:8] in _ISO_BOXES:
        return Sniffed.HEIF if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS else Sniffed.ISO_MEDIA
    # PDF readers accept the header anywhere in the first kilobyte, so a PDF may hide behind junk.
    if b"%PDF-" in head[:1024]:
        return Sniffed.PDF
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return Sniffed.AAC
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return Sniffed.MP3
    return None


def _sniff_text(head: bytes) -> Sniffed:
    if b"\x00" in head:
        return Sniffed.UNKNOWN
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The head may end inside a multi-byte character; anything earlier is not text.
        if error.start < len(head) - 3:
            return Sniffed.UNKNOWN
        text = head[: error.start].decode("utf-8")
    body = text.lstrip("\ufeff \t\r\n").encode()
    if body.startswith(b"#EXTM3U"):
        return Sniffed.HLS
    if body.startswith(b"ffconcat"):
        return Sniffed.FFCONCAT
    if body.startswith(b"#!"):
        return Sniffed.SCRIPT
    if _HTML.match(body):
        return Sniffed.HTML
    if body.startswith(b"<") and _SVG.search(body):
        return Sniffed.SVG
    return Sniffed.TEXT
