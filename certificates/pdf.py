"""Draws one certificate as a one-page PDF (A4 landscape) with embedded fonts and a vector QR code.

Plain Python, no database: `CertificateSheet` says what is printed, `Layout` how. A layout is built once per
batch (background re-encoded once, signatures read once) and reused for every certificate in it."""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field

import segno
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# Binary streams: reportlab's ASCII85 encoding runs in pure Python here (no rl_accel) and took 0.9 s for
# each certificate's background picture; binary is also a quarter smaller.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
REGULAR = "CertificateSans"
BOLD = "CertificateSans-Bold"
MIN_FONT_SIZE = 5.0
LINE_HEIGHT = 1.25
VIETNAMESE_LETTERS = "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹỸỶỴỲỰỮỬỪỨ"


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Noto Sans from the pymupdf-fonts package: it has every Vietnamese letter, and it is embedded
    (subset) in each PDF, so no reader needs a font of its own. No system font is ever used."""
    from pymupdf_fonts import NotoSans_Bold, NotoSans_Regular

    for name, module in ((REGULAR, NotoSans_Regular), (BOLD, NotoSans_Bold)):
        font = TTFont(name, io.BytesIO(module.fontbuffer))
        missing = [char for char in VIETNAMESE_LETTERS if ord(char) not in font.face.charToGlyph]
        if missing:
            raise RuntimeError(f"the certificate font lacks Vietnamese letters: {''.join(missing)}")
        pdfmetrics.registerFont(font)
    return REGULAR, BOLD


@dataclass(frozen=True)
class Box:
    """Where a field goes, in millimetres from the page's top-left corner."""

    field: str
    x: float
    y: float
    width: float
    height: float
    font_size: float = 14
    bold: bool = False
    align: str = "center"


@dataclass(frozen=True)
class Signature:
    name: str
    title: str
    image: bytes | None
    x: float  # centre, mm from the left
    y: float  # top, mm from the top
    width: float


class _Fingerprinted(ImageReader):
    """An image whose name in the PDF is a digest of its file, not of its decoded pixels: reportlab would
    otherwise decode the background and hash its 6 MB of pixels for every certificate. A JPEG is then
    copied into the PDF as it is."""

    def __init__(self, data: bytes, fingerprint: bytes):
        super().__init__(io.BytesIO(data))
        self._fingerprint = fingerprint

    def getRGBData(self):
        if self.jpeg_fh():
            self._dataA = None  # a JPEG has no alpha channel
            return self._fingerprint
        return super().getRGBData()


@dataclass
class Layout:
    boxes: list[Box]
    signatures: list[Signature] = field(default_factory=list)
    background_jpeg: bytes | None = None
    colour: str = "#1f1a4d"
    _fingerprints: dict = field(default_factory=dict, repr=False)

    def reader(self, key, data: bytes) -> ImageReader:
        if key not in self._fingerprints:
            self._fingerprints[key] = hashlib.sha256(data).hexdigest().encode()
        return _Fingerprinted(data, self._fingerprints[key])


# The layout used when an organiser's template places nothing itself.
DEFAULT_BOXES = [
    Box("campaign", 20, 16, 257, 8, 12, align="center"),
    Box("heading", 20, 32, 257, 18, 36, bold=True),
    Box("intro", 20, 56, 257, 9, 14),
    Box("name", 25, 68, 247, 17, 30, bold=True),
    Box("school", 20, 88, 257, 8, 13),
    Box("achievement", 20, 100, 257, 13, 24, bold=True),
    Box("contest", 20, 116, 257, 9, 15),
    Box("division", 20, 127, 257, 7, 12),
    Box("date", 20, 142, 120, 7, 11, align="left"),
    Box("qr", 20, 158, 32, 32),
    Box("code", 55, 176, 140, 12, 8, align="left"),
]
DEFAULT_SIGNATURE = {"x": 220.0, "y": 142.0, "width": 70.0}


@dataclass(frozen=True)
class CertificateSheet:
    """Everything printed on one certificate, already in Vietnamese."""

    heading: str
    intro: str
    name: str
    school: str
    achievement: str
    contest: str
    division: str
    campaign: str
    date: str
    code: str
    verify_url: str

    def text(self, name: str) -> str:
        if name == "code":
            return f"Mã xác thực: {self.code}\nKiểm tra tại: {self.verify_url}"
        return getattr(self, name, "")


def fitted_size(
    text: str, *, font: str, max_size: float, width: float, height: float, lines: int = 1
) -> float:
    """The largest size up to `max_size` at which `text` fits the box on one line (per line given)."""
    natural = pdfmetrics.stringWidth(text, font, 1) or 1
    by_width = width / natural
    by_height = height / (LINE_HEIGHT * lines)
    return max(MIN_FONT_SIZE, min(max_size, by_width, by_height))


def _draw_text(pdf: canvas.Canvas, box: Box, text: str, *, regular: str, bold: str) -> None:
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        return
    font = bold if box.bold else regular
    lines = text.split("\n")
    width, height = box.width * mm, box.height * mm
    size = min(
        fitted_size(line, font=font, max_size=box.font_size, width=width, height=height, lines=len(lines))
        for line in lines
    )
    top = PAGE_HEIGHT - box.y * mm
    block = size * LINE_HEIGHT * len(lines)
    # Centre the lines vertically in the box; the baseline sits about 0.8 em below a line's top.
    baseline = top - (height - block) / 2 - size * (LINE_HEIGHT - 0.25)
    pdf.setFont(font, size)
    left = box.x * mm
    for line in lines:
        if box.align == "left":
            pdf.drawString(left, baseline, line)
        elif box.align == "right":
            pdf.drawRightString(left + width, baseline, line)
        else:
            pdf.drawCentredString(left + width / 2, baseline, line)
        baseline -= size * LINE_HEIGHT


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR modules (dark = True), no quiet zone: what is drawn, and what tests read back."""
    code = segno.make(url, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


def _draw_qr(pdf: canvas.Canvas, box: Box, url: str) -> None:
    matrix = qr_matrix(url)
    count = len(matrix)
    side = min(box.width, box.height) * mm
    # A white quiet zone of four modules inside the box, whatever the background.
    module = side / (count + 8)
    left = box.x * mm
    top = PAGE_HEIGHT - box.y * mm
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(left, top - side, side, side, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        y = top - (row_index + 5) * module
        column = 0
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                path.rect(left + (start + 4) * module, y, (column - start) * module, module)
            else:
                column += 1
    pdf.drawPath(path, stroke=0, fill=1)


def _draw_signature(pdf: canvas.Canvas, layout: Layout, index: int, sig: Signature, *, regular, bold) -> None:
    left = sig.x - sig.width / 2
    if sig.image:
        image = layout.reader(("signature", index), sig.image)
        pdf.drawImage(
            image,
            left * mm,
            PAGE_HEIGHT - (sig.y + 24) * mm,
            width=sig.width * mm,
            height=18 * mm,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )
    _draw_text(
        pdf, Box("title", left, sig.y, sig.width, 6, 11, bold=True), sig.title, regular=regular, bold=bold
    )
    _draw_text(
        pdf, Box("name", left, sig.y + 26, sig.width, 7, 13, bold=True), sig.name, regular=regular, bold=bold
    )


def render_certificate(sheet: CertificateSheet, layout: Layout) -> bytes:
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1, invariant=1, initialFontName=regular
    )
    pdf.setTitle(sheet.heading)
    pdf.setAuthor("")
    pdf.setCreator("")
    pdf.setProducer("")
    if layout.background_jpeg:
        pdf.drawImage(layout.reader("background", layout.background_jpeg), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
    pdf.setFillColor(HexColor(layout.colour))
    for box in layout.boxes:
        if box.field == "qr":
            _draw_qr(pdf, box, sheet.verify_url)
            pdf.setFillColor(HexColor(layout.colour))
        else:
            _draw_text(pdf, box, sheet.text(box.field), regular=regular, bold=bold)
    for index, sig in enumerate(layout.signatures):
        _draw_signature(pdf, layout, index, sig, regular=regular, bold=bold)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
