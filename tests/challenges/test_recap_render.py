"""The recap renderer over the real FFmpeg: mixed clips in, one clean normalised video out."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from submissions.media import ffmpeg
from submissions.media.render.recap import (
    CARD_COLOUR,
    RecapSpec,
    Shape,
    bundled_font,
    probe_clip,
    recap_seconds,
    render_recap,
)
from tests.factories.media_files import IDENTIFIERS, ISO6709
from tests.factories.recap_clips import (
    COLOURS,
    FREQUENCIES,
    ClipRecipe,
    centre_colours,
    frame_at,
    has_colour,
    make_clip,
    make_logo,
    make_music,
    tone_levels,
)

TITLE = "Ngày hội An toàn trực tuyến"
END = "Cảm ơn các bạn đã cùng nhau an toàn trực tuyến!"

# Twelve clips as people send them: three shapes, display rotation, 25/30/60 fps and VFR, mono, stereo,
# 5.1 and no sound, 10-bit HDR, and one tagged with a child's name and a place.
MIXED: tuple[ClipRecipe, ...] = (
    ClipRecipe(size="320x180", rate=25, audio="stereo", tagged=True),
    ClipRecipe(size="180x320", rate=30, audio="mono"),
    ClipRecipe(size="240x240", rate=60, audio="5.1"),
    ClipRecipe(size="320x180", rate=30, audio=None, rotation=90),
    ClipRecipe(size="320x180", rate=25, audio="stereo", vfr=True),
    ClipRecipe(size="320x180", rate=30, audio="stereo", ten_bit_hdr=True),
    ClipRecipe(size="180x320", rate=60, audio="stereo", volume_db=-35),
    ClipRecipe(size="240x240", rate=25, audio="mono", rotation=270),
    ClipRecipe(size="320x180", rate=30, audio="5.1", volume_db=-8),
    ClipRecipe(size="180x320", rate=25, audio="stereo", vfr=True),
    ClipRecipe(size="240x240", rate=30, audio=None),
    ClipRecipe(size="320x180", rate=60, audio="mono"),
)


def _make_clips(work: Path, recipes=MIXED, seconds: float = 3.0):
    clips = []
    for index, recipe in enumerate(recipes):
        recipe = ClipRecipe(**{**_fields(recipe), "seconds": seconds})
        path = make_clip(work / f"clip-{index:02d}.mp4", colour=COLOURS[index][0], frequency=FREQUENCIES[index],
                         recipe=recipe)  # fmt: skip
        clips.append(probe_clip(path, credit=f"Bạn số {index + 1}: “Không một mình”"))
    return clips


def _fields(recipe: ClipRecipe) -> dict:
    return {name: getattr(recipe, name) for name in recipe.__dataclass_fields__}


def integrated_loudness(path: Path) -> float:
    args = [ffmpeg.ffmpeg_binary(), "-hide_banner", "-nostdin", "-i", str(path), "-vn",
            "-af", "ebur128=framelog=quiet", "-f", "null", "-"]  # fmt: skip
    output = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stderr
    return float(re.findall(r"I:\s+(-?[0-9.]+) LUFS", output)[-1])


def video_facts(path: Path) -> tuple[float, int, int, float, str]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        duration = float(stream.duration * stream.time_base)
        return duration, stream.width, stream.height, float(stream.average_rate), stream.format.name


def exif_text(path: Path) -> str:
    out = subprocess.run(["exiftool", "-j", "-a", "-u", "-G1", str(path)], capture_output=True, text=True)
    return out.stdout


@pytest.mark.parametrize("shape", [Shape.PORTRAIT])
def test_twelve_mixed_clips_become_one_clean_normalised_recap(tmp_path, shape):
    clips = _make_clips(tmp_path)
    assert clips[5].hdr
    assert not clips[0].hdr
    assert [c.has_audio for c in clips].count(False) == 2
    spec = RecapSpec(
        title=TITLE,
        end_text=END,
        shape=shape,
        short_side=360,
        logo=make_logo(tmp_path / "logo.png"),
        music=make_music(tmp_path / "music.m4a"),
        crossfade=0.5,
        card_seconds=2.0,
    )
    progress: list[float] = []
    result = render_recap(clips, spec, tmp_path / "out", tmp_path / "work", on_progress=progress.append)

    expected = 2.0 + 12 * 3.0 + 2.0 - 13 * 0.5
    duration, width, height, rate, pixel_format = video_facts(result.video)
    assert abs(duration - expected) <= 0.1, (duration, expected)
    assert abs(result.duration - expected) <= 0.05
    assert recap_seconds(clips, spec) == pytest.approx(expected, abs=0.05)
    assert (width, height) == (360, 640) == shape.size(360)
    assert rate == 30
    assert pixel_format == "yuv420p"
    assert abs(integrated_loudness(result.video) - -16.0) <= 1.0

    # Every clip is in it, in order, recognisable by its colour and its tone.
    samples = centre_colours(result.video, every=0.25)
    for index in range(12):
        assert has_colour(samples, COLOURS[index][1]), f"clip {index} missing"
    levels = tone_levels(result.video, FREQUENCIES)
    sounding = [FREQUENCIES[i] for i, clip in enumerate(clips) if clip.has_audio]
    assert all(levels[f] > 0.05 for f in sounding), levels

    # Rotation applied: the 90° clip (landscape pixels, "turn me" flag) shows as a portrait picture,
    # filling the portrait frame's width, not letterboxed as landscape would be.
    middle_of_rotated = 2.0 + 3 * 2.5 + 1.5
    frame = frame_at(result.video, middle_of_rotated)
    column = frame[:, width // 2]
    filled_rows = np.sum(np.abs(column.astype(int) - COLOURS[3][1]).max(axis=1) < 30)
    assert filled_rows > 0.8 * height

    # Nothing of any clip's tags survives; the poster is a clean JPEG of the same size.
    text = exif_text(result.video)
    for identifier in (*IDENTIFIERS, ISO6709, "GPS", "Bài dự thi"):
        assert identifier.lower() not in text.lower(), identifier
    assert not any(key for key in json.loads(text)[0] if "GPS" in key or "Location" in key)
    with Image.open(result.poster) as poster:
        assert poster.format == "JPEG"
        assert poster.size == (360, 640)
        assert not poster.getexif()

    assert progress == sorted(progress)
    assert progress[-1] == 100.0
    assert len(progress) > 5


def test_a_long_recap_is_joined_in_batches_with_the_same_result(tmp_path):
    clips = _make_clips(tmp_path, MIXED[:7], seconds=2.0)
    spec = RecapSpec(title=TITLE, end_text=END, shape=Shape.SQUARE, short_side=240, card_seconds=1.5)
    result = render_recap(clips, spec, tmp_path / "out", tmp_path / "work", batch_size=3)
    assert result.passes == 4  # three batches of up to three segments, then the final join
    expected = 1.5 + 7 * 2.0 + 1.5 - 8 * 0.5
    duration, width, height, *_ = video_facts(result.video)
    assert abs(duration - expected) <= 0.1
    assert (width, height) == (240, 240)
    samples = centre_colours(result.video, every=0.2)
    assert all(has_colour(samples, COLOURS[i][1]) for i in range(7))
    assert abs(integrated_loudness(result.video) - -16.0) <= 1.0
    assert not list((tmp_path / "work").glob("batch-*"))


def _white_box(picture: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(picture.min(axis=2) > 200)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_title_with_stacked_diacritics_is_drawn_in_the_bundled_font(tmp_path):
    clip = _make_clips(tmp_path, (ClipRecipe(size="320x180"),), seconds=2.0)[0]
    spec = RecapSpec(title=TITLE, shape=Shape.LANDSCAPE, short_side=360, card_seconds=2.0)
    result = render_recap([clip], spec, tmp_path / "out", tmp_path / "work")
    card = frame_at(result.video, 0.8)
    background = tuple(int(CARD_COLOUR[i : i + 2], 16) for i in (2, 4, 6))
    empty = np.full_like(card, background)
    assert np.abs(card.astype(int) - empty).max(axis=2).astype(bool).sum() > 2000  # the text is there

    # The same text drawn by Pillow in the same font at the same size: the same box, the same strokes.
    # A font without Vietnamese letters would draw boxes (tofu) or drop the marks, changing both.
    font = ImageFont.truetype(str(bundled_font(tmp_path)), round(360 * 0.075))
    reference = Image.new("RGB", (640, 360), background)
    draw = ImageDraw.Draw(reference)
    left, top, right, bottom = draw.textbbox((0, 0), TITLE, font=font)
    draw.text(((640 - (right - left)) / 2 - left, (360 - (bottom - top)) / 2 - top), TITLE, font=font,
              fill="white")  # fmt: skip
    ours, theirs = _white_box(card), _white_box(np.asarray(reference))
    assert abs((ours[2] - ours[0]) - (theirs[2] - theirs[0])) <= 6, (ours, theirs)
    assert abs((ours[3] - ours[1]) - (theirs[3] - theirs[1])) <= 6, (ours, theirs)
    crop = lambda a, box: np.asarray(Image.fromarray(a).crop(box).resize((300, 40)).convert("L"), float)  # noqa: E731
    difference = np.abs(crop(card, ours) - crop(np.asarray(reference), theirs)).mean()
    assert difference < 30, difference

    # Pillow with a font lacking the marks gives a visibly different picture: the comparison has teeth.
    plain = Image.new("RGB", (640, 360), background)
    ImageDraw.Draw(plain).text((100, 150), TITLE, font=ImageFont.load_default(), fill="white")
    assert _white_box(np.asarray(plain))[2] - _white_box(np.asarray(plain))[0] < (theirs[2] - theirs[0]) / 2


def test_credit_with_colon_quote_percent_and_backslash_is_drawn_as_typed(tmp_path):
    credit = "Lan: 'tự tin' 100% %{pts} \\ an toàn"
    path = make_clip(tmp_path / "c.mp4", colour="0x000000", frequency=500, recipe=ClipRecipe(seconds=2.0))
    clip = probe_clip(path, credit=credit)
    spec = RecapSpec(title=TITLE, shape=Shape.LANDSCAPE, short_side=360, card_seconds=1.0)
    result = render_recap([clip], spec, tmp_path / "out", tmp_path / "work")
    frame = frame_at(result.video, 2.0)
    box = _white_box(frame)
    font = ImageFont.truetype(str(bundled_font(tmp_path)), round(360 * 0.04))
    assert abs((box[2] - box[0]) - font.getlength(credit)) <= 6, (box, font.getlength(credit))


def test_generators_accept_only_whitelisted_sources_and_plain_values():
    ffmpeg.generated("color", instance="card0", c="0x112233", s="640x360", r=30, d=2)
    with pytest.raises(ValueError, match="not a whitelisted generator"):
        ffmpeg.generated("movie", instance="x", filename="/etc/passwd")
    with pytest.raises(ValueError, match="unexpected characters"):
        ffmpeg.generated("color", instance="x", c="red,movie=/etc/passwd")
    with pytest.raises(ValueError, match="unexpected characters"):
        ffmpeg.generated("color", instance="x;y", c="red")
