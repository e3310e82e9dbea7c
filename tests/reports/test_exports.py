"""The tổng kết as XLSX, DOCX and PDF: the files open, carry the administrative header, and their figures are
the dashboard's (read back from the files' text)."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from submissions.enums import EntryState
from tests.factories import ContestFactory, EntrantFactory, EntryFactory, SchoolFactory
from tests.factories.reports import ActivityReportFactory, help_report, months_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(campaign, period, school):
    contest = ContestFactory(campaign=campaign, title="Tranh vẽ “Niềm tin số”")
    for n in range(3):
        other = SchoolFactory(name=f"THPT Số {n} Hai Bà Trưng", ward="Xã Bình Chánh")
        EntryFactory(contest=contest, lead_entrant=EntrantFactory(school=other), state=EntryState.DRAFT)
    EntryFactory(contest=contest, lead_entrant=EntrantFactory(school=school), state=EntryState.DRAFT)
    ActivityReportFactory(period=period, school=school, talks_held=4, participants=777, posters_displayed=13)
    for _ in range(3):
        help_report(at=months_ago(1), concerns=["meet"], urgency="urgent")
    return campaign


def _dashboard(client):
    response = client.get(reverse("reports_dashboard"))
    return response.context["numbers"], response.context["tables"]


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_written_report_has_the_header_and_the_dashboards_figures(client, organiser, city, fmt):
    client.force_login(organiser)
    numbers, tables = _dashboard(client)
    response = client.get(reverse("reports_export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-tong-ket.{fmt}"'
    text = _squeeze((_docx_text if fmt == "docx" else _pdf_text)(response.content))
    for expected in (
        "CÔNG AN THÀNH PHỐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: …/BC-BTC",
        "BÁO CÁO",
        f"Kết quả thực hiện Kế hoạch chiến dịch “{city.name}”",
    ):
        assert expected in text, expected
    for number, figure in enumerate([f for f in numbers if f["section"] == "participation"], start=1):
        assert _squeeze(f"{number}. {figure['label']}: {figure['value']}") in text
    for figure in numbers:
        assert _squeeze(f"{figure['label']}: {figure['value']}") in text, figure["key"]
    assert "talks_total" in {f["key"] for f in numbers}
    assert "Số buổi nói chuyện, tuyên truyền: 4" in text
    assert "Số người tham dự: 777" in text
    ward = next(t for t in tables if t["key"] == "participation_by_ward")
    for row in ward["value"]["rows"]:
        for cell in row:
            assert str(cell) in text
    assert "< 5" in text  # the help channel's three reports, suppressed
    assert "Phụ lục" in text
    assert "THPT Số 2 Hai Bà Trưng" in text


def test_pdf_embeds_its_font_and_no_author(client, organiser, city):
    client.force_login(organiser)
    reader = PdfReader(io.BytesIO(client.get(reverse("reports_export", kwargs={"fmt": "pdf"})).content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font.get("/DescendantFonts")
            if descendant is not None:
                descriptor = descendant[0].get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor
    assert any("ReportSans" in name or "Noto" in name for name in fonts)
    assert not (reader.metadata or {}).get("/Author")


def test_docx_carries_no_author(client, organiser, city):
    client.force_login(organiser)
    document = Document(io.BytesIO(client.get(reverse("reports_export", kwargs={"fmt": "docx"})).content))
    assert document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""


def test_xlsx_holds_every_figure_as_the_dashboard(client, organiser, city):
    client.force_login(organiser)
    numbers, tables = _dashboard(client)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports_export", kwargs={"fmt": "xlsx"})).content)
    )
    summary = workbook.worksheets[0]
    pairs = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and len(row) > 1}
    for figure in numbers:
        assert pairs[figure["label"]] == figure["value"], figure["key"]
    assert len(workbook.worksheets) == 1 + len(tables)
    ward_sheet = next(ws for ws in workbook.worksheets if "phường" in ws.title.lower())
    rows = list(ward_sheet.iter_rows(values_only=True))
    ward = next(t for t in tables if t["key"] == "participation_by_ward")
    assert list(rows[1]) == ward["value"]["columns"]
    assert [list(r) for r in rows[2:]] == ward["value"]["rows"]


def test_text_that_looks_like_a_formula_stays_text(client, organiser, campaign, period):
    SchoolFactory(name='=HYPERLINK("http://x.example")', ward="@Phường Lạ")
    client.force_login(organiser)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports_export", kwargs={"fmt": "xlsx"})).content)
    )
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert '\'=HYPERLINK("http://x.example")' in cells
    assert not any(isinstance(c, str) and c.startswith(("=", "@")) for c in cells)
