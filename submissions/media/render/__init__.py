"""Renditions: what judges and the public see, re-encoded from the original and scrubbed of metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.probe import probe_file
from submissions.media.progress import ProgressCallback
from submissions.media.render.audio import render_audio
from submissions.media.render.essay import render_essay
from submissions.media.render.image import render_image
from submissions.media.render.pages import render_pages
from submissions.media.render.video import render_video
from submissions.media.results import ProbeResult, Rendition

# Every name `make_renditions` can write (fixed per kind, so a retry overwrites the same files).
RENDITION_NAME_PATTERN = (
    r"original|poster\.jpg|waveform\.png|audio\.m4a|video_\d{3,4}\.mp4|image_\d{1,5}\.(?:jpg|webp)"
    r"|page_\d{3,4}\.webp|essay\.(?:txt|pdf)"
)

Renderer = Callable[[Path, Path, ProbeResult, MediaLimits, ProgressCallback | None], list[Rendition]]

RENDERERS: dict[MediaKind, Renderer] = {
    MediaKind.VIDEO: render_video,
    MediaKind.AUDIO: render_audio,
    MediaKind.IMAGE: render_image,
    MediaKind.PDF: render_pages,
    MediaKind.DOCX: render_essay,
    MediaKind.ESSAY: render_essay,
}


def make_renditions(
    path: Path,
    kind: MediaKind | str,
    out_dir: Path,
    limits: MediaLimits,
    on_progress: ProgressCallback | None = None,
    *,
    probe: ProbeResult | None = None,
) -> list[Rendition]:
    """Write the renditions of `kind` into `out_dir` under fixed names (a rerun overwrites the same files).
    Probes first unless `probe` is given; raises MediaRejected or MediaFailed."""
    kind = MediaKind(kind)
    path, out_dir = Path(path), Path(out_dir)
    probe = probe or probe_file(path, kind, limits)
    out_dir.mkdir(parents=True, exist_ok=True)
    return RENDERERS[kind](path, out_dir, probe, limits, on_progress)
