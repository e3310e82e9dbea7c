"""Organisers keep the question bank in the Wagtail admin: the choice rules refuse a bad question in Vietnamese
with a 400 and nothing saved; a picture goes through the media sandbox and is kept as a clean JPEG; only
organisers reach the import and export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quiz.enums import QuestionKind
from quiz.models import Choice, Question, Quiz
from tests.factories import EntrantFactory, OrganiserFactory
from tests.factories.frames import CAMERA, photo_jpeg
from tests.factories.quiz import make_tag

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_quiz_question:add"


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def question_form(
    kind=QuestionKind.SINGLE, choices=(("Chặn và báo người lớn", True), ("Gửi ảnh", False)), **extra
):
    data = {
        "key": "cau-otp-01",
        "kind": kind,
        "text": "Người lạ xin mã OTP, em làm gì?",
        "explanation": "Không bao giờ đưa OTP.",
        "difficulty": "easy",
        "is_active": "on",
        "tags": [str(make_tag("lừa đảo").pk)],
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "6",
    }
    for index, (text, correct) in enumerate(choices):
        data |= {
            f"choices-{index}-text": text,
            f"choices-{index}-ORDER": str(index + 1),
            f"choices-{index}-id": "",
            f"choices-{index}-DELETE": "",
        }
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    data.update(extra)
    return data


def test_a_single_choice_question_is_saved_with_its_choices_and_tags(organiser_client):
    response = organiser_client.post(reverse(ADD), question_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Chặn và báo người lớn", True),
        ("Gửi ảnh", False),
    ]
    assert [t.name for t in question.tags.all()] == ["lừa đảo"]


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        (
            QuestionKind.SINGLE,
            (("A-một", True), ("B-hai", True)),
            "Câu một đáp án phải có đúng một lựa chọn đúng.",
        ),
        (
            QuestionKind.SINGLE,
            (("A-một", False), ("B-hai", False)),
            "Câu một đáp án phải có đúng một lựa chọn đúng.",
        ),
        (
            QuestionKind.MULTIPLE,
            (("A-một", False), ("B-hai", False)),
            "Câu nhiều đáp án phải có ít nhất một lựa chọn đúng.",
        ),
        (QuestionKind.TRUE_FALSE, (("Có", True), ("Không", False)), "Câu Đúng/Sai phải có đúng hai lựa chọn"),
        (
            QuestionKind.TRUE_FALSE,
            (("Đúng", True), ("Sai", True)),
            "Câu Đúng/Sai phải có đúng một lựa chọn đúng.",
        ),
    ],
)
def test_choice_rules_refuse_in_vietnamese_and_save_nothing(organiser_client, kind, choices, message):
    response = organiser_client.post(reverse(ADD), question_form(kind, choices))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()
    assert not Choice.objects.exists()


def test_true_false_with_dung_and_sai_is_accepted(organiser_client):
    response = organiser_client.post(
        reverse(ADD), question_form(QuestionKind.TRUE_FALSE, (("Đúng", False), ("Sai", True)))
    )
    assert response.status_code == 302
    assert Question.objects.get().kind == QuestionKind.TRUE_FALSE


def test_a_picture_is_kept_as_a_clean_jpeg_with_a_neutral_name(organiser_client):
    original = photo_jpeg(800, 600)
    assert CAMERA.encode() in original
    upload = SimpleUploadedFile("ảnh của cô Lan.jpg", original, content_type="image/jpeg")
    response = organiser_client.post(reverse(ADD), question_form(image=upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert question.image.name.startswith("quiz/cau-hoi-")
    assert question.image.name.endswith(".jpg")
    stored = question.image.read()
    assert stored[:3] == b"\xff\xd8\xff"
    assert CAMERA.encode() not in stored
    assert b"Exif" not in stored


def test_a_file_that_is_not_a_picture_is_refused_with_400(organiser_client):
    upload = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a picture" * 20, content_type="image/jpeg")
    response = organiser_client.post(reverse(ADD), question_form(image=upload))
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_a_quiz_closing_before_it_opens_is_refused(organiser_client):
    response = organiser_client.post(
        reverse("wagtailsnippets_quiz_quiz:add"),
        {
            "title": "Đố vui tuần 1",
            "slug": "tuan-1",
            "description": "",
            "question_count": "10",
            "seconds_per_question": "20",
            "opens_at": "2026-12-10 08:00",
            "closes_at": "2026-12-01 08:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert "Thời điểm đóng phải sau thời điểm mở." in response.content.decode()
    assert not Quiz.objects.exists()


def test_pupils_cannot_reach_the_import_or_the_export(client):
    client.force_login(EntrantFactory())
    for name in ("quiz_import", "quiz_export"):
        assert client.get(reverse(name)).status_code in {302, 403}
    file = io.BytesIO(b"PK")
    file.name = "cau-hoi.xlsx"
    assert client.post(reverse("quiz_import"), {"file": file}).status_code in {302, 403}
    assert client.post(reverse("quiz_import_apply")).status_code in {302, 403}
    assert not Question.objects.exists()


def test_a_quiz_may_not_take_the_address_of_the_attempt_pages(organiser_client):
    response = organiser_client.post(
        reverse("wagtailsnippets_quiz_quiz:add"),
        {
            "title": "Đố vui tuần 1",
            "slug": "luot",
            "description": "",
            "question_count": "10",
            "seconds_per_question": "20",
            "opens_at": "2026-12-01 08:00",
            "closes_at": "2026-12-10 08:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert "Đường dẫn này đã dùng cho trang khác" in response.content.decode()
    assert not Quiz.objects.exists()
