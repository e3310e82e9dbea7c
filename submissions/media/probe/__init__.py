"""Probe a file by its content, against the limits of its category, before any decoding work."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from submissions.media.errors import MediaFailed, MediaRejected, Reason, format_bytes, not_this_kind
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.probe.audiovisual import probe_audiovisual
from submissions.media.probe.docx import probe_docx
from submissions.media.probe.essay import probe_essay
from submissions.media.probe.image import probe_image
from submissions.media.probe.pdf import probe_pdf
from submissions.media.results import ProbeResult
from submissions.media.sniff import MARKUP_OR_CODE, PLAYLISTS, Sniffed, sniff_file

Probe = Callable[[Path, MediaKind, MediaLimits, int, Sniffed], ProbeResult]

_PROBES: dict[MediaKind, Probe] = {
    MediaKind.VIDEO: probe_audiovisual,
    MediaKind.AUDIO: probe_audiovisual,
    MediaKind.IMAGE: probe_image,
    MediaKind.PDF: probe_pdf,
    MediaKind.DOCX: probe_docx,
    MediaKind.ESSAY: probe_essay,
}


def probe_file(path: Path, kind: MediaKind, limits: MediaLimits) -> ProbeResult:
    """Raise MediaRejected if the file is not an acceptable `kind` within `limits`."""
    kind = MediaKind(kind)
    size = checked_size(path, limits)
    sniffed = sniff_file(path)
    if sniffed in PLAYLISTS:
        raise MediaRejected(Reason.PLAYLIST)
    if sniffed is Sniffed.SVG and kind is MediaKind.IMAGE:
        raise MediaRejected(Reason.SVG)
    if sniffed in MARKUP_OR_CODE:
        raise not_this_kind(kind, Reason.WEB_PAGE)
    return _PROBES[kind](path, kind, limits, size, sniffed)


def checked_size(path: Path, limits: MediaLimits) -> int:
    try:
        status = path.stat()
    except OSError as error:
        raise MediaFailed(f"cannot read the stored file: {error}") from error
    if not stat.S_ISREG(status.st_mode):
        raise MediaFailed("the stored file is not a regular file")
    if status.st_size == 0:
        raise MediaRejected(Reason.EMPTY)
    if status.st_size > limits.max_bytes:
        raise MediaRejected(
            Reason.TOO_LARGE, size=format_bytes(status.st_size), limit=format_bytes(limits.max_bytes)
        )
    return status.st_size


__all__ = ["ProbeResult", "probe_file"]
