"""Challenge clips as phones make them, and the awkward ones, from FFmpeg's lavfi sources; plus model
factories and a helper that sends a clip through the real upload and processing path.
Shared with the recap video's tests."""

from __future__ import annotations

import struct
from datetime import timedelta
from pathlib import Path

import factory
from django.utils import timezone

from challenges.models import Challenge, Clip
from tests.factories import EntrantFactory
from tests.factories.media_files import make_rotated_phone_video, make_video, run_ffmpeg


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"Thử thách “Nói không với người lạ” {n}")
    slug = factory.Sequence(lambda n: f"thu-thach-{n}")
    prompt = "Quay một clip ngắn: em sẽ làm gì khi người lạ trên mạng xin ảnh riêng tư?"
    hashtag = "#khongmotminh"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    max_seconds = 60


class ClipFactory(factory.django.DjangoModelFactory):
    """A clip row with no file behind it (for lists, permissions and states); use `processed_clip`
    for one that went through the real pipeline."""

    class Meta:
        model = Clip

    challenge = factory.SubFactory(ChallengeFactory)
    author = factory.SubFactory(EntrantFactory)
    original = factory.Sequence(lambda n: f"clips/originals/test{n:08d}")
    original_name = "clip-cua-em.mp4"
    size = 1000
    sha256 = factory.Sequence(lambda n: f"{n:064x}")


# --- files -------------------------------------------------------------------------------------------


def make_clip(path: Path, *, seconds: float = 3, size: str = "320x240", audio: bool = True) -> Path:
    """A plain landscape clip with sound, tagged like a phone's (names, place, device)."""
    return make_video(path, seconds=seconds, size=size, audio=audio)


def make_vertical_clip(path: Path, *, seconds: float = 3) -> Path:
    """Portrait frames (a phone held upright that writes them so)."""
    return make_video(path, seconds=seconds, size="180x320")


def make_silent_clip(path: Path, *, seconds: float = 3) -> Path:
    """Video with no audio track at all: fine for a clip."""
    return make_video(path, seconds=seconds, audio=False)


def make_rotated_clip(path: Path, work_dir: Path, *, degrees: int = 90) -> Path:
    """Landscape frames with a display matrix saying "turn me": must be shown portrait."""
    return make_rotated_phone_video(path, work_dir, degrees=degrees)


def make_audio_only_clip(path: Path, *, seconds: float = 3) -> Path:
    """An MP4 with sound and no picture, named like a video: refused, a clip must be a video."""
    run_ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
               "-c:a", "aac", "-b:a", "96k", path)  # fmt: skip
    return path


def make_hdr_clip(path: Path, *, seconds: float = 2) -> Path:
    """10-bit HEVC with HDR10 colour (BT.2020, PQ), as recent phones record by default."""
    run_ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=25:duration={seconds}",
               "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
               "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1",
               "-x265-params", "log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc",
               "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc",
               "-c:a", "aac", path)  # fmt: skip
    return path


def make_vfr_clip(path: Path, *, seconds: float = 3) -> Path:
    """Variable frame rate, as phones write when the light changes: frame gaps of 1/50 s and 1/25 s mixed."""
    run_ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=50:duration={seconds}",
               "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
               "-vf", "select='not(mod(n\\,6))+mod(n\\,2)',setpts=N/(30*TB)*1+0*PTS",
               "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
               "-c:a", "aac", "-shortest", path)  # fmt: skip
    return path


def make_understated_clip(path: Path, *, seconds: float = 4 * 3600, declared: float = 20) -> Path:
    """A clip of `seconds` (4 hours by default, one tiny frame a second) whose MP4 header says it lasts
    `declared` seconds: the movie, track and media durations are rewritten, the packets are not."""
    run_ffmpeg("-f", "lavfi", "-i", f"color=c=0x36209a:size=32x32:rate=1:duration={seconds}",
               "-c:v", "libx264", "-preset", "ultrafast", "-g", "600", "-pix_fmt", "yuv420p",
               "-use_editlist", "0", path, timeout=600)  # fmt: skip
    data = bytearray(path.read_bytes())
    _rewrite_durations(data, 0, len(data), declared, movie_timescale=None)
    path.write_bytes(bytes(data))
    return path


_CONTAINERS = {b"moov", b"trak", b"mdia"}


def _rewrite_durations(data: bytearray, start: int, end: int, declared: float, movie_timescale) -> None:
    offset = start
    while offset + 8 <= end:
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
            header = 16
        elif size == 0:
            size = end - offset
        body = offset + header
        if kind in _CONTAINERS:
            _rewrite_durations(data, body, offset + size, declared, movie_timescale)
        elif kind in (b"mvhd", b"mdhd"):
            version = data[body]
            timescale_at = body + 4 + (16 if version else 8)
            timescale = struct.unpack(">I", data[timescale_at : timescale_at + 4])[0]
            _put_duration(data, timescale_at + 4, version, round(declared * timescale))
            if kind == b"mvhd":
                movie_timescale = timescale
                _MOVIE_TIMESCALE[0] = timescale
        elif kind == b"tkhd":
            version = data[body]
            duration_at = body + 4 + (16 if version else 8) + 8
            _put_duration(data, duration_at, version, round(declared * _MOVIE_TIMESCALE[0]))
        offset += size


_MOVIE_TIMESCALE = [1000]


def _put_duration(data: bytearray, at: int, version: int, value: int) -> None:
    if version:
        data[at : at + 8] = struct.pack(">Q", value)
    else:
        data[at : at + 4] = struct.pack(">I", value)


# --- clips through the real path ---------------------------------------------------------------------


def stored_clip(*, challenge, author, path: Path, **fields) -> Clip:
    """A clip whose original (the file at `path`) is stored as a finished upload stores it, not yet
    processed: `process_clip(clip_id=...)` then runs the real pipeline on it."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from challenges.services.uploads import new_original_key

    data = Path(path).read_bytes()
    key = storages["private"].save(new_original_key(), ContentFile(data))
    return Clip.objects.create(
        challenge=challenge,
        author=author,
        original=key,
        original_name=Path(path).name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )


def processed_clip(*, challenge, author, path: Path, approve_by=None, **fields) -> Clip:
    """A clip that went through the real pipeline (sandboxed child, renditions stored), PENDING
    moderation, or APPROVED when `approve_by` (an organiser) is given."""
    from challenges.services.moderation import approve_clip
    from challenges.services.processing import process_clip

    clip = stored_clip(challenge=challenge, author=author, path=path, **fields)
    outcome = process_clip(clip_id=clip.pk)
    assert outcome == "pending", outcome
    clip.refresh_from_db()
    if approve_by is not None:
        clip = approve_clip(clip=clip, actor=approve_by)
    return clip
