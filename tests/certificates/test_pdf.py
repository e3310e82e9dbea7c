"""The PDF itself: exact Vietnamese text, embedded fonts, a QR code that opens the verify page, and names
that fit however long they are."""

import io
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from certificates import documents, pdf
from certificates.enums import CertificateKind
from certificates.models import CertificateFieldPlacement
from certificates.services import issue_certificates
from contest.enums import PrizeTier
from submissions.enums import EntryState
from tests.factories import ContestFactory, EntrantFactory, SchoolFactory
from tests.factories.certificates import RARE_NAME, award, judged_entry, published_result, template

pytestmark = pytest.mark.django_db


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _lines(data: bytes) -> list[str]:
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    return [_nfc(line).strip() for line in text.splitlines() if line.strip()]


def _qr_texts(data: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=2).to_pil()
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


def _awarded(name: str, *, school_name="THCS Lê Quý Đôn", tier=PrizeTier.FIRST):
    contest = ContestFactory(title="Video “Không một mình” – Cảnh giác lừa đảo trực tuyến")
    pupil = EntrantFactory(full_name=name, school=SchoolFactory(name=school_name))
    entry = judged_entry(contest=contest, entrant=pupil, state=EntryState.AWARDED)
    result = published_result(contest=contest)
    award(result=result, entry=entry, tier=tier)
    issue_certificates(result=result, actor=None)
    return pupil.certificates.get(kind=CertificateKind.AWARD)


def test_award_certificate_text_extracts_to_the_exact_vietnamese_strings():
    certificate = _awarded("Nguyễn Thị Ngọc Huyền", school_name="THCS Trưng Vương – Phường Hoàn Kiếm")
    lines = _lines(documents.render(certificate))
    assert "GIẤY CHỨNG NHẬN" in lines
    assert "Ban tổ chức cuộc thi trân trọng chứng nhận" in lines
    assert "Nguyễn Thị Ngọc Huyền" in lines
    assert "THCS Trưng Vương – Phường Hoàn Kiếm" in lines
    assert "Đã đạt Giải Nhất" in lines
    assert "Video “Không một mình” – Cảnh giác lừa đảo trực tuyến" in lines
    assert f"Mã xác thực: {certificate.code}" in lines
    assert any(line.startswith("Ngày ") and " tháng " in line and " năm " in line for line in lines)


@pytest.mark.parametrize(
    "name",
    [
        RARE_NAME,
        "Lưu Ỹ Ỷ Ẵ Ậ Ữ Phạm Thị Hoàng Yến",
        "Đặng Thị Mỹ Dạ Ửng Hồng Khổng Tước Nghiêm Ưu Ẩn Ỏn Ổn Ỡm Ờ Ợn Ựa Ữu Ỵ Ỳ Ỹ Ý",
    ],
)
def test_long_and_rare_names_extract_exactly_and_fit_the_box(name):
    assert len(name) <= 80
    certificate = _awarded(name)
    assert _nfc(name) in _lines(documents.render(certificate))
    box = next(b for b in pdf.DEFAULT_BOXES if b.field == "name")
    size = pdf.fitted_size(
        name, font=pdf.BOLD, max_size=box.font_size, width=box.width * mm, height=box.height * mm
    )
    assert size >= 8  # still readable
    assert pdfmetrics.stringWidth(name, pdf.BOLD, size) <= box.width * mm + 0.01


def test_eighty_character_name_is_eighty_characters():
    assert len(RARE_NAME) == 80


def test_fonts_are_embedded_truetype():
    data = documents.render(_awarded("Trần Văn Ữ"))
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert "NotoSans" in str(font["/BaseFont"]) or "Certificate" in str(font["/BaseFont"])


def test_qr_code_decodes_to_the_verify_url(settings):
    settings.SITE_URL = "https://khongmotminh.example.vn"
    certificate = _awarded("Võ Thị Sáu")
    url = f"https://khongmotminh.example.vn/chung-nhan/{certificate.code}/"
    assert documents.verify_url(certificate.code) == url
    assert _qr_texts(documents.render(certificate)) == [url]


def test_qr_matrix_drawn_is_the_matrix_of_the_verify_url():
    import segno

    url = "https://khongmotminh.example.vn/chung-nhan/abc/"
    expected = [[bool(m) for m in row] for row in segno.make(url, error="m", micro=False).matrix]
    assert pdf.qr_matrix(url) == expected


def test_participation_certificate_says_taking_part():
    contest = ContestFactory()
    pupil = EntrantFactory(full_name="Hà Thị Ẵm")
    judged_entry(contest=contest, entrant=pupil, state=EntryState.NOT_ADVANCED)
    issue_certificates(result=published_result(contest=contest), actor=None)
    certificate = pupil.certificates.get()
    lines = _lines(documents.render(certificate))
    assert "Đã tham gia cuộc thi" in lines
    assert "Hà Thị Ẵm" in lines


def test_chosen_printed_name_is_the_one_printed():
    certificate = _awarded("Nguyễn Thị Ngọc Huyền")
    certificate.printed_name = "Nguyễn Ngọc Huyền"
    certificate.save()
    lines = _lines(documents.render(certificate))
    assert "Nguyễn Ngọc Huyền" in lines
    assert "Nguyễn Thị Ngọc Huyền" not in lines


def test_template_texts_and_placements_are_used():
    certificate = _awarded("Lý Thường Kiệt")
    t = template(contest=certificate.contest, heading="CHỨNG NHẬN ĐẶC BIỆT", award_text="Xuất sắc đạt")
    CertificateFieldPlacement.objects.create(
        template=t, field="name", x_mm=10, y_mm=20, width_mm=100, height_mm=10, font_size=20, bold=True
    )
    CertificateFieldPlacement.objects.create(
        template=t, field="qr", x_mm=200, y_mm=100, width_mm=40, height_mm=40
    )
    lines = _lines(documents.render(certificate))
    assert "Lý Thường Kiệt" in lines
    # Only what the template places is drawn: its heading was not placed.
    assert "CHỨNG NHẬN ĐẶC BIỆT" not in lines
    assert len(_qr_texts(documents.render(certificate))) == 1


def test_preview_uses_sample_data_with_rare_diacritics():
    t = template(heading="GIẤY CHỨNG NHẬN")
    lines = _lines(documents.preview(t))
    assert RARE_NAME in lines
    assert "Đã đạt Giải Nhất" in lines
    assert "Đã tham gia cuộc thi" in _lines(documents.preview(t, kind=CertificateKind.PARTICIPATION))
