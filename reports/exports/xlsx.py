"""The report as an XLSX workbook: a summary sheet with every number, then one sheet per table. Every cell
goes through contest.spreadsheets (text that looks like a formula stays text)."""

import io
import re

from openpyxl import Workbook

from contest.spreadsheets import XLSX_TYPE, xlsx_cells
from reports.exports.document import build_document

_SHEET_FORBIDDEN = re.compile(r"[\[\]\:\*\?\/\\]")


def _sheet_title(index: int, label: str, used: set[str]) -> str:
    title = f"{index}. {_SHEET_FORBIDDEN.sub(' ', label)}"[:31].strip()
    while title in used:
        title = title[:28] + f"~{len(used)}"
    used.add(title)
    return title


def xlsx_report(*, campaign, since, until, figures) -> tuple[bytes, str]:
    document = build_document(campaign=campaign, since=since, until=until, figures=figures)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(document.title)
    for line in (
        document.issuer,
        document.unit,
        document.number,
        document.nation,
        document.motto,
        document.place_date,
        "",
    ):
        summary.append(xlsx_cells(summary, [line]))
    summary.append(xlsx_cells(summary, [f"{document.title}: {document.subtitle}"]))
    summary.append(xlsx_cells(summary, [document.intro]))
    used = {document.title}
    index = 0
    for block in [*document.blocks, *document.annex]:
        summary.append(xlsx_cells(summary, [""]))
        summary.append(xlsx_cells(summary, [block.heading]))
        for label, value in block.numbers:
            summary.append(xlsx_cells(summary, [label, int(value) if value.isdigit() else value]))
        for table in block.tables:
            index += 1
            sheet = workbook.create_sheet(_sheet_title(index, table["label"], used))
            sheet.append(xlsx_cells(sheet, [table["label"]]))
            if table["note"]:
                sheet.append(xlsx_cells(sheet, [table["note"]]))
            sheet.append(xlsx_cells(sheet, table["columns"]))
            for row in table["rows"]:
                sheet.append(xlsx_cells(sheet, [int(c) if c.isdigit() else c for c in row]))
            summary.append(xlsx_cells(summary, [table["label"], f"→ {sheet.title}"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), XLSX_TYPE
