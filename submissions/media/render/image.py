"""Pictures → WebP and JPEG at a few widths, upright, made from pixels alone.

Every rendition is a new image built from decoded pixel data, so nothing of the original file comes along:
no EXIF (GPS, camera, dates), XMP, comment, ICC profile or trailing bytes. The ICC profile is used once, to
convert the colours to sRGB, and then dropped.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from submissions.media.errors import MediaRejected, Reason, too_many_pixels
from submissions.media.limits import MediaLimits
from submissions.media.probe.image import open_image
from submissions.media.progress import ProgressCallback
from submissions.media.results import ProbeResult, Rendition

IMAGE_WIDTHS: tuple[int, ...] = (480, 1280, 2048)
WEBP_QUALITY = 80
JPEG_QUALITY = 85
_SRGB = ImageCms.createProfile("sRGB")


def render_image(
    path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits, on_progress: ProgressCallback | None
) -> list[Rendition]:
    picture = upright_pixels(path, limits, max(IMAGE_WIDTHS))
    renditions: list[Rendition] = []
    current = picture
    for width in reversed(rendition_widths(picture.width)):
        height = max(1, round(picture.height * width / picture.width))
        if (width, height) != current.size:
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        renditions += _save_both(current, out_dir)
    if on_progress:
        on_progress(100.0)
    return sorted(renditions, key=lambda rendition: (rendition.width or 0, rendition.name))


def rendition_widths(original_width: int) -> list[int]:
    return sorted({min(width, original_width) for width in IMAGE_WIDTHS})


def upright_pixels(path: Path, limits: MediaLimits, max_width: int) -> Image.Image:
    """Decoded, turned as the camera meant, in sRGB, as a fresh image carrying no metadata at all."""
    with open_image(path) as image:
        if image.width * image.height > limits.max_pixels:
            raise too_many_pixels(image.width * image.height, limits.max_pixels)
        _decode_no_larger_than(image, max_width)
        try:
            upright = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise MediaRejected(Reason.DAMAGED) from error
        icc_profile = image.info.get("icc_profile")
        return _fresh(_to_srgb(upright, icc_profile))


def _decode_no_larger_than(image: Image.Image, max_width: int) -> None:
    """JPEGs can be decoded at 1/2, 1/4 or 1/8 scale: far faster for a 50 MP photo shown at 2048 px.
    The shorter side is the one kept large enough, as EXIF may yet turn the picture."""
    scale = max_width / min(image.width, image.height)
    if image.format in ("JPEG", "MPO") and scale < 1:
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise MediaRejected(Reason.DAMAGED) from error


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    mode = "RGBA" if _has_alpha(image) else "RGB"
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    return image.convert(mode)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _fresh(image: Image.Image) -> Image.Image:
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _save_both(image: Image.Image, out_dir: Path) -> list[Rendition]:
    width, height = image.size
    webp = out_dir / f"image_{width}.webp"
    jpeg = out_dir / f"image_{width}.jpg"
    image.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
    _flatten(image).save(jpeg, "JPEG", quality=JPEG_QUALITY, progressive=True)
    return [
        Rendition(webp.name, webp, "image/webp", width, height),
        Rendition(jpeg.name, jpeg, "image/jpeg", width, height),
    ]


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background
