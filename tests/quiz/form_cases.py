"""Hostile text for the quiz (tests/security/test_form_input.py): the organisers' question (its code, text,
explanation and a choice's text, in the inline formset) and quiz forms in the admin. The pupil's forms take
no typed text: a mode, a question id with choice ids, a checkbox."""

from django.urls import reverse

from quiz.forms_admin import QuestionAdminForm, QuizAdminForm
from tests.security.cases import Case

NO_TYPED_TEXT = {"StartAttemptForm", "AnswerForm", "PlayerSettingsForm"}


def _tag(world) -> None:
    from quiz.models import QuestionTag

    world["quiz_tag"] = QuestionTag.objects.get_or_create(name="lừa đảo")[0]


def _question(world) -> dict:
    return {
        "key": "cau-hostile-01",
        "kind": "single",
        "text": "Người lạ xin mã OTP, em làm gì?",
        "explanation": "Không bao giờ đưa OTP cho ai.",
        "difficulty": "easy",
        "is_active": "on",
        "tags": [str(world["quiz_tag"].pk)],
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "6",
        "choices-0-text": "Chặn và báo người lớn",
        "choices-0-is_correct": "on",
        "choices-0-ORDER": "1",
        "choices-0-id": "",
        "choices-0-DELETE": "",
        "choices-1-text": "Đưa mã cho họ",
        "choices-1-ORDER": "2",
        "choices-1-id": "",
        "choices-1-DELETE": "",
    }


def cases() -> dict[str, Case]:
    return {
        "quiz question": Case(
            QuestionAdminForm,
            "organiser",
            lambda w: reverse("wagtailsnippets_quiz_question:add"),
            _question,
            ["key", "text", "explanation", "choices-0-text", "choices-1-text"],
            multiline={"text", "explanation"},
            refused=frozenset({400}),
            setup=_tag,
        ),
        "quiz": Case(
            QuizAdminForm,
            "organiser",
            lambda w: reverse("wagtailsnippets_quiz_quiz:add"),
            lambda w: {
                "title": "Đố vui tuần 1",
                "slug": "tuan-1",
                "description": "Mười câu hỏi nhanh.",
                "question_count": "10",
                "seconds_per_question": "20",
                "opens_at": "2026-12-01 08:00",
                "closes_at": "2026-12-10 08:00",
                "is_active": "on",
            },
            ["title", "slug", "description"],
            multiline={"description"},
            refused=frozenset({400}),
        ),
    }
