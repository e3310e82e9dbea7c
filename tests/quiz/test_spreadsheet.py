"""The question bank through XLSX: the export is read back by the import (a real file written by openpyxl,
Vietnamese text), the dry run lists each row's errors and writes nothing, applying adds the valid rows, and
importing again updates questions by their key instead of adding copies."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from quiz.enums import Difficulty, QuestionKind
from quiz.models import Choice, Question
from quiz.spreadsheet import HEADERS
from tests.factories import OrganiserFactory
from tests.factories.quiz import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def _xlsx(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ngân hàng câu hỏi.xlsx"
    return buffer


def _row(key, kind, text, choices, right, explanation="", tags="", difficulty="Vừa", active="Có"):
    return [
        key,
        kind,
        text,
        *(choices + [""] * (6 - len(choices))),
        right,
        explanation,
        tags,
        difficulty,
        active,
    ]


ROWS = [
    _row(
        "otp-01",
        "Một đáp án",
        "Ai được phép hỏi mã OTP của em?",
        ["Nhân viên ngân hàng", "Không ai cả", "Bạn thân"],
        "2",
        "Không ai được hỏi mã OTP, kể cả người xưng là ngân hàng.",
        "lừa đảo",
        "Dễ",
    ),
    _row(
        "bat-coc-02",
        "Nhiều đáp án",
        "Dấu hiệu của “bắt cóc online”?",
        ["Giả danh công an", "Bắt giữ bí mật với bố mẹ", "Cô giáo nhắc họp"],
        "1, 2",
        "Giả danh và cô lập là hai dấu hiệu.",
        "bắt cóc online, thao túng",
        "Khó",
    ),
    _row("dung-sai-03", "Đúng/Sai", "Công an làm việc qua video call.", ["Đúng", "Sai"], "2", "", "lừa đảo"),
    # Invalid: a single-choice question with two right choices.
    _row("loi-04", "Một đáp án", "Câu lỗi có hai đáp án đúng", ["Một", "Hai"], "1,2"),
    # Invalid: a formula-looking key and an unknown kind.
    _row("=CMD()", "Tự luận", "Câu lỗi khác", ["Một", "Hai"], "1"),
]


def _preview(client, rows):
    return client.post(reverse("quiz_import"), {"file": _xlsx(rows)})


def test_dry_run_lists_each_rows_errors_and_writes_nothing(organiser_client):
    response = _preview(organiser_client, ROWS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 câu mới · 0 cập nhật · 0 không đổi · 2 dòng lỗi" in page
    assert "Câu một đáp án phải có đúng một lựa chọn đúng." in page
    assert "Loại câu hỏi phải là" in page
    assert 'data-line="5" data-action="error"' in page
    assert not Question.objects.exists()


def test_apply_adds_the_valid_rows_then_a_reimport_updates_by_key(organiser_client):
    _preview(organiser_client, ROWS)
    response = organiser_client.post(reverse("quiz_import_apply"))
    assert response.status_code == 302
    assert Question.objects.count() == 3
    otp = Question.objects.get(key="otp-01")
    assert otp.kind == QuestionKind.SINGLE
    assert otp.difficulty == Difficulty.EASY
    assert [(c.text, c.is_correct) for c in otp.choices.all()] == [
        ("Nhân viên ngân hàng", False),
        ("Không ai cả", True),
        ("Bạn thân", False),
    ]
    kidnap = Question.objects.get(key="bat-coc-02")
    assert sorted(t.name for t in kidnap.tags.all()) == ["bắt cóc online", "thao túng"]
    assert [c.is_correct for c in kidnap.choices.all()] == [True, True, False]
    choice_ids = [c.pk for c in otp.choices.all()]

    changed = [list(r) for r in ROWS[:3]]
    changed[0][2] = "Ai được hỏi mã OTP (mã xác thực) của em?"
    changed[0][3:6] = ["Nhân viên ngân hàng", "Không một ai", ""]
    page = _preview(organiser_client, changed).content.decode()
    assert "0 câu mới · 1 cập nhật · 2 không đổi · 0 dòng lỗi" in page
    organiser_client.post(reverse("quiz_import_apply"))
    assert Question.objects.count() == 3
    otp.refresh_from_db()
    assert otp.text == "Ai được hỏi mã OTP (mã xác thực) của em?"
    assert [(c.text, c.is_correct) for c in otp.choices.all()] == [
        ("Nhân viên ngân hàng", False),
        ("Không một ai", True),
    ]
    assert [c.pk for c in otp.choices.all()] == choice_ids[:2]  # updated in place
    assert Choice.objects.count() == 2 + 3 + 2


def test_apply_without_a_preview_does_nothing(organiser_client):
    response = organiser_client.post(reverse("quiz_import_apply"))
    assert response.status_code == 302
    assert not Question.objects.exists()


def test_not_a_workbook_is_refused_with_a_reason(organiser_client):
    file = io.BytesIO(b"PK\x03\x04 broken archive")
    file.name = "cau-hoi.xlsx"
    response = organiser_client.post(reverse("quiz_import"), {"file": file})
    assert response.status_code == 400
    assert "Tệp XLSX không an toàn hoặc bị hỏng." in response.content.decode()


def test_export_round_trip_with_text_cells_and_no_formulas(organiser_client):
    make_question(
        text='=HYPERLINK("http://ac.example") – câu có dấu bằng',
        choices=[("Đúng vậy", True), ("+Sai rồi", False)],
        explanation="Giải thích tiếng Việt: đừng bấm link lạ.",
        tags=("lừa đảo", "dụ dỗ"),
    )
    make_question(kind=QuestionKind.TRUE_FALSE)
    response = organiser_client.get(reverse("quiz_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value not in (None, "")]
    assert all(cell.data_type == "s" for cell in cells)
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][4] == "'+Sai rồi"
    assert rows[1][11] == "dụ dỗ, lừa đảo"
    # The exported file imports back as "nothing changes": the apostrophes that protected formula-like
    # cells are taken off again on the way in.
    upload = io.BytesIO(response.content)
    upload.name = "xuat.xlsx"
    page = organiser_client.post(reverse("quiz_import"), {"file": upload}).content.decode()
    assert "0 câu mới · 0 cập nhật · 2 không đổi · 0 dòng lỗi" in page
