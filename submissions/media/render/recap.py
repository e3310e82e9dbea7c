"""A recap video: many approved clips joined into one, with title and end cards, credits, logo and music.

Pure media code (no Django): the caller passes already-scrubbed clips with their probed facts, and gets an
H.264/AAC MP4 with +faststart and no metadata, plus a poster JPEG. Everything runs through our one FFmpeg
wrapper (`submissions.media.ffmpeg`): argument lists, whitelisted demuxers, limits, `-progress pipe:1`.

Every segment (card or clip) is normalised inside the graph to the same picture and sound: scaled and padded
to the shape, constant 30 fps (VFR → CFR), 8-bit yuv420p (10-bit HDR tone-mapped), 48 kHz stereo at
EBU R128 −16 LUFS (a clip with no sound gets silence), cut or padded to an exact number of frames so the
crossfade offsets add up. Segments are joined with xfade/acrossfade. Up to `batch_size` segments go through
ONE FFmpeg run; a longer recap is joined in batches written to near-lossless intermediates (x264 + PCM in
Matroska), which are then crossfaded in a final run: one graph with hundreds of open decoders and a
hundred-deep xfade chain costs far more memory than two encodes cost time.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import av
import ffmpeg as ffmpeg_python
from PIL import Image, ImageFont

from submissions.media import ffmpeg
from submissions.media.errors import MediaFailed
from submissions.media.progress import ProgressCallback, scaled

FPS = 30
SAMPLE_RATE = 48000
LOUDNESS_LUFS = -16.0
TRUE_PEAK_DB = -1.5
MUSIC_BELOW_SPEECH_LU = 14.0
SILENT_LUFS = -60.0
MAX_GAIN_DB = 30.0
LIMIT = 0.84  # about -1.5 dBFS: a quiet clip raised to −16 LUFS must not clip
X264_PRESET = "veryfast"
CRF = 21
INTERMEDIATE_CRF = 12
AUDIO_BITRATE = "160k"
BATCH_SIZE = 24
BASE_ADDRESS_SPACE = 1536 * 1024**2
SEGMENT_ADDRESS_SPACE = 320 * 1024**2
CREDIT_MAX_CHARS = 90
CARD_COLOUR = "0x12355b"
LOGO_MAX_PIXELS = 4096 * 4096
VIETNAMESE_SAMPLE = "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
HDR_TRANSFERS = frozenset({"smpte2084", "arib-std-b67"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


class Shape(StrEnum):
    LANDSCAPE = "16:9"
    PORTRAIT = "9:16"
    SQUARE = "1:1"

    def size(self, short_side: int = 1080) -> tuple[int, int]:
        long_side = _even(short_side * 16 / 9)
        return {
            Shape.LANDSCAPE: (long_side, short_side),
            Shape.PORTRAIT: (short_side, long_side),
            Shape.SQUARE: (short_side, short_side),
        }[self]


@dataclass(frozen=True, slots=True)
class RecapClip:
    """One scrubbed clip and what its probe said about it."""

    path: Path
    duration: float
    has_audio: bool
    credit: str = ""
    hdr: bool = False
    # Integrated loudness (LUFS) as measured by `measure_loudness`; None: not measured yet or silent.
    loudness: float | None = None


@dataclass(frozen=True, slots=True)
class RecapSpec:
    title: str
    end_text: str = ""
    shape: Shape = Shape.LANDSCAPE
    short_side: int = 1080
    logo: Path | None = None
    music: Path | None = None
    crossfade: float = 0.5
    card_seconds: float = 3.0
    max_clip_seconds: float = 60.0

    @property
    def size(self) -> tuple[int, int]:
        return Shape(self.shape).size(self.short_side)


@dataclass(frozen=True, slots=True)
class RecapResult:
    video: Path
    poster: Path
    duration: float
    width: int
    height: int
    passes: int


@dataclass(slots=True)
class _Segment:
    seconds: float
    clip: RecapClip | None = None
    card_text: str | None = None
    intermediate: Path | None = None


@dataclass(slots=True)
class _Plan:
    spec: RecapSpec
    work_dir: Path
    font: Path
    fade: float
    logo: Path | None
    text_files: list[Path] = field(default_factory=list)


def render_recap(
    clips: Sequence[RecapClip],
    spec: RecapSpec,
    out_dir: Path,
    work_dir: Path,
    on_progress: ProgressCallback | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> RecapResult:
    """Write `recap.mp4` and `recap-poster.jpg` into `out_dir` (fixed names: a rerun overwrites them)."""
    if not clips:
        raise MediaFailed("a recap needs at least one clip")
    out_dir.mkdir(parents=True, exist_ok=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    measuring = scaled(on_progress, 0, 10)
    measured = []
    for number, clip in enumerate(clips):
        if clip.has_audio and clip.loudness is None:
            clip = dataclasses.replace(clip, loudness=measure_loudness(clip.path, work_dir))
        measured.append(clip)
        if measuring:
            measuring(100 * (number + 1) / len(clips))
    segments = plan_segments(measured, spec)
    plan = _Plan(
        spec=spec,
        work_dir=work_dir,
        font=bundled_font(work_dir),
        fade=crossfade_seconds(spec, segments),
        logo=prepared_logo(spec, work_dir),
    )
    video = out_dir / "recap.mp4"
    batch_size = max(2, batch_size)
    passes = 1
    if len(segments) > batch_size:
        groups = [segments[start : start + batch_size] for start in range(0, len(segments), batch_size)]
        total = sum(s.seconds for s in segments)
        done = 0.0
        joined: list[_Segment] = []
        for number, group in enumerate(groups):
            seconds = joined_seconds(group, plan.fade)
            start = 10 + 60 * done / total
            done += sum(s.seconds for s in group)
            path = work_dir / f"batch-{number:04d}.mkv"
            ffmpeg.run(
                _graph(group, plan, path, final=False),
                duration=seconds,
                budget=_budget(len(group), seconds, spec),
                on_progress=scaled(on_progress, start, 10 + 60 * done / total),
            )
            joined.append(_Segment(seconds=seconds, intermediate=path))
        segments, passes, final_progress = joined, len(groups) + 1, scaled(on_progress, 70, 97)
    else:
        final_progress = scaled(on_progress, 10, 97)
    duration = joined_seconds(segments, plan.fade)
    ffmpeg.run(
        _graph(segments, plan, video, final=True),
        duration=duration,
        budget=_budget(len(segments), duration, spec),
        on_progress=final_progress,
    )
    poster = out_dir / "recap-poster.jpg"
    width, height = spec.size
    ffmpeg.run(_poster_graph(video, poster, min(spec.card_seconds / 2, duration / 2)), duration=None)
    for path in work_dir.glob("batch-*.mkv"):
        path.unlink(missing_ok=True)
    if on_progress:
        on_progress(100.0)
    return RecapResult(video, poster, round(duration, 3), width, height, passes)


def _budget(segments: int, seconds: float, spec: RecapSpec) -> ffmpeg.Budget:
    """The usual time budget; address space grows with the inputs open at once (each decoder fills its
    queue of frames ahead): measured about 100 MB resident per segment at 1080p, more reserved."""
    usual = ffmpeg.budget_for(seconds)
    width, height = spec.size
    per_segment = SEGMENT_ADDRESS_SPACE * width * height / (1920 * 1080)
    memory = max(usual.memory_bytes, int(BASE_ADDRESS_SPACE + segments * per_segment))
    return ffmpeg.Budget(wall_seconds=usual.wall_seconds, cpu_seconds=usual.cpu_seconds, memory_bytes=memory)


def plan_segments(clips: Sequence[RecapClip], spec: RecapSpec) -> list[_Segment]:
    """Title card, the clips in order, end card; every length a whole number of frames."""
    segments = [_Segment(seconds=_frames(spec.card_seconds), card_text=spec.title)]
    for clip in clips:
        segments.append(_Segment(seconds=_frames(min(clip.duration, spec.max_clip_seconds)), clip=clip))
    if spec.end_text:
        segments.append(_Segment(seconds=_frames(spec.card_seconds), card_text=spec.end_text))
    return segments


def crossfade_seconds(spec: RecapSpec, segments: Sequence[_Segment]) -> float:
    """The asked crossfade, shortened so it never eats more than a third of the shortest segment."""
    shortest = min(s.seconds for s in segments)
    return _frames(max(0.0, min(spec.crossfade, shortest / 3)))


def joined_seconds(segments: Sequence[_Segment], fade: float) -> float:
    return round(sum(s.seconds for s in segments) - fade * (len(segments) - 1), 6)


def recap_seconds(clips: Sequence[RecapClip], spec: RecapSpec) -> float:
    """The length `render_recap` will produce for these clips."""
    segments = plan_segments(clips, spec)
    return joined_seconds(segments, crossfade_seconds(spec, segments))


# --- the graph ---------------------------------------------------------------------------------------


def _graph(segments: Sequence[_Segment], plan: _Plan, path: Path, *, final: bool) -> Any:
    picture, sound = _joined(segments, plan)
    if not final:
        return ffmpeg.output(
            picture,
            sound,
            path=path,
            f="matroska",
            vcodec="libx264",
            preset="ultrafast",
            crf=INTERMEDIATE_CRF,
            acodec="pcm_s16le",
            max_muxing_queue_size=4096,
        )
    total = joined_seconds(segments, plan.fade)
    if plan.logo is not None:
        logo = ffmpeg.open_input(plan.logo, ("png_pipe", "image2"))
        margin = _even(min(plan.spec.size) * 0.04)
        picture = ffmpeg_python.filter([picture, logo], "overlay", x=f"W-w-{margin}", y=margin)
    picture = picture.filter("format", "yuv420p")
    if plan.spec.music is not None:
        sound = _with_music(sound, plan.spec.music, total)
    return ffmpeg.output(
        picture,
        sound,
        path=path,
        f="mp4",
        vcodec="libx264",
        preset=X264_PRESET,
        crf=CRF,
        r=FPS,
        g=2 * FPS,
        acodec="aac",
        ar=SAMPLE_RATE,
        ac=2,
        movflags="+faststart",
        max_muxing_queue_size=4096,
        **{"b:a": AUDIO_BITRATE, "profile:v": "high", "bsf:v": "filter_units=remove_types=6"},
    )


def _joined(segments: Sequence[_Segment], plan: _Plan) -> tuple[Any, Any]:
    """All segments, one after another, each crossfaded into the next.

    Not a chain of xfade filters: xfade asks both its inputs for frames from the start, so the next clip's
    frames pile up in memory until the crossfade (gigabytes at 1080p, and a chain multiplies it). Instead
    each segment is cut into head, body and tail (exact frame and sample counts); only a tail and the next
    head go through xfade/acrossfade, and `concat` pulls bodies and crossfades in order, one at a time."""
    streams = [_segment_streams(index, segment, plan) for index, segment in enumerate(segments)]
    fade_frames = round(plan.fade * FPS)
    fade_samples = fade_frames * SAMPLE_RATE // FPS
    last = len(segments) - 1
    pieces: list[Any] = []
    tails: tuple[Any, Any] | None = None
    for index, (segment, (picture, sound)) in enumerate(zip(segments, streams, strict=True)):
        frames = round(segment.seconds * FPS)
        samples = frames * SAMPLE_RATE // FPS
        head = fade_frames if index > 0 and fade_frames else 0
        tail = fade_frames if index < last and fade_frames else 0
        cuts = [("body", head, frames - tail)]
        if head:
            cuts.insert(0, ("head", 0, head))
        if tail:
            cuts.append(("tail", frames - tail, frames))
        pictures = picture.filter_multi_output("split", len(cuts)) if len(cuts) > 1 else None
        sounds = sound.filter_multi_output("asplit", len(cuts)) if len(cuts) > 1 else None
        cut: dict[str, tuple[Any, Any]] = {}
        for number, (name, start, end) in enumerate(cuts):
            v = pictures[number] if pictures is not None else picture
            a = sounds[number] if sounds is not None else sound
            v = v.filter("trim", start_frame=start, end_frame=end).filter("setpts", "PTS-STARTPTS")
            a = a.filter(
                "atrim", start_sample=start * samples // frames, end_sample=end * samples // frames
            ).filter("asetpts", "PTS-STARTPTS")
            cut[name] = (v, a)
        if tails is not None and "head" in cut:
            pieces.append(
                (
                    ffmpeg_python.filter(
                        [tails[0], cut["head"][0]],
                        "xfade",
                        transition="fade",
                        duration=_num(plan.fade),
                        offset=0,
                    ),
                    ffmpeg_python.filter(
                        [tails[1], cut["head"][1]], "acrossfade", ns=fade_samples, c1="qsin", c2="qsin"
                    ),
                )
            )
        pieces.append(cut["body"])
        tails = cut.get("tail")
    if len(pieces) == 1:
        return pieces[0]
    joined = ffmpeg_python.concat(*[stream for piece in pieces for stream in piece], v=1, a=1).node
    return joined[0], joined[1]


def _segment_streams(index: int, segment: _Segment, plan: _Plan) -> tuple[Any, Any]:
    seconds = _num(segment.seconds)
    width, height = plan.spec.size
    if segment.intermediate is not None:
        source = ffmpeg.open_input(segment.intermediate, ("matroska",), threads=1)
        return source["v:0"].filter("setpts", "PTS-STARTPTS"), source["a:0"].filter("asetpts", "PTS-STARTPTS")
    if segment.clip is None:
        picture = ffmpeg.generated(
            "color", instance=f"card{index}", c=CARD_COLOUR, s=f"{width}x{height}", r=FPS, d=seconds
        )
        picture = picture.filter("format", "yuv420p")
        picture = _drawtext(picture, plan, segment.card_text or "", card=True)
        return picture.filter("settb", f"1/{FPS}"), _silence(seconds, index)
    clip = segment.clip
    # One decoding thread per clip: only two clips are ever decoded at once (a crossfade), and a frame
    # thread pool per input would multiply memory by the number of clips in the graph.
    source = ffmpeg.open_input(clip.path, ffmpeg.VIDEO_DEMUXERS, threads=1)
    picture = source["v:0"]
    if clip.hdr:
        # PQ/HLG → linear → BT.709 SDR; the decoder tags tell zscale where it starts from.
        picture = (
            picture.filter("zscale", t="linear", npl=100)
            .filter("format", "gbrpf32le")
            .filter("zscale", p="bt709")
            .filter("tonemap", tonemap="hable", desat=0)
            .filter("zscale", t="bt709", m="bt709", r="tv")
        )
    picture = (
        picture.filter("fps", fps=FPS)
        .filter("setpts", "PTS-STARTPTS")
        .filter("scale", width, height, force_original_aspect_ratio="decrease", flags="bicubic")
        .filter("pad", width, height, "(ow-iw)/2", "(oh-ih)/2", color="black")
        .filter("setsar", 1)
        .filter("format", "yuv420p")
    )
    if clip.credit.strip():
        picture = _drawtext(picture, plan, clip.credit, card=False)
    # A clip whose picture stops early holds its last frame; one that runs long is cut: exact frame counts.
    picture = (
        picture.filter("tpad", stop_mode="clone", stop_duration=seconds)
        .filter("trim", duration=seconds)
        .filter("setpts", "PTS-STARTPTS")
        .filter("settb", f"1/{FPS}")
    )
    if clip.has_audio:
        sound = (
            _stereo(source["a:0"])
            .filter("volume", f"{loudness_gain(clip.loudness):.2f}dB")
            .filter("alimiter", limit=LIMIT, level=0, latency=1)
            .filter("asetpts", "PTS-STARTPTS")
            .filter("apad", whole_dur=seconds)
            .filter("atrim", duration=seconds)
        )
    else:
        sound = _silence(seconds, index)
    return picture, sound


def _stereo(sound: Any) -> Any:
    """48 kHz stereo: mono is copied to both sides, 5.1 folded down (measured after this, not before)."""
    return sound.filter("aresample", SAMPLE_RATE).filter(
        "aformat", sample_fmts="fltp", channel_layouts="stereo"
    )


def _silence(seconds: str, index: int) -> Any:
    return (
        ffmpeg.generated("anullsrc", instance=f"silence{index}", r=SAMPLE_RATE, cl="stereo")
        .filter("atrim", duration=seconds)
        .filter("aformat", sample_fmts="fltp", channel_layouts="stereo")
    )


def _with_music(speech: Any, music: Path, total: float) -> Any:
    """Music under the whole recap, ducked by the speech (sidechain), faded in and out."""
    seconds = _num(total)
    bed = (
        ffmpeg.open_input(music, ffmpeg.AUDIO_DEMUXERS, stream_loop=-1)["a:0"]
        .filter("aresample", SAMPLE_RATE)
        .filter("aformat", sample_fmts="fltp", channel_layouts="stereo")
        .filter("loudnorm", I=LOUDNESS_LUFS - MUSIC_BELOW_SPEECH_LU, TP=TRUE_PEAK_DB, LRA=11)
        .filter("aresample", SAMPLE_RATE)
        .filter("atrim", duration=seconds)
        .filter("asetpts", "PTS-STARTPTS")
        .filter("afade", t="in", d=1)
        .filter("afade", t="out", st=_num(max(0.0, total - 2)), d=2)
    )
    split = speech.filter_multi_output("asplit", 2)
    speech, key = split[0], split[1]
    ducked = ffmpeg_python.filter(
        [bed, key], "sidechaincompress", threshold=0.02, ratio=8, attack=20, release=400
    )
    return ffmpeg_python.filter([speech, ducked], "amix", inputs=2, normalize=0, duration="first")


def _drawtext(picture: Any, plan: _Plan, text: str, *, card: bool) -> Any:
    width, height = plan.spec.size
    short = min(width, height)
    size = round(short * (0.075 if card else 0.04))
    lines = wrap_text(
        clean_text(text, limit=None if card else CREDIT_MAX_CHARS), plan.font, size, width * 0.86
    )
    # A text file, not `text=`: nothing in a title or a credit is ever parsed as filter syntax or as
    # drawtext's %{...} expansion (':', '\'', '%', '\\' arrive as typed).
    text_file = plan.work_dir / f"text-{len(plan.text_files):04d}.txt"
    text_file.write_text("\n".join(lines), encoding="utf-8")
    plan.text_files.append(text_file)
    options: dict[str, Any] = {
        "fontfile": str(plan.font),
        "textfile": str(text_file),
        "expansion": "none",
        "fontsize": size,
        "fontcolor": "white",
        "line_spacing": round(size * 0.3),
        "text_align": "C",
        "x": "(w-text_w)/2",
    }
    if card:
        options["y"] = "(h-text_h)/2"
    else:
        options |= {
            "y": f"h-text_h-{round(short * 0.06)}",
            "box": 1,
            "boxcolor": "black@0.55",
            "boxborderw": round(size * 0.4),
        }
    return picture.filter("drawtext", **options)


def _poster_graph(video: Path, poster: Path, at: float) -> Any:
    source = ffmpeg.open_input(video, ("mov", "mp4"), ss=_num(at))
    return ffmpeg.output(
        source["v:0"], path=poster, f="image2", vcodec="mjpeg", vframes=1, update=1, **{"q:v": 3}
    )


# --- loudness ----------------------------------------------------------------------------------------


def measure_loudness(path: Path, work_dir: Path) -> float | None:
    """Integrated loudness (EBU R128) of a file's first sound track, or None when it is silent.
    Only the sound is decoded: a cheap pass that lets the recap apply one linear gain per clip
    (exact, unlike loudnorm's one-pass dynamic mode on clips of a few seconds)."""
    log = work_dir / "loudness.txt"
    log.unlink(missing_ok=True)
    sound = (
        _stereo(ffmpeg.open_input(path, ffmpeg.VIDEO_DEMUXERS, vn=None)["a:0"])
        .filter("ebur128", metadata=1)
        .filter("ametadata", mode="print", key="lavfi.r128.I", file=str(log))
    )
    ffmpeg.run(ffmpeg.output(sound, path=Path(os.devnull), f="null"), duration=None)
    values = re.findall(r"lavfi\.r128\.I=(-?[0-9.]+|-inf)", log.read_text(encoding="ascii", errors="replace"))
    log.unlink(missing_ok=True)
    if not values or values[-1] == "-inf" or float(values[-1]) < SILENT_LUFS:
        return None
    return float(values[-1])


def loudness_gain(loudness: float | None) -> float:
    if loudness is None:
        return 0.0
    return max(-MAX_GAIN_DB, min(MAX_GAIN_DB, LOUDNESS_LUFS - loudness))


# --- text, font, logo --------------------------------------------------------------------------------


def clean_text(text: str, *, limit: int | None) -> str:
    """NFC (so stacked diacritics are single letters), no control or direction characters, one space."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def wrap_text(text: str, font: Path, size: int, max_width: float) -> list[str]:
    """Break lines so each fits `max_width` pixels in the font drawtext will use."""
    measure = ImageFont.truetype(str(font), size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}".strip()
            if line and measure.getlength(candidate) > max_width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


@functools.cache
def bundled_font_bytes() -> bytes:
    """Noto Sans Bold as shipped inside the pymupdf-fonts package (never a system font path)."""
    from fontTools.ttLib import TTFont
    from pymupdf_fonts import NotoSans_Bold

    data = bytes(NotoSans_Bold.fontbuffer)
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    missing = [char for char in VIETNAMESE_SAMPLE if ord(char) not in cmap]
    if missing:
        raise MediaFailed(f"the recap font lacks Vietnamese letters: {''.join(missing)}")
    return data


def bundled_font(work_dir: Path) -> Path:
    path = work_dir / "recap-font.ttf"
    data = bundled_font_bytes()
    if not path.is_file() or path.stat().st_size != len(data):
        path.write_bytes(data)
    return path


def prepared_logo(spec: RecapSpec, work_dir: Path) -> Path | None:
    """The logo re-drawn by Pillow into a fresh RGBA PNG at its on-screen size (nothing else of the file)."""
    if spec.logo is None:
        return None
    box = _even(min(spec.size) * 0.14)
    try:
        with Image.open(spec.logo, formats=["PNG", "WEBP", "JPEG"]) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise MediaFailed("the logo is too large")
            logo = image.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as error:
        raise MediaFailed(f"the logo is not a usable PNG, WebP or JPEG: {error}") from error
    logo.thumbnail((box, box), Image.Resampling.LANCZOS)
    clean = Image.new("RGBA", logo.size)
    clean.paste(logo)
    path = work_dir / "logo.png"
    clean.save(path, format="PNG")
    return path


# --- probing ---------------------------------------------------------------------------------------------


def probe_clip(path: Path, credit: str = "") -> RecapClip:
    """The facts the recap needs about one of our own scrubbed renditions."""
    options = {"format_whitelist": ",".join(ffmpeg.VIDEO_DEMUXERS), "protocol_whitelist": "file"}
    try:
        with av.open(f"file:{path}", container_options=options) as container:
            videos = container.streams.video
            if not videos:
                raise MediaFailed(f"no picture in {path.name}")
            stream = videos[0]
            duration = (
                float(stream.duration * stream.time_base)
                if stream.duration and stream.time_base
                else (container.duration or 0) / av.time_base
            )
            transfer = str(getattr(stream.codec_context, "color_trc", "") or "")
            hdr = transfer.lower() in HDR_TRANSFERS or transfer in {"16", "18"}
            return RecapClip(path, round(duration, 3), bool(container.streams.audio), credit, hdr)
    except av.FFmpegError as error:
        raise MediaFailed(f"cannot read clip {path.name}: {error}") from error


def _frames(seconds: float) -> float:
    return math.floor(seconds * FPS + 1e-6) / FPS


def _num(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:.6f}".rstrip("0").rstrip(".")


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)
