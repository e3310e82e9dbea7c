"""The report as a PDF (reportlab), laid out as the DOCX. Its font is Noto Sans from the pymupdf-fonts
package, embedded, with every Vietnamese letter; nothing comes from the machine's fonts."""

import functools
import io
from xml.sax.saxutils import escape

from pymupdf_fonts import NotoSans_Bold, NotoSans_Italic, NotoSans_Regular
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.exports.chart_images import chart_png
from reports.exports.document import build_document

REGULAR, BOLD, ITALIC = "ReportSans", "ReportSans-Bold", "ReportSans-Italic"


@functools.cache
def _fonts() -> None:
    for name, module in ((REGULAR, NotoSans_Regular), (BOLD, NotoSans_Bold), (ITALIC, NotoSans_Italic)):
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(module.fontbuffer)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=11, leading=15, spaceAfter=4)
    return {
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, fontSize=10, leading=13),
        "center_bold": ParagraphStyle(
            "center_bold", parent=base, alignment=TA_CENTER, fontName=BOLD, fontSize=10, leading=13
        ),
        "center_italic": ParagraphStyle(
            "center_italic", parent=base, alignment=TA_CENTER, fontName=ITALIC, fontSize=10, leading=13
        ),
        "title": ParagraphStyle(
            "title", parent=base, alignment=TA_CENTER, fontName=BOLD, fontSize=14, leading=18
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, alignment=TA_CENTER, fontName=BOLD, fontSize=12),
        "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, spaceBefore=8),
        "caption": ParagraphStyle("caption", parent=base, fontName=ITALIC, fontSize=10),
        "note": ParagraphStyle("note", parent=base, fontName=ITALIC, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
        "signer": ParagraphStyle("signer", parent=base, alignment=TA_RIGHT, fontName=BOLD),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(table: dict, styles, width: float) -> Table:
    rows = [[_p(c, styles["cell_head"]) for c in table["columns"]]]
    rows += [[_p(c, styles["cell"]) for c in row] for row in table["rows"]]
    grid = Table(rows, colWidths=[width / len(table["columns"])] * len(table["columns"]), repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#ececf4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return grid


def pdf_report(*, campaign, since, until, figures) -> tuple[bytes, str]:
    _fonts()
    styles = _styles()
    report = build_document(campaign=campaign, since=since, until=until, figures=figures)
    buffer = io.BytesIO()
    page = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=report.subtitle,
        author="",
        creator="",
        producer="",
        subject="",
    )
    width = page.width
    header = Table(
        [
            [_p(report.issuer, styles["center"]), _p(report.nation, styles["center_bold"])],
            [_p(report.unit, styles["center_bold"]), _p(report.motto, styles["center_bold"])],
            [_p(report.number, styles["center"]), _p(report.place_date, styles["center_italic"])],
        ],
        colWidths=[width * 0.42, width * 0.58],
    )
    story = [
        header,
        Spacer(1, 0.6 * cm),
        _p(report.title, styles["title"]),
        _p(report.subtitle, styles["subtitle"]),
    ]
    story += [Spacer(1, 0.3 * cm), _p(report.intro, styles["body"])]
    charts = {f["key"]: f for f in figures}
    for block in report.blocks:
        story.append(_p(block.heading, styles["heading"]))
        for number, (label, value) in enumerate(block.numbers, start=1):
            story.append(_p(f"{number}. {label}: {value}", styles["body"]))
        for table in block.tables:
            story.append(_p(table["label"], styles["caption"]))
            if table["note"]:
                story.append(_p(table["note"], styles["note"]))
            picture = chart_png(charts[table["key"]]) if table["chart"] else None
            if picture:
                story.append(Image(io.BytesIO(picture), width=width, height=width / 2))
            story += [_table(table, styles, width), Spacer(1, 0.3 * cm)]
    story += [_p(report.closing, styles["caption"]), _p(report.signer, styles["signer"])]
    for block in report.annex:
        story += [PageBreak(), _p(block.heading, styles["title"])]
        for table in block.tables:
            story += [_p(table["label"], styles["caption"]), _table(table, styles, width)]
    page.build(story)
    return buffer.getvalue(), "application/pdf"
