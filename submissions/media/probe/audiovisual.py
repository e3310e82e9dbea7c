"""Probe video and audio with PyAV, opening only whitelisted demuxers, reading headers and packets only."""

from __future__ import annotations

import math
import struct
import time
from pathlib import Path
from typing import Any

import av

from submissions.media.errors import (
    MediaFailed,
    MediaRejected,
    Reason,
    not_this_kind,
    too_long,
    too_many_pixels,
    too_short,
)
from submissions.media.ffmpeg import DEMUXERS
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.results import ProbeResult
from submissions.media.sniff import Sniffed

AV_SNIFFED = frozenset(
    {Sniffed.ISO_MEDIA, Sniffed.MATROSKA, Sniffed.MP3, Sniffed.WAV, Sniffed.OGG, Sniffed.FLAC, Sniffed.AAC}
)
VIDEO_SNIFFED = frozenset({Sniffed.ISO_MEDIA, Sniffed.MATROSKA})
# Reading packets to find the length of a file whose header does not say it must stay cheap.
DEMUX_SECONDS = 30.0


def probe_audiovisual(
    path: Path, kind: MediaKind, limits: MediaLimits, size: int, sniffed: Sniffed
) -> ProbeResult:
    expected = VIDEO_SNIFFED if kind is MediaKind.VIDEO else AV_SNIFFED
    if sniffed not in expected and sniffed is not Sniffed.UNKNOWN:
        raise not_this_kind(kind)
    container = _open(path, kind, sniffed)
    with container:
        streams = list(container.streams)
        if len(streams) > limits.max_streams:
            raise MediaRejected(Reason.TOO_MANY_STREAMS, count=len(streams), limit=limits.max_streams)
        main = _main_stream(streams, kind)
        infos = tuple(_stream_info(stream) for stream in streams)
        width, height, rotation = _picture(main, limits) if main.type == "video" else (None, None, 0)
        duration = _declared_duration(container, main)
        if duration is None:
            duration = _demuxed_duration(container, main, limits)
    if duration > limits.max_duration_seconds:
        raise too_long(duration, limits.max_duration_seconds)
    if duration <= 0:
        raise MediaRejected(Reason.DAMAGED)
    if limits.min_duration_seconds and duration < limits.min_duration_seconds:
        raise too_short(duration, limits.min_duration_seconds)
    return ProbeResult(
        kind=kind,
        format=container.format.name,
        size_bytes=size,
        width=width,
        height=height,
        rotation=rotation,
        duration=round(duration, 3),
        streams=infos,
    )


def _open(path: Path, kind: MediaKind, sniffed: Sniffed) -> Any:
    options = {"format_whitelist": ",".join(DEMUXERS[kind]), "protocol_whitelist": "file"}
    try:
        return av.open(f"file:{path}", mode="r", container_options=options)
    except av.ArgumentError as error:
        # Our whitelist said no: the content is a demuxer we never accept for this kind.
        raise not_this_kind(kind) from error
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as error:
        if sniffed in AV_SNIFFED:
            raise MediaRejected(Reason.DAMAGED) from error
        raise not_this_kind(kind) from error


def _main_stream(streams: list[Any], kind: MediaKind) -> Any:
    wanted = "video" if kind is MediaKind.VIDEO else "audio"
    for stream in streams:
        # A cover picture in an MP3 or M4A is a "video" stream of one frame; it is not a video.
        if stream.type == wanted and not (wanted == "video" and _is_attached_picture(stream)):
            if stream.codec_context is None or not stream.codec_context.name:
                raise MediaRejected(Reason.DAMAGED)
            return stream
    raise MediaRejected(Reason.NO_VIDEO if kind is MediaKind.VIDEO else Reason.NO_AUDIO)


def _is_attached_picture(stream: Any) -> bool:
    return bool(int(stream.disposition) & int(av.stream.Disposition.attached_pic))


def _picture(stream: Any, limits: MediaLimits) -> tuple[int, int, int]:
    width, height = stream.codec_context.width, stream.codec_context.height
    if width <= 0 or height <= 0:
        raise MediaRejected(Reason.DAMAGED)
    if width * height > limits.max_pixels:
        raise too_many_pixels(width * height, limits.max_pixels)
    rotation = display_rotation(stream)
    if rotation in (90, 270):
        width, height = height, width
    return width, height, rotation


def display_rotation(stream: Any) -> int:
    """Clockwise degrees a player turns the picture (phones store portrait video as rotated landscape)."""
    side_data = getattr(stream.codec_context, "coded_side_data", None) or {}
    matrix = side_data.get("display_matrix") or side_data.get("displaymatrix")
    if not matrix or len(matrix) < 36:
        return 0
    a, b, _, c, d, *_ = struct.unpack("<9i", matrix[:36])
    scale_x, scale_y = math.hypot(a, c), math.hypot(b, d)
    if not scale_x or not scale_y:
        return 0
    counter_clockwise = math.degrees(math.atan2(b / scale_y, a / scale_x))
    return round(-counter_clockwise / 90) * 90 % 360


def _declared_duration(container: Any, main: Any) -> float | None:
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    if main.duration is not None and main.time_base is not None and main.duration > 0:
        return float(main.duration * main.time_base)
    return None


def _demuxed_duration(container: Any, main: Any, limits: MediaLimits) -> float:
    """Length of a file whose header does not say (browser recordings): read packets, decode nothing."""
    deadline = time.monotonic() + DEMUX_SECONDS
    start, end = None, 0.0
    try:
        for packet in container.demux(main):
            if packet.pts is None or packet.time_base is None:
                continue
            seconds = float(packet.pts * packet.time_base)
            start = seconds if start is None else min(start, seconds)
            end = max(end, seconds + float((packet.duration or 0) * packet.time_base))
            if end - start > limits.max_duration_seconds:
                raise too_long(end - start, limits.max_duration_seconds)
            if time.monotonic() > deadline:
                raise MediaFailed("reading packets to find the duration took too long")
    except av.FFmpegError as error:
        raise MediaRejected(Reason.DAMAGED) from error
    return end - (start or 0.0)


def _stream_info(stream: Any) -> dict[str, Any]:
    context = stream.codec_context
    info: dict[str, Any] = {
        "index": stream.index,
        "type": stream.type,
        "codec": context.name if context else None,
    }
    if stream.type == "video" and context is not None:
        rate = stream.average_rate or stream.guessed_rate
        info |= {
            "width": context.width,
            "height": context.height,
            "frame_rate": round(float(rate), 3) if rate else None,
            "cover": _is_attached_picture(stream),
        }
    elif stream.type == "audio" and context is not None:
        info |= {"channels": context.channels, "sample_rate": context.sample_rate}
    return info
