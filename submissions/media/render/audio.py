"""Audio → AAC in an M4A, and a waveform picture, from one decode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from submissions.media import ffmpeg
from submissions.media.errors import MediaRejected, Reason
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.progress import ProgressCallback
from submissions.media.render.video import MAX_DECODE_ERRORS, MIN_DURATION_RATIO, output_duration
from submissions.media.results import ProbeResult, Rendition

AUDIO_NAME = "audio.m4a"
WAVEFORM_NAME = "waveform.png"
WAVEFORM_SIZE = (1200, 240)
WAVEFORM_COLOUR = "0x1d4ed8"


def render_audio(
    path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits, on_progress: ProgressCallback | None
) -> list[Rendition]:
    result = ffmpeg.run(
        audio_graph(path, out_dir, probe, limits), duration=probe.duration, on_progress=on_progress
    )
    if result.error_lines > MAX_DECODE_ERRORS:
        raise MediaRejected(Reason.DAMAGED)
    audio = out_dir / AUDIO_NAME
    duration = output_duration(audio)
    if probe.duration and duration < probe.duration * MIN_DURATION_RATIO - 1:
        raise MediaRejected(Reason.DAMAGED)
    width, height = WAVEFORM_SIZE
    return [
        Rendition(AUDIO_NAME, audio, "audio/mp4", duration=round(duration, 3)),
        Rendition(WAVEFORM_NAME, out_dir / WAVEFORM_NAME, "image/png", width, height),
    ]


def audio_graph(path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits) -> Any:
    source = ffmpeg.open_input(path, ffmpeg.DEMUXERS[MediaKind.AUDIO])
    index = next(s["index"] for s in probe.streams if s["type"] == "audio")
    split = source[str(index)].filter_multi_output("asplit", 2)
    sound, for_picture = split[0], split[1]
    width, height = WAVEFORM_SIZE
    waveform = for_picture.filter("aformat", channel_layouts="mono").filter(
        "showwavespic", s=f"{width}x{height}", colors=WAVEFORM_COLOUR, scale="sqrt"
    )
    return ffmpeg.merge(
        ffmpeg.output(
            sound,
            path=out_dir / AUDIO_NAME,
            f="mp4",
            acodec="aac",
            ac=2,
            ar=48000,
            movflags="+faststart",
            t=limits.max_duration_seconds + 1,
            **{"b:a": "160k"},
        ),
        ffmpeg.output(waveform, path=out_dir / WAVEFORM_NAME, f="image2", vcodec="png", vframes=1, update=1),
    )
