"""Essays → clean UTF-8 text and a fresh PDF set in a font with every Vietnamese letter."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from submissions.media.limits import MediaLimits
from submissions.media.probe.essay import essay_text
from submissions.media.progress import ProgressCallback
from submissions.media.render.fonts import essay_font
from submissions.media.render.pdf_writer import write_clean_pdf
from submissions.media.results import ProbeResult, Rendition
from submissions.media.sniff import sniff_file

TEXT_NAME = "essay.txt"
PDF_NAME = "essay.pdf"


def render_essay(
    path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits, on_progress: ProgressCallback | None
) -> list[Rendition]:
    text = essay_text(path, probe.size_bytes, sniff_file(path))
    text_path = out_dir / TEXT_NAME
    text_path.write_text(text + "\n", encoding="utf-8")
    pdf_path = out_dir / PDF_NAME
    write_clean_pdf(pdf_path, lambda buffer: _typeset(text, buffer))
    if on_progress:
        on_progress(100.0)
    return [
        Rendition(TEXT_NAME, text_path, "text/plain; charset=utf-8"),
        Rendition(PDF_NAME, pdf_path, "application/pdf"),
    ]


def _typeset(text: str, buffer: io.BytesIO) -> None:
    font = essay_font()
    style = ParagraphStyle("essay", fontName=font, fontSize=12, leading=18, spaceAfter=9)
    margin = 2.2 * cm
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        invariant=True,
    )
    paragraphs = [block for block in text.split("\n\n") if block.strip()]
    document.build([Paragraph(escape(block).replace("\n", "<br/>"), style) for block in paragraphs])
