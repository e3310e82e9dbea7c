"""Every CSV and XLSX download of the platform goes through export_cell: a cell that a spreadsheet would
run as a formula (=, +, -, @, or a leading tab or CR) gets a leading apostrophe, and XLSX text cells are
written as strings, never formulas. Our own exports call spreadsheet_response; Wagtail's list_export goes
through SafeExportMixin (contest.viewsets)."""

import csv
import io
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.functional import Promise

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_cell(value):
    """The value as a spreadsheet must see it: text that could start a formula is made plain text."""
    if isinstance(value, Promise):
        value = str(value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def import_cell(value) -> str:
    """A cell read back from one of our exports: the apostrophe `export_cell` put before text that could
    start a formula is taken off again, so an exported sheet re-imports unchanged."""
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def csv_text(headers: list, rows) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read Vietnamese letters as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([export_cell(h) for h in headers])
    writer.writerows([export_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def xlsx_cells(worksheet, row) -> list:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        value = export_cell(value)
        if isinstance(value, Decimal):
            value = float(value)
        cell = WriteOnlyCell(worksheet, value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def xlsx_bytes(headers: list, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(xlsx_cells(sheet, headers))
    for row in rows:
        sheet.append(xlsx_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_response(*, headers: list, rows, filename: str, fmt: str) -> HttpResponse:
    """A CSV or XLSX download named `filename.fmt`."""
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows), content_type=XLSX_TYPE)
    elif fmt == "csv":
        response = HttpResponse(csv_text(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
