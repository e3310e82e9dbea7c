"""Contests of each format, entries made through the services, and real small files to upload."""

import io
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

from contest.enums import ContestKind, MediaKind
from submissions.services.entries import create_entry
from submissions.services.uploads import store_file
from tests.factories import ContestFactory, EntrantFactory

MIB = 1024 * 1024


def video_contest(**kwargs):
    defaults = {
        "kind": ContestKind.VIDEO,
        "accepted_media_kinds": [MediaKind.VIDEO.value],
        "min_files": 1,
        "max_files": 1,
        "team_size_max": 3,
    }
    return ContestFactory(**{**defaults, **kwargs})


def comic_contest(**kwargs):
    defaults = {
        "kind": ContestKind.COMIC,
        "accepted_media_kinds": [MediaKind.IMAGE.value, MediaKind.PDF.value],
        "min_files": 2,
        "max_files": 6,
        "max_file_bytes": 10 * MIB,
        "max_duration_seconds": None,
    }
    return ContestFactory(**{**defaults, **kwargs})


def essay_contest(**kwargs):
    defaults = {
        "kind": ContestKind.ESSAY,
        "accepted_media_kinds": [MediaKind.TEXT.value],
        "min_files": 1,
        "max_files": 1,
        "max_duration_seconds": None,
        "min_words": 5,
        "max_words": 2000,
    }
    return ContestFactory(**{**defaults, **kwargs})


def draft_entry(*, contest, entrant=None, **kwargs):
    entrant = entrant or EntrantFactory()
    return create_entry(contest=contest, lead_entrant=entrant, actor=entrant, **kwargs)


def png_bytes(*, label: str = "1", size=(320, 240), color=(30, 90, 200)) -> bytes:
    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).text((10, 10), f"Trang {label}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_file(*, entry, actor=None, data: bytes, name: str):
    return store_file(
        entry=entry, actor=actor or entry.lead_entrant, fileobj=io.BytesIO(data), original_name=name
    )


def make_video(path: Path, *, seconds: int = 2, bitrate: str = "4M", noisy: bool = False) -> Path:
    """A real MP4 from FFmpeg's test sources; a high bitrate makes it a few MB, enough for several chunks.
    `noisy` adds film grain coded almost losslessly: about 9 MB a second, for multipart uploads."""
    import imageio_ffmpeg

    source = f"testsrc2=size=640x360:rate=25:duration={seconds}"
    video_codec = [
        "-c:v",
        "libx264",
        "-b:v",
        bitrate,
        "-minrate",
        bitrate,
        "-maxrate",
        bitrate,
        "-bufsize",
        "1M",
    ]
    if noisy:
        source += ",noise=alls=60:allf=t"
        video_codec = ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "10"]

    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            source,
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            *video_codec,
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
        timeout=120,
    )
    return path
