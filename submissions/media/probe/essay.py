"""Probe essays, which come typed (a text file), as a PDF or as a Word file; the words are counted here."""

from __future__ import annotations

import codecs
from pathlib import Path

from submissions.media.errors import MediaRejected, Reason, format_bytes, not_this_kind
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.probe.docx import docx_text
from submissions.media.probe.pdf import pdf_text, probe_pdf
from submissions.media.results import ProbeResult
from submissions.media.sniff import Sniffed
from submissions.media.text import check_words, clean_text, count_words

# A long essay is some tens of kilobytes; anything past this is not typed by hand.
MAX_TEXT_BYTES = 2 * 1024**2


def probe_essay(path: Path, kind: MediaKind, limits: MediaLimits, size: int, sniffed: Sniffed) -> ProbeResult:
    if sniffed is Sniffed.PDF:
        pdf = probe_pdf(path, kind, limits, size, sniffed)
        source_format, findings = "pdf", pdf.findings
    elif sniffed in (Sniffed.ZIP, Sniffed.TEXT):
        source_format, findings = ("docx" if sniffed is Sniffed.ZIP else "text"), {}
    else:
        raise not_this_kind(kind)
    words = count_words(essay_text(path, size, sniffed))
    check_words(words, limits)
    return ProbeResult(kind=kind, format=source_format, size_bytes=size, words=words, findings=findings)


def essay_text(path: Path, size: int, sniffed: Sniffed) -> str:
    if sniffed is Sniffed.PDF:
        return clean_text(pdf_text(path))
    if sniffed is Sniffed.ZIP:
        return docx_text(path, size)
    return clean_text(read_text(path, size))


def read_text(path: Path, size: int) -> str:
    if size > MAX_TEXT_BYTES:
        raise MediaRejected(Reason.TOO_LARGE, size=format_bytes(size), limit=format_bytes(MAX_TEXT_BYTES))
    data = path.read_bytes()
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise not_this_kind(MediaKind.ESSAY) from error
    if "\x00" in text:
        raise not_this_kind(MediaKind.ESSAY)
    return text
