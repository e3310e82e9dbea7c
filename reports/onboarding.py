"""Onboarding the city: the list of schools (code, name, level, ward, address, pupils) and their
coordinators, read from an XLSX or CSV file. Reading is pure (no database writes): each row becomes a
`SchoolRow` with its errors, so organisers see a dry run before anything is applied. The archive of an XLSX
is checked (size, entries, ratio, XML without entities) with the media pipeline's limits before openpyxl
opens it."""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from contest.enums import SchoolLevel
from contest.validators import CleanTextValidator
from submissions.media.probe.docx import MAX_ENTRIES, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED, MAX_XML_PART_BYTES

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = {
    "ma truong": "code",
    "ten truong": "name",
    "cap hoc": "level",
    "phuong xa": "ward",
    "dia chi": "address",
    "so hoc sinh": "pupil_count",
    "giao vien phu trach": "coordinator_name",
    "ho ten giao vien phu trach": "coordinator_name",
    "email giao vien phu trach": "coordinator_email",
    "e mail giao vien phu trach": "coordinator_email",
    "email": "coordinator_email",
}
REQUIRED = ("code", "name", "level", "ward")
LEVELS = {
    "thcs": SchoolLevel.THCS,
    "thpt": SchoolLevel.THPT,
    "dh cd": SchoolLevel.DH_CD,
    "dh": SchoolLevel.DH_CD,
}
LEVELS |= {"cd": SchoolLevel.DH_CD, "dhcd": SchoolLevel.DH_CD}
LIMITS = {"code": 20, "name": 200, "ward": 120, "address": 300, "coordinator_name": 150}
_single_line = CleanTextValidator(multiline=False)


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` says why, for the organiser."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SchoolRow:
    line: int
    code: str = ""
    name: str = ""
    level: str = ""
    ward: str = ""
    address: str = ""
    pupil_count: int | None = None
    coordinator_name: str = ""
    coordinator_email: str = ""
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def fold(text: str) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def read_table(uploaded) -> list[list[str]]:
    """The file's rows as text (header first). XLSX or CSV, told apart by content, never by name."""
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportFileError(_("Tệp quá lớn (tối đa 5 MB)."))
    data = b"".join(uploaded.chunks())
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("Không đọc được tệp: hãy lưu dưới dạng XLSX hoặc CSV (UTF-8).")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(_("Tệp có quá nhiều dòng (tối đa %(n)d).") % {"n": MAX_ROWS})
    return rows


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if not _safe_archive(io.BytesIO(data)):
        raise ImportFileError(_("Tệp XLSX không an toàn hoặc bị hỏng."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("Không đọc được tệp XLSX.")) from error
    rows = []
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportFileError(_("Tệp có quá nhiều dòng (tối đa %(n)d).") % {"n": MAX_ROWS})
    finally:
        workbook.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _safe_archive(source) -> bool:
    """The limits the media pipeline puts on Word files, for a workbook: entry count, names, total size,
    compression ratio, and XML parts without DTDs or entities (no billion laughs)."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_TOTAL_UNCOMPRESSED:
                return False
            for entry in entries:
                name = entry.filename
                if name.startswith("/") or ".." in name.split("/") or "\\" in name or entry.flag_bits & 0x1:
                    return False
                if entry.file_size > 1024**2 and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO:
                    return False
                if name.endswith((".xml", ".rels")):
                    if entry.file_size > MAX_XML_PART_BYTES:
                        return False
                    with archive.open(entry) as part:
                        safe_fromstring(
                            part.read(MAX_XML_PART_BYTES + 1),
                            forbid_dtd=True,
                            forbid_entities=True,
                            forbid_external=True,
                        )
    except (zipfile.BadZipFile, DefusedXmlException, ParseError, OSError, ValueError):
        return False
    return True


def parse_rows(table: list[list[str]]) -> list[SchoolRow]:
    if not table:
        raise ImportFileError(_("Tệp không có dòng nào."))
    header = [COLUMNS.get(fold(cell)) for cell in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("Thiếu cột: %(columns)s. Dòng đầu cần có: Mã trường, Tên trường, Cấp học, Phường/Xã.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        row = SchoolRow(line=line)
        for name, cell in zip(header, cells, strict=False):
            if name is None:
                continue
            _set(row, name, str(cell).strip())
        for name in REQUIRED:
            if not getattr(row, name):
                row.errors.append(_("Thiếu %(column)s.") % {"column": _label(name)})
        rows.append(row)
    _duplicates(rows)
    return rows


def _label(name: str) -> str:
    return {
        "code": _("mã trường"),
        "name": _("tên trường"),
        "level": _("cấp học"),
        "ward": _("phường/xã"),
        "address": _("địa chỉ"),
        "coordinator_name": _("họ tên giáo viên"),
    }.get(name, name)


def _set(row: SchoolRow, name: str, value: str) -> None:
    try:
        _single_line(value)
    except ValidationError:
        row.errors.append(_("%(column)s có ký tự không hợp lệ.") % {"column": _label(name)})
        return
    if name in LIMITS and len(value) > LIMITS[name]:
        row.errors.append(_("%(column)s quá dài.") % {"column": _label(name)})
        return
    if name == "level":
        level = LEVELS.get(fold(value))
        if value and level is None:
            row.errors.append(
                _("Cấp học “%(value)s” không hợp lệ (THCS, THPT hoặc ĐH/CĐ).") % {"value": value}
            )
        row.level = level or ""
    elif name == "pupil_count":
        if value:
            digits = value.replace(".", "").replace(",", "").replace(" ", "")
            if not digits.isdigit() or int(digits) > 100_000:
                row.errors.append(_("Số học sinh “%(value)s” không hợp lệ.") % {"value": value})
            else:
                row.pupil_count = int(digits)
    elif name == "coordinator_email":
        if value:
            try:
                validate_email(value)
            except ValidationError:
                row.errors.append(_("E-mail “%(value)s” không hợp lệ.") % {"value": value})
                return
        row.coordinator_email = value.lower()
    elif name == "code":
        row.code = value.upper()
    else:
        setattr(row, name, value)


def _duplicates(rows: list[SchoolRow]) -> None:
    """The same code on two rows must describe the same school (one row per coordinator), and one
    coordinator's e-mail belongs to one school."""
    first: dict[str, SchoolRow] = {}
    schools_of_email: dict[str, str] = {}
    for row in rows:
        if not row.code:
            continue
        seen = first.setdefault(row.code, row)
        if seen is not row and (seen.name, seen.level, seen.ward) != (row.name, row.level, row.ward):
            row.errors.append(
                _("Mã trường %(code)s đã có ở dòng %(line)d với thông tin khác.")
                % {"code": row.code, "line": seen.line}
            )
        if row.coordinator_email:
            code = schools_of_email.setdefault(row.coordinator_email, row.code)
            if code != row.code:
                row.errors.append(
                    _("E-mail %(email)s đã dùng cho trường khác trong tệp.")
                    % {"email": row.coordinator_email}
                )
