"""The text layer of a PDF, page by page, with each character's box, read in a child process with a
memory cap and a deadline (pdfium parses the untrusted file, as in the pipeline's own child)."""

from __future__ import annotations

import multiprocessing
import os
import resource
from dataclasses import dataclass
from pathlib import Path

MEMORY_BYTES = 1024**3
WALL_SECONDS = 60
MAX_CHARS_PER_PAGE = 50_000


class PdfTextUnavailable(RuntimeError):
    """The text layer could not be read in time or within memory."""


@dataclass(frozen=True, slots=True)
class PageText:
    """`boxes[i]` is character i's box as fractions of the page (x, y from the top-left, w, h)."""

    text: str
    boxes: tuple[tuple[float, float, float, float] | None, ...]

    def region(self, start: int, end: int) -> dict[str, float] | None:
        boxes = [b for b in self.boxes[start:end] if b is not None]
        if not boxes:
            return None
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[0] + b[2] for b in boxes)
        bottom = max(b[1] + b[3] for b in boxes)
        return {"x": left, "y": top, "w": right - left, "h": bottom - top}


def read_pdf_text(path: Path, *, max_pages: int) -> list[PageText]:
    """One PageText per page (up to `max_pages`). Raises PdfTextUnavailable."""
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(writer, str(path), max_pages), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(WALL_SECONDS):
            raise PdfTextUnavailable(f"reading the PDF text took longer than {WALL_SECONDS} s")
        try:
            tag, payload = reader.recv()
        except EOFError:
            raise PdfTextUnavailable(f"the PDF text reader died (exit code {child.exitcode})") from None
    finally:
        reader.close()
        child.join(timeout=1)
        if child.is_alive():
            child.kill()
            child.join(timeout=5)
    if tag != "ok":
        raise PdfTextUnavailable(payload)
    return payload


def _child(writer, path: str, max_pages: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (WALL_SECONDS, WALL_SECONDS))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        try:
            writer.send(("ok", _read(path, max_pages)))
        except Exception as error:  # whatever a hostile file provokes in pdfium, reported, not raised
            writer.send(("failed", f"{type(error).__name__}: {error}"[:500]))
        writer.close()
    finally:
        os._exit(0)


def _read(path: str, max_pages: int) -> list[PageText]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise ValueError(str(error)) from None
    pages = []
    try:
        for index in range(min(len(document), max_pages)):
            page = document[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                count = min(textpage.count_chars(), MAX_CHARS_PER_PAGE)
                text = textpage.get_text_range(0, count) if count else ""
                boxes = []
                if len(text) == count and width > 0 and height > 0:
                    for i in range(count):
                        left, bottom, right, top = textpage.get_charbox(i)
                        boxes.append(
                            (left / width, 1 - top / height, (right - left) / width, (top - bottom) / height)
                        )
                else:
                    boxes = [None] * len(text)
                textpage.close()
            finally:
                page.close()
            pages.append(PageText(text.replace("\r\n", " \n").replace("\r", "\n"), tuple(boxes)))
    finally:
        document.close()
    return pages
