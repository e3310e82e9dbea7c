"""Every write of a pupil's attempt: start (draw the questions), serve the current question (start its clock),
answer it (score it from server timestamps) and time it out. Each locks the attempt row, so two tabs or two
taps on one attempt are served one after the other; the database's unique constraints are the last guard."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role, SchoolClaim
from contest.errors import DomainError, NotAllowed
from quiz import rules
from quiz.enums import AttemptMode, QuestionKind
from quiz.models import Attempt, AttemptAnswer, Question
from quiz.scoring import score_answer

# An answer that reaches us this long after the deadline still counts: the tap happened in time, the
# network was slow. The score still falls with the full elapsed time (capped at the limit).
NETWORK_GRACE = timedelta(milliseconds=1500)
_draw = random.SystemRandom()


class AlreadyAnswered(DomainError):
    status_code = 409


class NotCurrentQuestion(DomainError):
    status_code = 409


class QuizClosed(DomainError):
    status_code = 403


@dataclass(frozen=True)
class AnswerResult:
    answer: AttemptAnswer
    late: bool  # refused: the clock had run out (recorded as timed out, 0 points)


def _school_for(user):
    """Only a school the account surely belongs to counts for its leaderboard: a teacher's own, or a pupil's
    once the school confirmed it."""
    if user.school_id is None:
        return None
    if user.role == Role.COORDINATOR or user.school_status == SchoolClaim.CONFIRMED:
        return user.school_id
    return None


def eligible_questions(quiz):
    questions = Question.objects.filter(is_active=True)
    tag_ids = list(quiz.tags.values_list("pk", flat=True))
    if tag_ids:
        questions = questions.filter(tags__in=tag_ids)
    return questions.filter(~Q(choices=None)).distinct()


def start_attempt(*, quiz, user, mode: str, now=None) -> Attempt:
    """A new attempt, or, for a ranked one, today's unfinished ranked attempt at the same quiz (a second tab
    joins it). An account has one ranked attempt per Vietnamese calendar day, whichever quiz."""
    now = now or timezone.now()
    if not rules.can_play(user):
        raise NotAllowed(_("Hãy đăng nhập để chơi."))
    if not quiz.is_open(now):
        raise QuizClosed(_("Bộ đố vui này hiện không mở."))
    if mode not in AttemptMode.values:
        raise DomainError(_("Hình thức chơi không hợp lệ."))
    ranked = mode == AttemptMode.RANKED
    if ranked and not rules.can_play_ranked(user):
        raise NotAllowed(
            _("Lượt tính điểm dành cho học sinh, thầy cô và phụ huynh; bạn có thể chơi luyện tập.")
        )
    day = timezone.localdate(now)
    if ranked:
        existing = _todays_ranked(user=user, day=day)
        if existing is not None:
            return _join_or_refuse(existing, quiz)
    ids = list(eligible_questions(quiz).values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("Bộ đố vui này chưa có câu hỏi. Hãy quay lại sau nhé!"))
    drawn = _draw.sample(ids, min(quiz.question_count, len(ids)))
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                user=user,
                mode=mode,
                local_day=day,
                school_id=_school_for(user),
                question_ids=drawn,
                started_at=now,
            )
    except IntegrityError:
        # Another tab started today's ranked attempt a moment ago: join it.
        existing = _todays_ranked(user=user, day=day)
        if existing is None:
            raise
        return _join_or_refuse(existing, quiz)


def _todays_ranked(*, user, day):
    return Attempt.objects.filter(user=user, mode=AttemptMode.RANKED, local_day=day).first()


def _join_or_refuse(existing: Attempt, quiz) -> Attempt:
    if existing.quiz_id == quiz.pk and not existing.is_finished:
        return existing
    raise NotAllowed(
        _("Hôm nay bạn đã chơi lượt tính điểm rồi. Mai quay lại nhé – bây giờ bạn vẫn có thể chơi luyện tập.")
    )


def _locked(attempt_id: int, user) -> Attempt:
    attempt = Attempt.objects.select_for_update().filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise Http404
    return attempt


def _finish_if_done(attempt: Attempt, now) -> None:
    if attempt.position >= len(attempt.question_ids) and attempt.finished_at is None:
        attempt.finished_at = now


def _time_out(attempt: Attempt, now) -> AttemptAnswer:
    """The current question's clock ran out: it is recorded unanswered, with 0 points, and the attempt moves on."""
    answer = AttemptAnswer.objects.create(
        attempt=attempt,
        question_id=attempt.question_ids[attempt.position],
        position=attempt.position,
        timed_out=True,
        served_at=attempt.current_served_at,
        answered_at=now,
        elapsed_ms=_ms(now - attempt.current_served_at),
    )
    _advance(attempt, now)
    return answer


def _advance(attempt: Attempt, now) -> None:
    attempt.position += 1
    attempt.current_served_at = None
    attempt.current_deadline = None
    _finish_if_done(attempt, now)
    attempt.save(
        update_fields=[
            "position",
            "current_served_at",
            "current_deadline",
            "finished_at",
            "score",
            "correct_count",
        ]
    )


def _ms(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() * 1000))


def _expired(attempt: Attempt, now) -> bool:
    return attempt.current_deadline is not None and now > attempt.current_deadline + NETWORK_GRACE


@transaction.atomic
def serve_current(*, attempt_id: int, user, now=None) -> tuple[Attempt, AttemptAnswer | None]:
    """The attempt with its current question's clock started (the first tab to ask starts it; another tab sees
    the same question and deadline). When the clock already ran out the question is recorded as timed out and
    returned as the second value, so the page shows its explanation before moving on."""
    now = now or timezone.now()
    attempt = _locked(attempt_id, user)
    if attempt.is_finished:
        return attempt, None
    if _expired(attempt, now):
        return attempt, _time_out(attempt, now)
    if attempt.position < len(attempt.question_ids) and attempt.current_served_at is None:
        attempt.current_served_at = now
        attempt.current_deadline = now + timedelta(seconds=attempt.quiz.seconds_per_question)
        attempt.save(update_fields=["current_served_at", "current_deadline"])
    _finish_if_done(attempt, now)
    if attempt.finished_at is not None:
        attempt.save(update_fields=["finished_at"])
    return attempt, None


@transaction.atomic
def answer_question(
    *, attempt_id: int, user, question_id: int, choice_ids: list[int], now=None
) -> AnswerResult:
    """Score one answer. A question not drawn for this attempt is a 404; a question answered already, or not
    the one being asked, is refused (409); an answer after the deadline is recorded as timed out (0 points)
    and refused (`late`)."""
    now = now or timezone.now()
    attempt = _locked(attempt_id, user)
    if question_id not in attempt.question_ids:
        raise Http404
    if AttemptAnswer.objects.filter(attempt=attempt, question_id=question_id).exists():
        raise AlreadyAnswered(_("Câu này bạn đã trả lời rồi; câu trả lời đầu tiên được giữ nguyên."))
    if (
        attempt.is_finished
        or attempt.question_ids[attempt.position] != question_id
        or attempt.current_served_at is None
    ):
        raise NotCurrentQuestion(_("Đây không phải câu hỏi đang chơi. Hãy tải lại trang."))
    if _expired(attempt, now):
        return AnswerResult(answer=_time_out(attempt, now), late=True)
    question = Question.objects.prefetch_related("choices").get(pk=question_id)
    choices = list(question.choices.all())
    valid = {choice.pk for choice in choices}
    selected = sorted(set(choice_ids))
    if not selected or not set(selected) <= valid:
        raise DomainError(_("Hãy chọn một đáp án trong các lựa chọn của câu hỏi."))
    if question.kind != QuestionKind.MULTIPLE and len(selected) != 1:
        raise DomainError(_("Câu này chỉ chọn một đáp án."))
    correct = set(selected) == {choice.pk for choice in choices if choice.is_correct}
    elapsed = min(_ms(now - attempt.current_served_at), attempt.quiz.seconds_per_question * 1000)
    points = score_answer(correct, elapsed, attempt.quiz.seconds_per_question * 1000)
    try:
        with transaction.atomic():
            answer = AttemptAnswer.objects.create(
                attempt=attempt,
                question=question,
                position=attempt.position,
                selected_choice_ids=selected,
                is_correct=correct,
                served_at=attempt.current_served_at,
                answered_at=now,
                elapsed_ms=elapsed,
                points=points,
            )
    except IntegrityError as error:
        raise AlreadyAnswered(
            _("Câu này bạn đã trả lời rồi; câu trả lời đầu tiên được giữ nguyên.")
        ) from error
    attempt.score += points
    attempt.correct_count += int(correct)
    _advance(attempt, now)
    return AnswerResult(answer=answer, late=False)
