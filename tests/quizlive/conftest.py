import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from quiz.enums import QuestionKind
from quiz.models import Choice, Question, Quiz
from tests.factories import CoordinatorFactory

_quiz_numbers = itertools.count(1)


def make_quiz(*, questions: int = 3, seconds: int = 20) -> Quiz:
    """A quiz with its own questions (A right, B and C wrong; the last one multiple: A and B right)."""
    n = next(_quiz_numbers)
    quiz = Quiz.objects.create(
        title=f"Đố vui trực-tiếp {n}",
        slug=f"truc-tiep-{n}",
        question_count=questions,
        seconds_per_question=seconds,
        opens_at=timezone.now() - timedelta(days=1),
    )
    tag = quiz.tags.create(name=f"chủ-đề-trực-tiếp-{n}")
    for i in range(questions):
        multiple = i == questions - 1 and questions > 1
        question = Question.objects.create(
            key=f"tt-{n}-{i}",
            kind=QuestionKind.MULTIPLE if multiple else QuestionKind.SINGLE,
            text=f"Câu hỏi số {i + 1}: người lạ xin ảnh riêng, em làm gì?",
            explanation=f"Giải-thích câu {i + 1}: không gửi, báo người lớn.",
        )
        question.tags.add(tag)
        question.save()
        Choice.objects.create(
            question=question, text="Từ chối và báo người lớn", is_correct=True, sort_order=0
        )
        Choice.objects.create(
            question=question, text="Chặn và lưu bằng chứng", is_correct=multiple, sort_order=1
        )
        Choice.objects.create(question=question, text="Gửi ảnh cho họ", is_correct=False, sort_order=2)
    return quiz


@pytest.fixture
def quiz(db):
    return make_quiz()


@pytest.fixture
def teacher(db):
    return CoordinatorFactory()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The join pause counts wrong codes per address in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
