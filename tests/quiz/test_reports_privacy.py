"""The quiz in the campaign report (ranked and practice attempts, per month and per school, counts only) and
in a person's data export and erasure."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from privacy.services.data_rights import delete_personal_data, personal_data
from quiz.enums import AttemptMode
from quiz.models import Attempt, AttemptAnswer, Question, QuizPlayer
from reports.registry import compute_figures
from tests.factories import CampaignFactory, EntrantFactory, OrganiserFactory, SchoolFactory
from tests.factories.quiz import make_question, make_quiz

pytestmark = pytest.mark.django_db


def _attempt(user, quiz, mode, day, school=None):
    return Attempt.objects.create(quiz=quiz, user=user, mode=mode, local_day=day, school=school, score=800)


def test_report_counts_attempts_by_mode_month_and_school():
    quiz = make_quiz(questions=1)
    lotus = SchoolFactory(name="THCS Hoa Sen")
    pupil, other = EntrantFactory(school=lotus), EntrantFactory(school=None)
    _attempt(pupil, quiz, AttemptMode.RANKED, date(2026, 10, 5), lotus)
    _attempt(pupil, quiz, AttemptMode.PRACTICE, date(2026, 10, 5), lotus)
    _attempt(pupil, quiz, AttemptMode.RANKED, date(2026, 11, 2), lotus)
    _attempt(other, quiz, AttemptMode.PRACTICE, date(2026, 11, 3))
    figures = {f["key"]: f for f in compute_figures(campaign=CampaignFactory())}
    assert figures["quiz_attempts_ranked"]["value"] == 2
    assert figures["quiz_attempts_practice"]["value"] == 2
    assert figures["quiz_attempts_ranked"]["section"] == "campaign"
    assert figures["quiz_attempts_by_month"]["value"]["rows"] == [["10/2026", 1, 1], ["11/2026", 1, 1]]
    assert figures["quiz_attempts_by_school"]["value"]["rows"] == [
        ["THCS Hoa Sen", 2, 1],
        ["Chưa rõ trường", 0, 1],
    ]
    november = compute_figures(campaign=CampaignFactory(), since=date(2026, 11, 1), until=date(2026, 11, 30))
    assert {f["key"]: f["value"] for f in november}["quiz_attempts_ranked"] == 1


def test_export_and_erasure_cover_attempts_answers_and_the_name_choice():
    question = make_question()
    quiz = make_quiz(questions=1)
    pupil = EntrantFactory()
    attempt = _attempt(pupil, quiz, AttemptMode.RANKED, timezone.localdate())
    now = timezone.now()
    AttemptAnswer.objects.create(
        attempt=attempt,
        question=question,
        position=0,
        selected_choice_ids=[question.choices.first().pk],
        served_at=now - timedelta(seconds=3),
        answered_at=now,
        elapsed_ms=3000,
        points=0,
    )
    QuizPlayer.objects.create(user=pupil, show_name=True)
    data = personal_data(user=pupil)
    assert data["quiz_attempts"][0]["quiz"] == quiz.title
    assert data["quiz_attempts"][0]["answers"][0]["elapsed_ms"] == 3000
    assert data["quiz_player"] == {"show_name": True}
    delete_personal_data(user=pupil, actor=OrganiserFactory())
    assert not Attempt.objects.exists()
    assert not AttemptAnswer.objects.exists()
    assert not QuizPlayer.objects.exists()
    assert Question.objects.filter(pk=question.pk).exists()
