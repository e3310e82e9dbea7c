"""Probe Word files: the ZIP container and every XML part are checked before python-docx reads them.

A DOCX is a ZIP of XML parts, so it can carry a ZIP bomb (a tiny file inflating to gigabytes), entries
named `../something` or `/etc/something`, or XML with entity definitions (billion laughs) or external
entities. We look at the central directory first, then parse each XML part with defusedxml refusing any
DOCTYPE (Word never writes one), and only then hand the file to python-docx.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from submissions.media.errors import MediaRejected, Reason, format_bytes, not_this_kind
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.results import ProbeResult
from submissions.media.sniff import Sniffed
from submissions.media.text import check_words, clean_text, count_words

MAX_ARCHIVE_BYTES = 100 * 1024**2
MAX_ENTRIES = 1000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024**2
MAX_XML_PART_BYTES = 25 * 1024**2
# XML compresses about 10:1; bombs compress a thousand times or more.
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 1024**2
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
_EOCD = b"PK\x05\x06"


def probe_docx(path: Path, kind: MediaKind, limits: MediaLimits, size: int, sniffed: Sniffed) -> ProbeResult:
    if sniffed is not Sniffed.ZIP:
        raise not_this_kind(kind)
    text = docx_text(path, size)
    words = count_words(text)
    check_words(words, limits)
    return ProbeResult(kind=kind, format="docx", size_bytes=size, words=words)


def docx_text(path: Path, size: int) -> str:
    """The essay's own text: body paragraphs and tables, in order. Headers, footers, comments and
    document properties are left out (they are where names and schools usually are)."""
    check_archive(path, size)
    try:
        document = docx.Document(str(path))
    except ValueError as error:  # not a Word document: a macro-enabled .docm, a spreadsheet, ...
        raise not_this_kind(MediaKind.DOCX) from error
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, OSError) as error:
        raise MediaRejected(Reason.DAMAGED) from error
    return clean_text("\n\n".join(_blocks(document)))


def check_archive(path: Path, size: int) -> None:
    if size > MAX_ARCHIVE_BYTES:
        raise MediaRejected(Reason.TOO_LARGE, size=format_bytes(size), limit=format_bytes(MAX_ARCHIVE_BYTES))
    _check_entry_count(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_entries(entries)
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")):
                    _check_xml(archive, entry)
    except zipfile.BadZipFile as error:
        raise MediaRejected(Reason.DAMAGED) from error


def _check_entry_count(path: Path) -> None:
    """Count entries from the end record, before zipfile builds a Python object for each of them."""
    with path.open("rb") as handle:
        handle.seek(max(0, handle.seek(0, 2) - 65_557))
        tail = handle.read()
    record = tail.rfind(_EOCD)
    if record < 0 or record + 22 > len(tail):
        raise MediaRejected(Reason.DAMAGED)
    entries = int.from_bytes(tail[record + 10 : record + 12], "little")
    # 0xFFFF means a ZIP64 archive: no Word file needs one.
    if entries > MAX_ENTRIES or entries == 0xFFFF:
        raise MediaRejected(Reason.UNSAFE_DOCUMENT)


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    names = [entry.filename for entry in entries]
    if len(names) != len(set(names)) or not all(_is_safe_name(name) for name in names):
        raise MediaRejected(Reason.UNSAFE_DOCUMENT)
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise MediaRejected(Reason.LOCKED)
    if sum(entry.file_size for entry in entries) > MAX_TOTAL_UNCOMPRESSED:
        raise MediaRejected(Reason.UNSAFE_DOCUMENT)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_RATIO:
            raise MediaRejected(Reason.UNSAFE_DOCUMENT)
    if not all(required in names for required in REQUIRED_PARTS):
        raise not_this_kind(MediaKind.DOCX)


def _is_safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    return ".." not in PurePosixPath(name).parts


def _check_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    if entry.file_size > MAX_XML_PART_BYTES:
        raise MediaRejected(Reason.UNSAFE_DOCUMENT)
    with archive.open(entry) as part:
        # The declared size bounds the read even if the header lies about it.
        data = part.read(MAX_XML_PART_BYTES + 1)
    if len(data) > MAX_XML_PART_BYTES:
        raise MediaRejected(Reason.UNSAFE_DOCUMENT)
    try:
        safe_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise MediaRejected(Reason.UNSAFE_DOCUMENT) from error
    except ParseError as error:
        raise MediaRejected(Reason.DAMAGED) from error


def _blocks(document: WordDocument) -> list[str]:
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            blocks.extend(_table_text(block))
        else:
            blocks.append(block.text)
    return blocks


def _table_text(table: Table) -> list[str]:
    seen: set[int] = set()
    texts: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell.text)
    return texts
