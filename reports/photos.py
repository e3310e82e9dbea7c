"""Photos of schools' activities through the media pipeline: sniffed by content, probed by Pillow's explicit
format list within size and pixel limits, decoded only in the sandboxed child process, and kept only as the
JPEG it re-encoded from pixels (upright, no EXIF, no GPS, no comment, no file name)."""

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from submissions.media.errors import MediaRejected, Reason, format_bytes
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import MediaKind, MediaLimits

PHOTO_LIMITS = MediaLimits(max_bytes=15 * 1024 * 1024, max_pixels=40_000_000)
PHOTO_SECONDS = 60


@dataclass(frozen=True)
class CheckedPhoto:
    jpeg: bytes
    sha256: str  # of the uploaded bytes, to spot the same photo sent twice
    width: int
    height: int


def check_photo(uploaded) -> CheckedPhoto:
    """Raise MediaRejected (with a sentence for the teacher) unless `uploaded` is a picture we take."""
    if uploaded.size > PHOTO_LIMITS.max_bytes:
        raise MediaRejected(
            Reason.TOO_LARGE, size=format_bytes(uploaded.size), limit=format_bytes(PHOTO_LIMITS.max_bytes)
        )
    with tempfile.TemporaryDirectory(prefix="reports-") as folder:
        path = Path(folder) / "photo"  # a neutral name: the teacher's file name is never used
        digest = hashlib.sha256()
        with path.open("wb") as handle:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                handle.write(chunk)
        result = process_file_isolated(
            path=path,
            kind=MediaKind.IMAGE,
            out_dir=Path(folder) / "out",
            limits=PHOTO_LIMITS,
            timeout_seconds=PHOTO_SECONDS,
        )
        copy = max(
            (r for r in result.renditions if r.mime == "image/jpeg"),
            key=lambda r: (r.width or 0) * (r.height or 0),
        )
        return CheckedPhoto(
            jpeg=copy.path.read_bytes(), sha256=digest.hexdigest(), width=copy.width, height=copy.height
        )
