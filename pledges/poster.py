"""A school's pledge poster for its corridor: an A3 PDF (portrait) with the commitments, the school's count
and, in columns, every signature that may be named or whose message was approved. Fonts are Noto Sans,
embedded, loaded as certificates do (`certificates.pdf.register_fonts`).

Plain Python over an iterable of lines: pages are drawn as the lines arrive and written to `out` (a file),
so 5,000 signatures never sit in memory as Python objects at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A3
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from certificates.pdf import register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A3
MARGIN = 16 * mm
COLUMNS = 3
GUTTER = 6 * mm
NAME_SIZE = 10.5
MESSAGE_SIZE = 9.5
LEADING = 1.3
BRAND = HexColor("#4b2fc9")
ACCENT = HexColor("#ff7a45")
INK = HexColor("#1f1b2e")
MUTED = HexColor("#5b5670")


@dataclass(frozen=True)
class PosterHead:
    title: str
    school: str
    count_line: str
    commitments: list[str]
    footer: str
    continued: str


def _clean(text: str) -> str:
    return " ".join((text or "").split())


class _Writer:
    def __init__(self, out, head: PosterHead):
        self.regular, self.bold = register_fonts()
        self.pdf = canvas.Canvas(out, pagesize=A3, pageCompression=1)
        self.pdf.setTitle(f"{head.title} – {head.school}")
        self.pdf.setAuthor("")
        self.pdf.setCreator("")
        self.pdf.setProducer("")
        self.head = head
        self.column_width = (PAGE_WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
        self.page = 0
        self._new_page()

    def _new_page(self) -> None:
        if self.page:
            self._footer()
            self.pdf.showPage()
        self.page += 1
        pdf, head = self.pdf, self.head
        y = PAGE_HEIGHT - MARGIN
        if self.page == 1:
            pdf.setFillColor(BRAND)
            pdf.setFont(self.bold, 40)
            y -= 40
            pdf.drawCentredString(PAGE_WIDTH / 2, y, head.title)
            pdf.setFillColor(INK)
            pdf.setFont(self.bold, 24)
            y -= 34
            pdf.drawCentredString(PAGE_WIDTH / 2, y, head.school)
            pdf.setFillColor(ACCENT)
            pdf.setFont(self.bold, 20)
            y -= 30
            pdf.drawCentredString(PAGE_WIDTH / 2, y, head.count_line)
            pdf.setFillColor(INK)
            y -= 14
            for line in head.commitments:
                for part in simpleSplit(
                    f"• {_clean(line)}", self.regular, 13, PAGE_WIDTH - 2 * MARGIN - 20 * mm
                ):
                    y -= 18
                    pdf.setFont(self.regular, 13)
                    pdf.drawString(MARGIN + 10 * mm, y, part)
            y -= 12
        else:
            pdf.setFillColor(MUTED)
            pdf.setFont(self.regular, 11)
            y -= 12
            pdf.drawString(MARGIN, y, f"{head.school} – {head.continued}")
            y -= 6
        pdf.setStrokeColor(BRAND)
        pdf.setLineWidth(1.2)
        pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
        self.top = y - 8 * mm
        self.bottom = MARGIN + 10 * mm
        self.column = 0
        self.y = self.top

    def _footer(self) -> None:
        self.pdf.setFillColor(MUTED)
        self.pdf.setFont(self.regular, 9)
        self.pdf.drawCentredString(PAGE_WIDTH / 2, MARGIN, f"{self.head.footer} · {self.page}")

    def card(self, credit: str, message: str) -> None:
        width = self.column_width
        name_lines = simpleSplit(_clean(credit), self.bold, NAME_SIZE, width)
        message_lines = (
            simpleSplit(f"“{_clean(message)}”", self.regular, MESSAGE_SIZE, width) if message else []
        )
        height = len(name_lines) * NAME_SIZE * LEADING + len(message_lines) * MESSAGE_SIZE * LEADING + 4 * mm
        if self.y - height < self.bottom:
            self.column += 1
            self.y = self.top
            if self.column >= COLUMNS:
                self._new_page()
        x = MARGIN + self.column * (width + GUTTER)
        pdf = self.pdf
        pdf.setFillColor(BRAND)
        pdf.setFont(self.bold, NAME_SIZE)
        for line in name_lines:
            self.y -= NAME_SIZE * LEADING
            pdf.drawString(x, self.y, line)
        pdf.setFillColor(INK)
        pdf.setFont(self.regular, MESSAGE_SIZE)
        for line in message_lines:
            self.y -= MESSAGE_SIZE * LEADING
            pdf.drawString(x, self.y, line)
        self.y -= 4 * mm

    def finish(self) -> None:
        self._footer()
        self.pdf.showPage()
        self.pdf.save()


def draw_poster(out, *, head: PosterHead, lines: Iterable, empty: str) -> int:
    """Draws the poster into the binary file `out`; `lines` yields objects with `credit` and `message`.
    Returns the number of pages."""
    writer = _Writer(out, head)
    drawn = 0
    for line in lines:
        writer.card(line.credit, line.message)
        drawn += 1
    if not drawn:
        writer.card(empty, "")
    writer.finish()
    return writer.page
