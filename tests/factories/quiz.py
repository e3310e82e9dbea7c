"""Questions and quizzes for the quiz tests. Choice texts carry no hint of which is right."""

import itertools
from datetime import timedelta

from django.utils import timezone

from quiz.enums import QuestionKind
from quiz.models import Choice, Question, QuestionTag, Quiz

_keys = itertools.count(1)


def make_tag(name: str = "lừa đảo") -> QuestionTag:
    return QuestionTag.objects.get_or_create(name=name)[0]


def make_question(
    *,
    kind: str = QuestionKind.SINGLE,
    text: str | None = None,
    choices: list[tuple[str, bool]] | None = None,
    explanation: str = "Giải-thích: không bao giờ đưa mã OTP cho ai.",
    tags: tuple[str, ...] = ("lừa đảo",),
    active: bool = True,
) -> Question:
    n = next(_keys)
    if choices is None:
        if kind == QuestionKind.TRUE_FALSE:
            choices = [("Đúng", True), ("Sai", False)]
        elif kind == QuestionKind.MULTIPLE:
            choices = [(f"Lựa chọn A{n}", True), (f"Lựa chọn B{n}", True), (f"Lựa chọn C{n}", False)]
        else:
            choices = [(f"Lựa chọn A{n}", False), (f"Lựa chọn B{n}", True), (f"Lựa chọn C{n}", False)]
    question = Question.objects.create(
        key=f"test-{n:05d}",
        kind=kind,
        text=text or f"Câu hỏi số {n}: gặp tin nhắn lạ thì làm gì?",
        explanation=explanation,
        is_active=active,
    )
    for index, (choice_text, correct) in enumerate(choices):
        Choice.objects.create(question=question, text=choice_text, is_correct=correct, sort_order=index)
    tag_objects = [make_tag(name) for name in tags]
    question.tags.set(tag_objects)
    question.save()
    return question


def make_quiz(
    *, questions: int = 3, seconds: int = 20, slug: str | None = None, tags=("lừa đảo",), **extra
) -> Quiz:
    n = next(_keys)
    quiz = Quiz.objects.create(
        title=extra.pop("title", f"Đố vui tuần {n}"),
        slug=slug or f"do-vui-{n}",
        question_count=questions,
        seconds_per_question=seconds,
        opens_at=extra.pop("opens_at", timezone.now() - timedelta(hours=1)),
        closes_at=extra.pop("closes_at", timezone.now() + timedelta(days=7)),
        **extra,
    )
    if tags:
        quiz.tags.set([make_tag(name) for name in tags])
    return quiz


def correct_ids(question: Question) -> list[int]:
    return [c.pk for c in question.choices.all() if c.is_correct]


def wrong_ids(question: Question) -> list[int]:
    return [c.pk for c in question.choices.all() if not c.is_correct][:1]
