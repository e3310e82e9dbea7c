"""PDFs written by us, then rewritten without an Info dictionary or XMP (no producer, author or dates)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter


def write_clean_pdf(path: Path, draw: Callable[[io.BytesIO], None]) -> None:
    """`draw` writes a PDF with reportlab into the buffer; what lands at `path` has no metadata."""
    buffer = io.BytesIO()
    draw(buffer)
    buffer.seek(0)
    writer = PdfWriter(clone_from=PdfReader(buffer))
    writer.metadata = None
    if "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]
    with path.open("wb") as target:
        writer.write(target)
