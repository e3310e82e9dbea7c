"""Share images for public works (Open Graph, 1200×630): the campaign's colours, the work's title and prize,
the credit exactly as consent allows (results.credits) and the campaign's hashtags. Drawn with Pillow in a
font bundled with an installed package (pymupdf-fonts' Noto Sans has every Vietnamese letter), never a
system font path."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
HASHTAGS = ("#khongmotminh", "#antoantructuyen", "#niemtinso")
BRAND = (75, 47, 201)  # --brand
BRAND_STRONG = (54, 32, 154)  # --brand-strong
ACCENT = (255, 122, 69)  # --accent
PAPER = (255, 250, 244)  # --bg
WHITE = (255, 255, 255)
MARGIN = 72


@dataclass(frozen=True)
class ShareCard:
    """Every word the image draws; tests read these rather than the pixels."""

    title: str
    credit: str
    prize: str
    contest: str
    campaign: str = "Không một mình"
    hashtags: tuple[str, ...] = HASHTAGS

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.campaign, self.prize, self.title, self.credit, self.contest, " ".join(self.hashtags))


def share_card(view) -> ShareCard:
    """The card of a public work (a results.selectors.gallery.PublicEntryView or GalleryCard)."""
    card = getattr(view, "card", view)
    division = card.division.localized_name if card.division else ""
    prize = " · ".join(part for part in (card.tier_label, division) if part)
    return ShareCard(
        title=card.title or _("Tác phẩm dự thi"),
        credit=card.credit.text,
        prize=prize,
        contest=card.contest.localized_title,
    )


@functools.cache
def _font_bytes(bold: bool) -> bytes:
    if bold:
        from pymupdf_fonts import NotoSans_Bold as font
    else:
        from pymupdf_fonts import NotoSans_Regular as font
    return font.fontbuffer


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(_font_bytes(bold)), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    if len(lines) == max_lines and " ".join(lines) != " ".join(words):
        while lines[-1] and draw.textlength(lines[-1] + "…", font=face) > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines


def render_share_image(card: ShareCard) -> bytes:
    """A 1200×630 PNG of `card`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 120, WIDTH, HEIGHT), fill=BRAND_STRONG)
    draw.ellipse((WIDTH - 260, -140, WIDTH + 140, 260), fill=ACCENT)
    draw.rectangle((MARGIN, 60, MARGIN + 90, 68), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN - 140
    y = 92
    draw.text((MARGIN, y), card.campaign, font=font(34, bold=True), fill=PAPER)
    y += 60
    if card.prize:
        draw.text((MARGIN, y), card.prize, font=font(36, bold=True), fill=ACCENT)
        y += 58
    title_face = font(60, bold=True)
    for line in _wrap(draw, f"“{card.title}”", title_face, text_width, 2):
        draw.text((MARGIN, y), line, font=title_face, fill=WHITE)
        y += 76
    credit_face = font(34)
    for line in _wrap(draw, card.credit, credit_face, text_width, 2):
        draw.text((MARGIN, y + 8), line, font=credit_face, fill=PAPER)
        y += 46
    contest_face = font(28)
    for line in _wrap(draw, card.contest, contest_face, text_width, 1):
        draw.text((MARGIN, y + 18), line, font=contest_face, fill=PAPER)
    draw.text((MARGIN, HEIGHT - 82), " ".join(card.hashtags), font=font(36, bold=True), fill=WHITE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def share_links(*, url: str, title: str) -> dict[str, str]:
    """Links to share a page, each carrying the campaign's hashtags."""
    tags = " ".join(HASHTAGS)
    return {
        "facebook": "https://www.facebook.com/sharer/sharer.php?"
        + urlencode({"u": url, "hashtag": HASHTAGS[0]}),
        "x": "https://twitter.com/intent/tweet?"
        + urlencode({"url": url, "text": f"{title} {tags}", "hashtags": ",".join(h[1:] for h in HASHTAGS)}),
    }
