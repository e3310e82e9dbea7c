"""Probe, transcode and scrub one stored file (DESIGN.md §4)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from submissions.media.ffmpeg import neutral_copy
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.probe import probe_file
from submissions.media.progress import ProgressCallback, scaled
from submissions.media.render import make_renditions
from submissions.media.results import PipelineResult, Rendition

STAGING_PREFIX = ".staging-"


def process_file(
    *,
    path: Path,
    kind: MediaKind | str,
    out_dir: Path,
    limits: MediaLimits,
    on_progress: ProgressCallback | None = None,
) -> PipelineResult:
    """Check the file at `path` against `limits` and write its renditions into `out_dir`.

    Works on a neutrally named copy; renditions are made in a staging folder inside `out_dir` and moved
    into place only when all are done, so `out_dir` never holds half a result. Rendition names are fixed
    per kind, so a retry overwrites the same files. Raises MediaRejected (the entrant's file is not
    acceptable, with a reason for them) or MediaFailed (our side failed; worth a retry).
    """
    kind = MediaKind(kind)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        work_dir = staging / "work"
        made_dir = staging / "made"
        work_dir.mkdir()
        source = neutral_copy(Path(path), work_dir)
        probe = probe_file(source, kind, limits)
        if on_progress:
            on_progress(2.0)
        made = make_renditions(source, kind, made_dir, limits, scaled(on_progress, 2, 100), probe=probe)
        return PipelineResult(probe=probe.as_dict(), renditions=_move_into(made, out_dir))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into(renditions: list[Rendition], out_dir: Path) -> list[Rendition]:
    moved = []
    for rendition in renditions:
        target = out_dir / rendition.name
        os.replace(rendition.path, target)
        moved.append(replace(rendition, path=target))
    return moved
