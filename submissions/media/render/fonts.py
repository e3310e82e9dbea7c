"""A font with every Vietnamese letter, for the PDFs we write (reportlab's own fonts lack them)."""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from submissions.media.errors import MediaFailed

FONT_ENV = "MEDIA_PDF_FONT"
FONT_NAME = "EssaySans"
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
)
VIETNAMESE_SAMPLE = "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


@functools.cache
def essay_font() -> str:
    """Register the font once and return its reportlab name."""
    font = TTFont(FONT_NAME, _font_source())
    missing = [char for char in VIETNAMESE_SAMPLE if ord(char) not in font.face.charToGlyph]
    if missing:
        raise MediaFailed(f"the PDF font lacks Vietnamese letters: {''.join(missing)}")
    pdfmetrics.registerFont(font)
    return FONT_NAME


def _font_source() -> str | io.BytesIO:
    configured = os.environ.get(FONT_ENV)
    if configured:
        return configured
    try:
        from pymupdf_fonts import NotoSans_Regular
    except ImportError:
        pass
    else:
        return io.BytesIO(NotoSans_Regular.fontbuffer)
    for candidate in SYSTEM_FONTS:
        if candidate.is_file():
            return str(candidate)
    raise MediaFailed(f"no font with Vietnamese letters: install pymupdf-fonts or set {FONT_ENV}")
