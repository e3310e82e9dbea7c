"""The demo seed: twenty questions on the campaign's themes that follow the choice rules, one open quiz, and
loading twice adds nothing."""

import pytest

from quiz.demo import load_demo_quiz
from quiz.models import Question, Quiz
from quiz.selectors import open_quizzes
from quiz.services.bank import choice_errors

pytestmark = pytest.mark.django_db


def test_demo_quiz_is_open_with_twenty_valid_questions_and_loads_twice_without_copies():
    quiz = load_demo_quiz()
    load_demo_quiz()
    assert Question.objects.count() == 20
    assert Quiz.objects.count() == 1
    assert list(open_quizzes()) == [quiz]
    for question in Question.objects.prefetch_related("choices", "tags"):
        choices = [(c.text, c.is_correct) for c in question.choices.all()]
        assert choice_errors(question.kind, choices) == [], question.key
        assert question.explanation
        assert question.tags.exists()
    themes = {t.name for t in quiz.tags.all()}
    assert themes == {"lừa đảo", "dụ dỗ", "bắt cóc online", "thao túng"}
