"""Recap test clips made with FFmpeg's lavfi sources, each recognisable by its colour and its tone.

Mixed the way phones and apps deliver them: shapes, display rotation, frame rates (constant and variable),
audio layouts (mono, stereo, 5.1, none), 10-bit HDR, and tags naming a child and a place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from tests.factories.media_files import ISO6709, container_tags, run_ffmpeg

# (colour as FFmpeg names it, its RGB) — far apart from each other and from the recap's card colour.
COLOURS: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("0xff0000", (255, 0, 0)),
    ("0x00ff00", (0, 255, 0)),
    ("0x0000ff", (0, 0, 255)),
    ("0xffff00", (255, 255, 0)),
    ("0x00ffff", (0, 255, 255)),
    ("0xff00ff", (255, 0, 255)),
    ("0xff8000", (255, 128, 0)),
    ("0x8000ff", (128, 0, 255)),
    ("0xffffff", (255, 255, 255)),
    ("0x808080", (128, 128, 128)),
    ("0x008040", (0, 128, 64)),
    ("0x804000", (128, 64, 0)),
)
# Tones far enough apart to tell in a spectrum of the whole recap.
FREQUENCIES: tuple[int, ...] = (310, 410, 530, 650, 770, 890, 1010, 1130, 1250, 1370, 1490, 1610)
AUDIO_LAYOUTS = {"mono": 1, "stereo": 2, "5.1": 6}


@dataclass(frozen=True, slots=True)
class ClipRecipe:
    size: str = "320x180"
    rate: int = 25
    seconds: float = 2.0
    audio: str | None = "stereo"
    rotation: int = 0
    vfr: bool = False
    ten_bit_hdr: bool = False
    tagged: bool = False
    volume_db: float = -20.0


def make_clip(path: Path, *, colour: str, frequency: int, recipe: ClipRecipe = ClipRecipe()) -> Path:
    """A solid-colour clip with one sine tone; rotation is a display-matrix flag, as phones write it."""
    seconds = recipe.seconds
    args: list[str] = ["-f", "lavfi", "-i", f"color=c={colour}:s={recipe.size}:r={recipe.rate}:d={seconds}"]
    if recipe.audio:
        sine = f"sine=frequency={frequency}:sample_rate=48000:duration={seconds}"
        args += ["-f", "lavfi", "-i", f"{sine},volume={recipe.volume_db}dB"]
        args += ["-ac", str(AUDIO_LAYOUTS[recipe.audio]), "-c:a", "aac", "-b:a", "128k"]
    filters = []
    if recipe.vfr:
        # Every fourth frame dropped: gaps in the timestamps, a variable frame rate.
        filters.append("select='not(eq(mod(n\\,4)\\,1))'")
        args += ["-fps_mode", "vfr"]
    if recipe.ten_bit_hdr:
        filters.append("setparams=color_trc=smpte2084:color_primaries=bt2020:colorspace=bt2020nc")
        args += ["-pix_fmt", "yuv420p10le"]
    else:
        args += ["-pix_fmt", "yuv420p"]
    if filters:
        args += ["-vf", ",".join(filters)]
    args += ["-c:v", "libx264", "-preset", "ultrafast"]
    if recipe.tagged:
        args += [*container_tags(), "-movflags", "use_metadata_tags"]
        args += ["-metadata", f"com.apple.quicktime.location.ISO6709={ISO6709}"]
    if recipe.rotation:
        plain = path.with_name(path.stem + "-unrotated.mp4")
        run_ffmpeg(*args, plain)
        run_ffmpeg("-display_rotation", str(recipe.rotation), "-i", plain, "-map", "0", "-c", "copy",
                   "-map_metadata", "0", "-movflags", "use_metadata_tags", path)  # fmt: skip
        plain.unlink()
    else:
        run_ffmpeg(*args, path)
    return path


def make_music(path: Path, *, seconds: float = 6.0, frequency: int = 220) -> Path:
    """A background track: a pulsing low tone (so ducking has something to act on)."""
    source = f"sine=frequency={frequency}:sample_rate=44100:duration={seconds},volume=0.5"
    run_ffmpeg("-f", "lavfi", "-i", source, "-c:a", "aac", "-b:a", "96k", path)
    return path


def make_logo(path: Path, *, size: int = 200) -> Path:
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((4, 4, size - 4, size - 4), fill=(255, 200, 0, 255))
    logo.save(path, format="PNG")
    return path


# --- measuring what came out ----------------------------------------------------------------------------


def tone_levels(path: Path, frequencies: tuple[int, ...]) -> dict[int, float]:
    """Strength of each tone in the whole soundtrack, relative to the strongest (1.0)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [frame.to_ndarray().mean(axis=0) for frame in container.decode(stream)]
        rate = stream.rate
    samples = np.concatenate(chunks)
    spectrum = np.abs(np.fft.rfft(samples))
    bins = np.fft.rfftfreq(len(samples), 1 / rate)
    levels = {f: float(spectrum[(bins > f - 4) & (bins < f + 4)].max()) for f in frequencies}
    top = max(levels.values()) or 1.0
    return {f: level / top for f, level in levels.items()}


def centre_colours(path: Path, *, every: float = 0.25) -> list[tuple[int, int, int]]:
    """The RGB of the centre pixel, sampled every `every` seconds."""
    found: list[tuple[int, int, int]] = []
    next_time = 0.0
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is None or frame.time + 1e-6 < next_time:
                continue
            next_time += every
            picture = frame.to_ndarray(format="rgb24")
            height, width, _ = picture.shape
            found.append(tuple(int(v) for v in picture[height // 2, width // 2]))
    return found


def has_colour(
    samples: list[tuple[int, int, int]], rgb: tuple[int, int, int], *, tolerance: int = 24
) -> bool:
    return any(all(abs(a - b) <= tolerance for a, b in zip(sample, rgb, strict=True)) for sample in samples)


def frame_at(path: Path, seconds: float) -> np.ndarray:
    """The decoded RGB frame shown at `seconds`."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is not None and frame.time + 1e-6 >= seconds:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"no frame at {seconds} s in {path}")
