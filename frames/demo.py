"""Two demo frames drawn with Pillow when the demo is loaded (cms/demo.py): a round avatar frame and a cover."""

import io

from PIL import Image, ImageDraw, ImageFont

from frames.enums import FrameKind
from frames.models import Frame
from frames.services import create_frame

BRAND = (75, 47, 201, 255)
BRAND_STRONG = (54, 32, 154, 255)
ACCENT = (255, 122, 69, 255)
WHITE = (255, 255, 255, 255)
HASHTAG = "#khongmotminh"


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError):  # Pillow built without FreeType
        return ImageFont.load_default()


def avatar_png(size: int = 1080) -> bytes:
    image = Image.new("RGBA", (size, size), BRAND_STRONG)
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=(0, 0, 0, 0), outline=BRAND, width=size // 14)
    draw.arc(
        (size // 40, size // 40, size - size // 40, size - size // 40),
        200,
        340,
        fill=ACCENT,
        width=size // 30,
    )
    band = (size // 5, size - size // 5, size - size // 5, size - size // 9)
    draw.rounded_rectangle(band, radius=size // 24, fill=BRAND_STRONG)
    draw.text((size / 2, (band[1] + band[3]) / 2), HASHTAG, fill=WHITE, font=_font(size // 16), anchor="mm")
    return _png(image)


def cover_png(width: int = 820, height: int = 312) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=BRAND, width=height // 20)
    draw.rectangle((0, height - height // 5, width, height), fill=BRAND_STRONG)
    draw.rectangle((0, height - height // 5 - 6, width, height - height // 5), fill=ACCENT)
    text = f"{HASHTAG}  #antoantructuyen  #niemtinso"
    draw.text((width / 2, height - height // 10), text, fill=WHITE, font=_font(height // 12), anchor="mm")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


DEMO_FRAMES = (
    ("Không một mình – ảnh đại diện", FrameKind.AVATAR, avatar_png),
    ("Cùng nhau an toàn trực tuyến – ảnh bìa", FrameKind.COVER, cover_png),
)


def load_demo_frames() -> list[Frame]:
    """Idempotent: a frame with the same title is left as it is."""
    frames = []
    for title, kind, draw in DEMO_FRAMES:
        existing = Frame.objects.filter(title=title).first()
        frames.append(existing or create_frame(title=title, kind=kind, png=draw()))
    return frames
