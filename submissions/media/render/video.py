"""Video → H.264/AAC MP4 at 720p and 360p (one decode, two encodes) and a JPEG poster frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av

from submissions.media import ffmpeg
from submissions.media.errors import MediaRejected, Reason, too_long
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.progress import ProgressCallback, scaled
from submissions.media.results import ProbeResult, Rendition

# (name, short side, CRF, audio bitrate)
VIDEO_RENDITIONS: tuple[tuple[str, int, int, str], ...] = (
    ("video_720.mp4", 720, 23, "128k"),
    ("video_360.mp4", 360, 28, "96k"),
)
POSTER_NAME = "poster.jpg"
MAX_FPS = 30
X264_PRESET = "veryfast"
# A file that stops well before the length its header promised is truncated, not merely short.
MIN_DURATION_RATIO = 0.9
# Error lines FFmpeg may print for a healthy phone clip (a cut at a non-keyframe, a dropped packet).
MAX_DECODE_ERRORS = 20
# Encoders pad audio by a few frames: a clip of exactly the limit comes out a few hundredths longer.
DURATION_TOLERANCE = 0.5


def render_video(
    path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits, on_progress: ProgressCallback | None
) -> list[Rendition]:
    duration = probe.duration or 0.0
    result = ffmpeg.run(
        transcode_graph(path, out_dir, probe, limits),
        duration=duration,
        on_progress=scaled(on_progress, 0, 95),
    )
    if result.error_lines > MAX_DECODE_ERRORS:
        raise MediaRejected(Reason.DAMAGED)
    renditions = [
        _checked_rendition(out_dir / name, probe, *fit_short_side(probe, short_side))
        for name, short_side, _, _ in VIDEO_RENDITIONS
    ]
    # The header may lie about the length (a 4-hour clip declared as 20 s): the encode stops one second
    # past the limit, so a rendition longer than the limit is the file's real length showing through.
    longest = max(r.duration or 0.0 for r in renditions)
    if longest > limits.max_duration_seconds + DURATION_TOLERANCE:
        raise too_long(longest, limits.max_duration_seconds)
    first = renditions[0]
    poster = out_dir / POSTER_NAME
    ffmpeg.run(poster_graph(first.path, poster, first.duration or 0.0), duration=None)
    renditions.append(Rendition(POSTER_NAME, poster, "image/jpeg", first.width, first.height))
    if on_progress:
        on_progress(100.0)
    return renditions


def transcode_graph(path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits) -> Any:
    source = ffmpeg.open_input(path, ffmpeg.DEMUXERS[MediaKind.VIDEO])
    video_index, audio_index = _main_streams(probe)
    picture = source[str(video_index)]
    if _frame_rate(probe, video_index) > MAX_FPS + 0.5:
        picture = picture.filter("fps", fps=MAX_FPS)
    branches = picture.filter_multi_output("split", len(VIDEO_RENDITIONS))
    outputs = []
    for branch_index, (name, short_side, crf, audio_bitrate) in enumerate(VIDEO_RENDITIONS):
        width, height = fit_short_side(probe, short_side)
        scaled_picture = (
            branches[branch_index]
            .filter("scale", width, height)
            .filter("setsar", 1)
            .filter("format", "yuv420p")
        )
        streams = [scaled_picture]
        audio_options: dict[str, Any] = {}
        if audio_index is not None:
            streams.append(source[str(audio_index)])
            audio_options = {"acodec": "aac", "b:a": audio_bitrate, "ac": 2, "ar": 48000}
        outputs.append(
            ffmpeg.output(
                *streams,
                path=out_dir / name,
                f="mp4",
                vcodec="libx264",
                preset=X264_PRESET,
                crf=crf,
                **{"profile:v": "high", "bsf:v": "filter_units=remove_types=6"},  # SEI holds x264's version
                movflags="+faststart",
                t=limits.max_duration_seconds + 1,
                max_muxing_queue_size=4096,
                **audio_options,
            )
        )
    return ffmpeg.merge(*outputs)


def poster_graph(video: Path, poster: Path, duration: float) -> Any:
    # A frame a little way in: the first is often black or a fade.
    source = ffmpeg.open_input(video, ffmpeg.VIDEO_DEMUXERS, ss=round(min(duration * 0.1, 3.0), 3))
    return ffmpeg.output(
        source["v:0"], path=poster, f="image2", vcodec="mjpeg", vframes=1, update=1, **{"q:v": 3}
    )


def fit_short_side(probe: ProbeResult, short_side: int) -> tuple[int, int]:
    """Even dimensions with the shorter side at most `short_side` and no upscaling; the longer side is
    capped at 16:9 of it too, so a freak panorama cannot make a huge frame."""
    width, height = probe.width or 2, probe.height or 2
    long_cap = short_side * 16 / 9
    scale = min(1.0, short_side / min(width, height), long_cap / max(width, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _main_streams(probe: ProbeResult) -> tuple[int, int | None]:
    videos = [s["index"] for s in probe.streams if s["type"] == "video" and not s.get("cover")]
    audios = [s["index"] for s in probe.streams if s["type"] == "audio"]
    return videos[0], (audios[0] if audios else None)


def _frame_rate(probe: ProbeResult, index: int) -> float:
    stream = next(s for s in probe.streams if s["index"] == index)
    return float(stream.get("frame_rate") or 0)


def _checked_rendition(path: Path, probe: ProbeResult, width: int, height: int) -> Rendition:
    duration = output_duration(path)
    if probe.duration and duration < probe.duration * MIN_DURATION_RATIO - 1:
        raise MediaRejected(Reason.DAMAGED)
    return Rendition(path.name, path, "video/mp4", width, height, round(duration, 3))


def output_duration(path: Path) -> float:
    """Length of a file we wrote ourselves."""
    with av.open(str(path)) as container:
        return (container.duration or 0) / av.time_base
