"""The media pipeline: probe by content, transcode, scrub (DESIGN.md §4).

Pure Python, no Django models: importable without Django configured. The worker task calls
`process_file`; `MediaRejected.reason` is shown to the entrant, `MediaFailed.detail` to organisers.
"""

from submissions.media.errors import MediaFailed, MediaRejected, Reason
from submissions.media.limits import MediaKind, MediaLimits, limits_for_contest
from submissions.media.pipeline import process_file
from submissions.media.probe import probe_file
from submissions.media.render import make_renditions
from submissions.media.results import PipelineResult, ProbeResult, Rendition

__all__ = [
    "MediaFailed",
    "MediaKind",
    "MediaLimits",
    "MediaRejected",
    "PipelineResult",
    "ProbeResult",
    "Reason",
    "Rendition",
    "limits_for_contest",
    "make_renditions",
    "probe_file",
    "process_file",
]
