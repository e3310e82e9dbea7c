"""Probe PDFs with pypdf: pages, password, and active content.

Scripts, launch actions and embedded files are noted, not run: nothing here or in rendering executes them
(pdfium renders without its form and script layer), and what anyone sees is rewritten from pixels or text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pypdfium2
from pypdf import PasswordType, PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject

from submissions.media.errors import MediaRejected, Reason, not_this_kind
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.results import ProbeResult
from submissions.media.sniff import Sniffed

MAX_ANNOTATIONS_CHECKED = 2000
_NAME_TREES = (("/JavaScript", "javascript"), ("/EmbeddedFiles", "embedded_files"))
_SCRIPTED_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition"})

# pypdf logs every repaired oddity of a student's PDF as a warning; they are not ours to act on.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def probe_pdf(path: Path, kind: MediaKind, limits: MediaLimits, size: int, sniffed: Sniffed) -> ProbeResult:
    if sniffed is not Sniffed.PDF:
        raise not_this_kind(kind)
    reader = open_pdf(path)
    pages = _page_count(reader)
    if pages > limits.max_pages:
        raise MediaRejected(Reason.TOO_MANY_PAGES, pages=pages, limit=limits.max_pages)
    width, height = _first_page_points(reader)
    active = sorted(active_content(reader))
    return ProbeResult(
        kind=kind,
        format="pdf",
        size_bytes=size,
        width=width,
        height=height,
        pages=pages,
        findings={"active_content": active} if active else {},
    )


def open_pdf(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise MediaRejected(Reason.LOCKED)
    except MediaRejected:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise MediaRejected(Reason.DAMAGED) from error
    except NotImplementedError as error:  # an encryption scheme pypdf cannot even open
        raise MediaRejected(Reason.LOCKED) from error
    return reader


def _page_count(reader: PdfReader) -> int:
    try:
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise MediaRejected(Reason.DAMAGED) from error
    if pages == 0:
        raise MediaRejected(Reason.DAMAGED)
    return pages


def _first_page_points(reader: PdfReader) -> tuple[int | None, int | None]:
    try:
        box = reader.pages[0].mediabox
        return round(float(box.width)), round(float(box.height))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None, None


def active_content(reader: PdfReader) -> set[str]:
    """Names of the kinds of active content the document carries (never executed)."""
    found: set[str] = set()
    try:
        root = reader.trailer["/Root"].get_object()
        found |= _action_kinds(root.get("/OpenAction"), "open_action")
        if "/AA" in root:
            found.add("document_actions")
        names = _resolve(root.get("/Names"))
        if names is not None:
            found |= {label for key, label in _NAME_TREES if key in names}
        acroform = _resolve(root.get("/AcroForm"))
        if acroform is not None and "/XFA" in acroform:
            found.add("xfa_form")
        found |= _annotation_actions(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        found.add("unreadable_structure")
    return found


def _annotation_actions(reader: PdfReader) -> set[str]:
    found: set[str] = set()
    checked = 0
    for page in reader.pages:
        if "/AA" in page:
            found.add("page_actions")
        for annotation in page.get("/Annots") or []:
            checked += 1
            if checked > MAX_ANNOTATIONS_CHECKED:
                return found
            resolved = _resolve(annotation)
            if isinstance(resolved, DictionaryObject):
                found |= _action_kinds(resolved.get("/A"), "link_action")
    return found


def _action_kinds(action: Any, label: str) -> set[str]:
    action = _resolve(action)
    if not isinstance(action, DictionaryObject):
        return set()
    kind = action.get("/S")
    if kind in _SCRIPTED_ACTIONS or "/JS" in action:
        return {f"{label}:{str(kind).lstrip('/').lower() if kind else 'javascript'}"}
    return set()


def _resolve(value: Any) -> Any:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def pdf_text(path: Path) -> str:
    """The text layer of every page, read by pdfium (forms and scripts are never initialised)."""
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise MediaRejected(Reason.DAMAGED) from error
    try:
        return "\n\n".join(_page_text(document[index]) for index in range(len(document)))
    finally:
        document.close()


def _page_text(page: Any) -> str:
    text_page = page.get_textpage()
    try:
        return text_page.get_text_bounded()
    finally:
        text_page.close()
        page.close()
