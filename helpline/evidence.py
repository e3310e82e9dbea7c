"""Screenshots through the same checks as contest entries (content sniffing, Pillow's explicit format list,
size and pixel limits), then a scrubbed copy made from pixels alone, as the entries' renditions are."""

import hashlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from submissions.media.errors import MediaRejected, Reason, format_bytes
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.probe import probe_file
from submissions.media.render.image import upright_pixels

# Decoded in the request, so the pixel limit is kept to what a phone screenshot or photo needs.
SCREENSHOT_LIMITS = MediaLimits(max_bytes=10 * 1024 * 1024, max_pixels=20_000_000)
SCRUBBED_WIDTH = 1280
MAX_SCREENSHOTS = 3


@dataclass(frozen=True)
class Screenshot:
    original: bytes
    sha256: str
    format: str
    scrubbed: bytes  # JPEG, no metadata
    width: int
    height: int


def check_screenshot(uploaded) -> Screenshot:
    """Raise MediaRejected (with a sentence for the young person) unless `uploaded` is a picture we take."""
    if uploaded.size > SCREENSHOT_LIMITS.max_bytes:
        raise MediaRejected(
            Reason.TOO_LARGE,
            size=format_bytes(uploaded.size),
            limit=format_bytes(SCREENSHOT_LIMITS.max_bytes),
        )
    with tempfile.TemporaryDirectory(prefix="helpline-") as folder:
        path = Path(folder) / "screenshot"  # a neutral name: the sender's file name is never used
        digest = hashlib.sha256()
        with path.open("wb") as handle:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                handle.write(chunk)
        probe = probe_file(path, MediaKind.IMAGE, SCREENSHOT_LIMITS)
        picture = upright_pixels(path, SCREENSHOT_LIMITS, SCRUBBED_WIDTH)
        if picture.width > SCRUBBED_WIDTH:
            height = max(1, round(picture.height * SCRUBBED_WIDTH / picture.width))
            picture = picture.resize((SCRUBBED_WIDTH, height), Image.Resampling.LANCZOS)
        if picture.mode != "RGB":
            picture = picture.convert("RGB")
        scrubbed = io.BytesIO()
        picture.save(scrubbed, "JPEG", quality=85)
        return Screenshot(
            original=path.read_bytes(),
            sha256=digest.hexdigest(),
            format=probe.format,
            scrubbed=scrubbed.getvalue(),
            width=picture.width,
            height=picture.height,
        )
