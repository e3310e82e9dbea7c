"""The report as a Word document, in the layout of a Vietnamese administrative report: the issuer and
the national motto side by side, number and date, title, numbered sections, tables, charts, annex."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.exports.chart_images import chart_png
from reports.exports.document import build_document

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraph(container, text, *, bold=False, italic=False, size=13, align=None, underline=False):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _table(document, table):
    grid = document.add_table(rows=1, cols=len(table["columns"]))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table["columns"], strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(10)
    for row in table["rows"]:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).font.size = Pt(10)


def docx_report(*, campaign, since, until, figures) -> tuple[bytes, str]:
    report = build_document(campaign=campaign, since=since, until=until, figures=figures)
    document = Document()
    core = document.core_properties
    core.author = core.last_modified_by = core.comments = ""
    core.title = report.subtitle
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    _paragraph(left, report.issuer, size=12, align=center)
    _paragraph(left, report.unit, bold=True, size=12, align=center, underline=True)
    _paragraph(left, report.number, size=12, align=center)
    _paragraph(right, report.nation, bold=True, size=12, align=center)
    _paragraph(right, report.motto, bold=True, size=12, align=center, underline=True)
    _paragraph(right, report.place_date, italic=True, size=12, align=center)

    _paragraph(document, report.title, bold=True, size=14, align=center)
    _paragraph(document, report.subtitle, bold=True, size=13, align=center)
    _paragraph(document, report.intro, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    charts = {f["key"]: f for f in figures}
    for block in report.blocks:
        _paragraph(document, block.heading, bold=True)
        for number, (label, value) in enumerate(block.numbers, start=1):
            _paragraph(document, f"{number}. {label}: {value}")
        for table in block.tables:
            _paragraph(document, table["label"], italic=True)
            if table["note"]:
                _paragraph(document, table["note"], italic=True, size=10)
            picture = chart_png(charts[table["key"]]) if table["chart"] else None
            if picture:
                document.add_picture(io.BytesIO(picture), width=Cm(15))
            _table(document, table)
    _paragraph(document, report.closing, italic=True)
    _paragraph(document, report.signer, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for block in report.annex:
        document.add_page_break()
        _paragraph(document, block.heading, bold=True, align=center)
        for table in block.tables:
            _paragraph(document, table["label"], italic=True)
            _table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), DOCX_TYPE
