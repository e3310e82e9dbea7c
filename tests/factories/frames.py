"""Frames and photos for the frame page's tests, drawn with Pillow and tagged the way editors and phones tag
them (author, software, place), so a test can show none of it reaches the public."""

from __future__ import annotations

import io
import os
import zlib

from PIL import Image, ImageDraw, PngImagePlugin

from frames.enums import FrameKind
from frames.models import Frame
from frames.services import create_frame

AUTHOR = "Trần Thị Thiết Kế"
SOFTWARE = "Photoshop Khung 2026"
CAMERA = "iPhone 15 Pro"
PLACE = "21.0285"
SECRETS = (AUTHOR.encode(), SOFTWARE.encode(), CAMERA.encode(), PLACE.encode(), b"Exif", b"tEXt", b"iTXt")


def frame_png(
    width: int = 1080, height: int = 1080, *, transparent: bool = True, tagged: bool = True
) -> bytes:
    """A frame as a designer exports it: a coloured border, a see-through middle, text and EXIF chunks."""
    image = Image.new("RGBA", (width, height), (75, 47, 201, 255))
    if transparent:
        ImageDraw.Draw(image).ellipse(
            (width // 10, height // 10, width - width // 10, height - height // 10), fill=(0, 0, 0, 0)
        )
    else:
        image = image.convert("RGB")
    info = PngImagePlugin.PngInfo()
    if tagged:
        info.add_itxt("Author", AUTHOR)
        info.add_text("Software", SOFTWARE)
    buffer = io.BytesIO()
    exif = _exif() if tagged else b""
    image.save(buffer, "PNG", pnginfo=info, exif=exif)
    return buffer.getvalue()


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x0110] = CAMERA  # Model
    exif[0x0131] = SOFTWARE
    exif[0x010E] = f"GPS {PLACE}"  # ImageDescription
    return exif.tobytes()


def photo_jpeg(width: int = 1200, height: int = 900, *, orientation: int = 1, noise: bool = False) -> bytes:
    """A phone photo: left half red, right half blue (so a test can tell how it was turned), with EXIF."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (220, 30, 30))
        ImageDraw.Draw(image).rectangle((width // 2, 0, width, height), fill=(30, 30, 220))
    exif = Image.Exif()
    exif[0x0110] = CAMERA
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return buffer.getvalue()


def make_frame(
    *, title: str = "Khung Không một mình", kind: FrameKind = FrameKind.AVATAR, public: bool = True, **size
) -> Frame:
    default = {"width": 1080, "height": 1080} if kind == FrameKind.AVATAR else {"width": 820, "height": 312}
    width, height = size.get("width", default["width"]), size.get("height", default["height"])
    frame = create_frame(title=title, kind=kind, png=frame_png(width, height), width=width, height=height)
    if not public:
        Frame.objects.filter(pk=frame.pk).update(is_public=False)
        frame.refresh_from_db()
    return frame


def png_chunks(data: bytes) -> list[str]:
    """The chunk types of a PNG, in order (checking each CRC on the way)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        crc = int.from_bytes(data[position + 8 + length : position + 12 + length], "big")
        assert zlib.crc32(kind + body) == crc
        chunks.append(kind.decode("ascii"))
        position += 12 + length
    return chunks
