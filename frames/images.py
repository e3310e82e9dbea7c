"""Pixels only, in memory: organisers' frames checked and re-encoded, and the no-JavaScript way of putting a
photo into a frame. Nothing here writes a file; what comes out is a fresh image built from decoded pixels,
so no EXIF (GPS, camera), text chunk, ICC profile or trailing byte of the input comes along."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from contest.errors import DomainError
from frames.enums import Crop, OutputFormat
from submissions.media.errors import MediaRejected
from submissions.media.limits import MediaLimits
from submissions.media.probe.image import IMAGE_FORMATS
from submissions.media.render.image import upright_pixels

FRAME_MAX_BYTES = 10 * 1024 * 1024
FRAME_MAX_PIXELS = 16_000_000
# A frame must leave at least this share of its surface see-through, or the photo would not show.
FRAME_MIN_CLEAR_SHARE = 0.05
# How far a frame's own shape may be from the size it is downloaded at before we refuse to stretch it.
ASPECT_TOLERANCE = 0.02

# Settings FRAMES_PHOTO_MAX_BYTES / FRAMES_PHOTO_MAX_PIXELS override these for the server fallback.
PHOTO_MAX_BYTES = 25 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)


class FrameImageError(DomainError):
    """A frame or a photo we cannot use; `message` tells the person what to do."""


def photo_max_bytes() -> int:
    return getattr(settings, "FRAMES_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES)


def photo_max_pixels() -> int:
    return getattr(settings, "FRAMES_PHOTO_MAX_PIXELS", PHOTO_MAX_PIXELS)


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",")


def _open(data: IO[bytes], formats: tuple[str, ...], wrong_type: str, max_pixels: int) -> Image.Image:
    """Opened from the header only, by content and from our format list; the pixel count is checked before
    anything is decoded."""
    try:
        image = Image.open(data, formats=formats)
    except Image.DecompressionBombError as error:
        raise FrameImageError(_too_many_pixels(max_pixels + 1, max_pixels)) from error
    except (UnidentifiedImageError, *_DECODE_ERRORS) as error:
        raise FrameImageError(wrong_type) from error
    if image.width <= 0 or image.height <= 0:
        raise FrameImageError(wrong_type)
    if image.width * image.height > max_pixels:
        pixels = image.width * image.height
        image.close()
        raise FrameImageError(_too_many_pixels(pixels, max_pixels))
    return image


def _too_many_pixels(pixels: int, limit: int) -> str:
    return _(
        "Ảnh quá lớn ({pixels} megapixel). Tối đa {limit} megapixel: hãy thu nhỏ ảnh rồi thử lại."
    ).format(pixels=_megapixels(pixels), limit=_megapixels(limit))


def _fresh(image: Image.Image) -> Image.Image:
    return Image.frombytes(image.mode, image.size, image.tobytes())


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    _fresh(image).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


THUMBNAIL_SIDE = 320


@dataclass(frozen=True)
class CleanFrame:
    png: bytes
    thumbnail_png: bytes
    width: int
    height: int


def clean_frame(data: IO[bytes], *, size_bytes: int, width: int, height: int) -> CleanFrame:
    """Checks an uploaded frame (a real PNG, within limits, with see-through parts, of the output's shape)
    and returns it re-encoded at the output size without any metadata."""
    if size_bytes > FRAME_MAX_BYTES:
        raise FrameImageError(
            _("Tệp khung quá lớn ({size}). Tối đa {limit}.").format(
                size=filesizeformat(size_bytes), limit=filesizeformat(FRAME_MAX_BYTES)
            )
        )
    wrong_type = _(
        "Tệp này không phải ảnh PNG (dù tên tệp có thể kết thúc bằng .png). Hãy xuất khung thành PNG có nền "
        "trong suốt rồi tải lên lại."
    )
    with _open(data, ("PNG",), wrong_type, FRAME_MAX_PIXELS) as image:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        if not has_alpha:
            raise FrameImageError(_no_transparency())
        try:
            image.load()
            rgba = image.convert("RGBA")
        except _DECODE_ERRORS as error:
            raise FrameImageError(
                _("Tệp PNG bị hỏng nên không mở được. Hãy xuất lại khung rồi tải lên lại.")
            ) from error
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[0] == 255:
        raise FrameImageError(_no_transparency())
    clear = sum(alpha.histogram()[:128])
    if clear < FRAME_MIN_CLEAR_SHARE * rgba.width * rgba.height:
        raise FrameImageError(
            _(
                "Phần trong suốt của khung quá nhỏ (dưới {share}% diện tích) nên ảnh của người dùng sẽ gần như "
                "bị che hết. Hãy để trống (trong suốt) phần giữa khung."
            ).format(share=round(FRAME_MIN_CLEAR_SHARE * 100))
        )
    if abs(rgba.width / rgba.height - width / height) > ASPECT_TOLERANCE * (width / height):
        raise FrameImageError(
            _(
                "Khung có kích thước {fw}×{fh} px, không cùng tỉ lệ với ảnh tải về {w}×{h} px. Hãy sửa kích "
                "thước khung hoặc kích thước ảnh tải về."
            ).format(fw=rgba.width, fh=rgba.height, w=width, h=height)
        )
    if rgba.size != (width, height):
        rgba = rgba.resize((width, height), Image.Resampling.LANCZOS)
    thumbnail = rgba.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return CleanFrame(png=png_bytes(rgba), thumbnail_png=png_bytes(thumbnail), width=width, height=height)


def _no_transparency() -> str:
    return _(
        "Khung này không có chỗ nào trong suốt, nên sẽ che mất ảnh của người dùng. Hãy xuất khung thành PNG "
        "có nền trong suốt (phần giữa để trống) rồi tải lên lại."
    )


def frame_pixels(png: bytes, width: int, height: int) -> Image.Image:
    """A stored frame (our own PNG) as RGBA at its output size."""
    with Image.open(io.BytesIO(png), formats=("PNG",)) as image:
        rgba = image.convert("RGBA")
    if rgba.size != (width, height):
        rgba = rgba.resize((width, height), Image.Resampling.LANCZOS)
    return rgba


def photo_in_frame(
    photo: IO[bytes], *, size_bytes: int, frame: Image.Image, crop: str, output_format: str
) -> bytes:
    """The photo turned upright, cut to the frame's shape keeping the chosen part, under the frame."""
    if size_bytes > photo_max_bytes():
        raise FrameImageError(photo_too_large())
    wrong_type = _("Không mở được ảnh này. Hãy chọn một ảnh JPG, PNG, WEBP hoặc HEIC.")
    width, height = frame.size
    max_pixels = photo_max_pixels()
    with _open(photo, IMAGE_FORMATS, wrong_type, max_pixels):
        pass
    photo.seek(0)
    try:
        picture = upright_pixels(photo, MediaLimits(max_pixels=max_pixels), max(width, height))
    except MediaRejected as error:
        raise FrameImageError(wrong_type) from error
    except _DECODE_ERRORS as error:
        raise FrameImageError(wrong_type) from error
    scale = max(width / picture.width, height / picture.height)
    scaled = (max(width, math.ceil(picture.width * scale)), max(height, math.ceil(picture.height * scale)))
    picture = picture.convert("RGBA").resize(scaled, Image.Resampling.LANCZOS, reducing_gap=3.0)
    left = _offset(scaled[0] - width, crop)
    top = _offset(scaled[1] - height, crop)
    result = Image.new("RGBA", (width, height), "white")
    result.alpha_composite(picture.crop((left, top, left + width, top + height)))
    result.alpha_composite(frame)
    buffer = io.BytesIO()
    if output_format == OutputFormat.JPEG:
        _fresh(result.convert("RGB")).save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        _fresh(result).save(buffer, "PNG")
    return buffer.getvalue()


def photo_too_large() -> str:
    return _("Ảnh quá lớn. Hãy chọn ảnh nhỏ hơn {limit}.").format(limit=filesizeformat(photo_max_bytes()))


def _offset(spare: int, crop: str) -> int:
    if crop == Crop.START:
        return 0
    if crop == Crop.END:
        return spare
    return spare // 2
