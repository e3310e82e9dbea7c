"""Screenshots through the same checks as contest entries (content sniffing, Pillow's explicit format list,
size and pixel limits) and the same sandbox: the picture is parsed only in the media pipeline's child process
with its memory, CPU and time caps (DESIGN.md §4.5), which also makes the scrubbed copy from pixels alone."""

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from submissions.media.errors import MediaRejected, Reason, format_bytes
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import MediaKind, MediaLimits

# What a phone screenshot or photo needs; the child process that reads it has its own caps besides.
SCREENSHOT_LIMITS = MediaLimits(max_bytes=10 * 1024 * 1024, max_pixels=20_000_000)
SCREENSHOT_SECONDS = 60
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
        result = process_file_isolated(
            path=path,
            kind=MediaKind.IMAGE,
            out_dir=Path(folder) / "out",
            limits=SCREENSHOT_LIMITS,
            timeout_seconds=SCREENSHOT_SECONDS,
        )
        # The largest JPEG rendition the pipeline made: re-encoded pixels, upright, no metadata.
        copy = max(
            (r for r in result.renditions if r.mime == "image/jpeg"),
            key=lambda r: (r.width or 0) * (r.height or 0),
        )
        return Screenshot(
            original=path.read_bytes(),
            sha256=digest.hexdigest(),
            format=result.probe["format"],
            scrubbed=copy.path.read_bytes(),
            width=copy.width,
            height=copy.height,
        )
