"""The attempt's rules on the server: questions drawn and kept in order, one question at a time with a server
deadline, scores from server timestamps only, one ranked attempt per account per Vietnamese day, and every
kind of bad answer refused without changing the first one."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from contest.errors import NotAllowed
from quiz.enums import AttemptMode, QuestionKind
from quiz.models import Attempt, AttemptAnswer
from quiz.scoring import score_answer
from quiz.services.attempts import (
    NETWORK_GRACE,
    AlreadyAnswered,
    NotCurrentQuestion,
    QuizClosed,
    answer_question,
    serve_current,
    start_attempt,
)
from tests.factories import CoordinatorFactory, EntrantFactory, JudgeFactory, OrganiserFactory
from tests.factories.parents import ParentFactory
from tests.factories.quiz import correct_ids, make_question, make_quiz, wrong_ids

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def bank():
    return [make_question() for _ in range(4)] + [make_question(kind=QuestionKind.TRUE_FALSE)]


def _current(attempt):
    from quiz.models import Question

    return Question.objects.get(pk=attempt.question_ids[attempt.position])


def test_score_answer_is_linear_between_1000_and_500_and_zero_when_wrong_or_late():
    assert score_answer(True, 0, 20_000) == 1000
    assert score_answer(True, 10_000, 20_000) == 750
    assert score_answer(True, 20_000, 20_000) == 500
    assert score_answer(True, 20_001, 20_000) == 0
    assert score_answer(False, 0, 20_000) == 0
    assert score_answer(True, -50, 20_000) == 1000


def test_start_draws_n_distinct_active_questions_of_the_quiz_tags_and_keeps_the_order(bank):
    make_question(tags=("dụ dỗ",))  # another theme
    make_question(active=False)
    quiz = make_quiz(questions=3)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    assert len(attempt.question_ids) == 3 == len(set(attempt.question_ids))
    assert set(attempt.question_ids) <= {q.pk for q in bank}
    attempt.refresh_from_db()
    assert attempt.position == 0
    assert attempt.current_deadline is None
    assert attempt.school_id == pupil.school_id


def test_serving_starts_the_clock_once_and_a_second_tab_sees_the_same_question_and_deadline(bank):
    quiz = make_quiz(questions=3, seconds=20)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    first, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    second_tab = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    assert second_tab.pk == attempt.pk
    again, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    assert again.position == first.position
    assert again.current_deadline == first.current_deadline
    assert first.current_deadline - first.current_served_at == timedelta(seconds=20)


def test_correct_fast_answer_scores_from_server_time_and_moves_on(bank):
    quiz = make_quiz(questions=2, seconds=20)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    result = answer_question(
        attempt_id=attempt.pk,
        user=pupil,
        question_id=question.pk,
        choice_ids=correct_ids(question),
        now=served.current_served_at + timedelta(seconds=10),
    )
    assert not result.late
    assert result.answer.is_correct
    assert result.answer.points == 750
    assert result.answer.elapsed_ms == 10_000
    attempt.refresh_from_db()
    assert (attempt.position, attempt.score, attempt.correct_count) == (1, 750, 1)
    assert attempt.current_deadline is None


def test_wrong_answer_scores_zero(bank):
    quiz = make_quiz(questions=2)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.PRACTICE)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    result = answer_question(
        attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=wrong_ids(question)
    )
    assert not result.answer.is_correct
    assert result.answer.points == 0


def test_multiple_choice_needs_exactly_the_right_set():
    make_question(kind=QuestionKind.MULTIPLE)
    quiz = make_quiz(questions=1)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.PRACTICE)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    only_one = correct_ids(question)[:1]
    result = answer_question(attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=only_one)
    assert not result.answer.is_correct


def test_answer_after_the_deadline_is_refused_recorded_as_timed_out_with_zero_points(bank):
    quiz = make_quiz(questions=2, seconds=10)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    late = served.current_deadline + NETWORK_GRACE + timedelta(milliseconds=1)
    result = answer_question(
        attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=correct_ids(question), now=late
    )
    assert result.late
    answer = AttemptAnswer.objects.get(attempt=attempt, question=question)
    assert answer.timed_out
    assert answer.points == 0
    assert not answer.is_correct
    attempt.refresh_from_db()
    assert attempt.score == 0
    assert attempt.position == 1


def test_answer_within_the_network_grace_counts_with_the_time_capped_at_the_limit(bank):
    quiz = make_quiz(questions=2, seconds=10)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    result = answer_question(
        attempt_id=attempt.pk,
        user=pupil,
        question_id=question.pk,
        choice_ids=correct_ids(question),
        now=served.current_deadline + NETWORK_GRACE / 2,
    )
    assert not result.late
    assert result.answer.points == 500


def test_serving_after_the_deadline_times_the_question_out(bank):
    quiz = make_quiz(questions=2, seconds=10)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    later = served.current_deadline + timedelta(minutes=5)
    moved, timed_out = serve_current(attempt_id=attempt.pk, user=pupil, now=later)
    assert timed_out is not None
    assert timed_out.timed_out
    assert timed_out.position == 0
    assert moved.position == 1
    assert moved.current_served_at is None


def test_an_answer_sent_twice_is_refused_and_the_first_kept(bank):
    quiz = make_quiz(questions=2)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    answer_question(
        attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=wrong_ids(question)
    )
    with pytest.raises(AlreadyAnswered) as refused:
        answer_question(
            attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=correct_ids(question)
        )
    assert refused.value.status_code == 409
    answer = AttemptAnswer.objects.get(attempt=attempt, question=question)
    assert not answer.is_correct
    assert answer.points == 0


def test_the_database_refuses_a_second_answer_to_one_question(bank):
    quiz = make_quiz(questions=2)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    answer_question(
        attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=wrong_ids(question)
    )
    first = AttemptAnswer.objects.get(attempt=attempt)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttemptAnswer.objects.create(
            attempt=attempt,
            question=question,
            position=7,
            served_at=first.served_at,
            answered_at=first.answered_at,
            is_correct=True,
            points=1000,
        )


def test_a_question_not_drawn_for_this_attempt_is_404(bank):
    quiz = make_quiz(questions=2)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    serve_current(attempt_id=attempt.pk, user=pupil)
    stranger = make_question()
    with pytest.raises(Http404):
        answer_question(
            attempt_id=attempt.pk, user=pupil, question_id=stranger.pk, choice_ids=correct_ids(stranger)
        )
    assert not AttemptAnswer.objects.exists()


def test_a_later_question_of_the_attempt_cannot_be_answered_ahead(bank):
    quiz = make_quiz(questions=3)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    serve_current(attempt_id=attempt.pk, user=pupil)
    from quiz.models import Question

    later = Question.objects.get(pk=attempt.question_ids[2])
    with pytest.raises(NotCurrentQuestion):
        answer_question(
            attempt_id=attempt.pk, user=pupil, question_id=later.pk, choice_ids=correct_ids(later)
        )


def test_a_choice_of_another_question_is_refused(bank):
    quiz = make_quiz(questions=2)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    other = make_question()
    from contest.errors import DomainError

    with pytest.raises(DomainError):
        answer_question(
            attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=correct_ids(other)
        )
    assert not AttemptAnswer.objects.exists()


def test_another_users_attempt_is_404(bank):
    quiz = make_quiz(questions=2)
    pupil, other = EntrantFactory(), EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    with pytest.raises(Http404):
        serve_current(attempt_id=attempt.pk, user=other)
    with pytest.raises(Http404):
        answer_question(
            attempt_id=attempt.pk, user=other, question_id=attempt.question_ids[0], choice_ids=[1]
        )


def test_one_ranked_attempt_per_account_per_vietnamese_day_and_practice_is_unlimited(bank):
    quiz, other_quiz = make_quiz(questions=1), make_quiz(questions=1)
    pupil = EntrantFactory()
    # 23:30 in Hà Nội is still the same day there, though it is 16:30 UTC.
    evening = datetime(2026, 11, 20, 23, 30, tzinfo=VN)
    quiz.opens_at = other_quiz.opens_at = evening - timedelta(days=1)
    quiz.closes_at = other_quiz.closes_at = evening + timedelta(days=2)
    quiz.save()
    other_quiz.save()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED, now=evening)
    assert attempt.local_day.isoformat() == "2026-11-20"
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil, now=evening)
    question = _current(served)
    answer_question(
        attempt_id=attempt.pk,
        user=pupil,
        question_id=question.pk,
        choice_ids=correct_ids(question),
        now=evening,
    )
    with pytest.raises(NotAllowed):
        start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED, now=evening + timedelta(minutes=20))
    with pytest.raises(NotAllowed):
        start_attempt(
            quiz=other_quiz, user=pupil, mode=AttemptMode.RANKED, now=evening + timedelta(minutes=20)
        )
    for _ in range(3):
        start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.PRACTICE, now=evening + timedelta(minutes=25))
    next_morning = evening + timedelta(hours=1)  # 00:30 the next day in Vietnam
    tomorrow = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED, now=next_morning)
    assert tomorrow.pk != attempt.pk
    assert tomorrow.local_day.isoformat() == "2026-11-21"
    assert Attempt.objects.filter(user=pupil, mode=AttemptMode.PRACTICE).count() == 3


def test_the_database_refuses_a_second_ranked_attempt_on_one_day(bank):
    quiz = make_quiz(questions=1)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, user=pupil, mode=AttemptMode.RANKED, local_day=attempt.local_day)


@pytest.mark.parametrize("factory", [EntrantFactory, CoordinatorFactory, ParentFactory])
def test_pupils_teachers_and_parents_play_ranked(bank, factory):
    attempt = start_attempt(quiz=make_quiz(questions=1), user=factory(), mode=AttemptMode.RANKED)
    assert attempt.mode == AttemptMode.RANKED


@pytest.mark.parametrize("factory", [OrganiserFactory, JudgeFactory])
def test_staff_only_practise(bank, factory):
    quiz = make_quiz(questions=1)
    user = factory()
    with pytest.raises(NotAllowed):
        start_attempt(quiz=quiz, user=user, mode=AttemptMode.RANKED)
    assert start_attempt(quiz=quiz, user=user, mode=AttemptMode.PRACTICE).mode == AttemptMode.PRACTICE


def test_a_closed_quiz_cannot_be_started(bank):
    from django.utils import timezone

    quiz = make_quiz(
        questions=1,
        closes_at=timezone.now() - timedelta(minutes=1),
        opens_at=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(QuizClosed):
        start_attempt(quiz=quiz, user=EntrantFactory(), mode=AttemptMode.PRACTICE)


def test_an_unconfirmed_school_claim_does_not_count_for_the_school_board(bank):
    pupil = EntrantFactory(school_status="claimed")
    attempt = start_attempt(quiz=make_quiz(questions=1), user=pupil, mode=AttemptMode.RANKED)
    assert attempt.school_id is None


@pytest.mark.django_db(transaction=True)
def test_two_tabs_answering_at_once_one_wins(bank):
    quiz = make_quiz(questions=2)
    pupil = EntrantFactory()
    attempt = start_attempt(quiz=quiz, user=pupil, mode=AttemptMode.RANKED)
    served, _ = serve_current(attempt_id=attempt.pk, user=pupil)
    question = _current(served)
    barrier = threading.Barrier(2)
    outcomes = []

    def tap(choice_ids):
        try:
            barrier.wait(timeout=10)
            result = answer_question(
                attempt_id=attempt.pk, user=pupil, question_id=question.pk, choice_ids=choice_ids
            )
            outcomes.append(("ok", result.answer.is_correct))
        except (AlreadyAnswered, NotCurrentQuestion) as error:
            outcomes.append(("refused", error.status_code))
        finally:
            connection.close()  # this thread's own connection, so none is left open

    threads = [
        threading.Thread(target=tap, args=(correct_ids(question),)),
        threading.Thread(target=tap, args=(wrong_ids(question),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o[0] for o in outcomes) == ["ok", "refused"]
    assert [o[1] for o in outcomes if o[0] == "refused"] == [409]
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.position == 1
    winner = next(o[1] for o in outcomes if o[0] == "ok")
    assert (attempt.correct_count == 1) == winner
