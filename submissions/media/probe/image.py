"""Probe pictures with Pillow: an explicit format list, size from the header, pixels never decoded here."""

from __future__ import annotations

import mmap
import re
from pathlib import Path

import pillow_heif
from PIL import Image, UnidentifiedImageError

from submissions.media.errors import MediaRejected, Reason, not_this_kind, too_many_pixels
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.results import ProbeResult
from submissions.media.sniff import Sniffed

pillow_heif.register_heif_opener()

# Pillow format names we open. Phones save JPEGs with extra pictures as "MPO"; Pillow opens those from "JPEG".
IMAGE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "HEIF")
IMAGE_SNIFFED = frozenset({Sniffed.JPEG, Sniffed.PNG, Sniffed.WEBP, Sniffed.HEIF})
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


def probe_image(path: Path, kind: MediaKind, limits: MediaLimits, size: int, sniffed: Sniffed) -> ProbeResult:
    if sniffed is Sniffed.SVG:
        raise MediaRejected(Reason.SVG)
    if sniffed not in IMAGE_SNIFFED:
        raise not_this_kind(MediaKind.IMAGE)
    image_format, width, height = _header(path, limits)
    if width <= 0 or height <= 0:
        raise MediaRejected(Reason.DAMAGED)
    if width * height > limits.max_pixels:
        raise too_many_pixels(width * height, limits.max_pixels)
    trailing = trailing_bytes(path, sniffed)
    findings = {"trailing_bytes": trailing} if trailing else {}
    return ProbeResult(
        kind=MediaKind.IMAGE,
        format=image_format.lower(),
        size_bytes=size,
        width=width,
        height=height,
        findings=findings,
    )


def open_image(path: Path) -> Image.Image:
    """Open lazily (header only) from our own format list; the caller checks size before `load()`."""
    return Image.open(path, formats=IMAGE_FORMATS)


def _header(path: Path, limits: MediaLimits) -> tuple[str, int, int]:
    try:
        with open_image(path) as image:
            return str(image.format), image.width, image.height
    except Image.DecompressionBombError as error:
        match = _BOMB_PIXELS.search(str(error))
        pixels = int(match.group(1)) if match else limits.max_pixels + 1
        raise too_many_pixels(pixels, limits.max_pixels) from error
    except UnidentifiedImageError as error:
        raise MediaRejected(Reason.DAMAGED) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise MediaRejected(Reason.DAMAGED) from error


def trailing_bytes(path: Path, sniffed: Sniffed) -> int:
    """Bytes after the picture's own end marker. They never reach a rendition (those are made from
    pixels); the count is kept so organisers can see that something rode along."""
    finder = {Sniffed.JPEG: jpeg_end, Sniffed.PNG: png_end, Sniffed.WEBP: riff_end}.get(sniffed)
    if finder is None:
        return 0
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        end = finder(data)
        return 0 if end is None else max(len(data) - end, 0)


def png_end(data: mmap.mmap | bytes) -> int | None:
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunk_type = data[position + 4 : position + 8]
        position += 12 + length
        if chunk_type == b"IEND":
            return position
    return None


def riff_end(data: mmap.mmap | bytes) -> int | None:
    if len(data) < 12:
        return None
    body = int.from_bytes(data[4:8], "little")
    return 8 + body + (body & 1)


def jpeg_end(data: mmap.mmap | bytes) -> int | None:
    """Offset just after the first picture's EOI marker, walking segments and entropy-coded scans."""
    position, size = 2, len(data)
    while position + 2 <= size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker == 0xD9:
            return position + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
        elif position + 4 > size:
            return None
        else:
            segment_end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
            position = _scan_end(data, segment_end) if marker == 0xDA else segment_end
            if position is None:
                return None
    return None


def _scan_end(data: mmap.mmap | bytes, position: int) -> int | None:
    """Entropy-coded data ends at the first marker that is neither a stuffed 0xFF00 nor a restart."""
    size = len(data)
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= size:
            return None
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position
