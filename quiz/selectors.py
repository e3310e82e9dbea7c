"""Reads of the quiz: open quizzes, a pupil's attempt and answers, and the leaderboards (a fixed number of
queries whatever their length)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q
from django.utils import timezone

from contest.enums import Role
from privacy.enums import ConsentPurpose
from privacy.selectors import GUARDIAN_GIVERS, SCHOOL_CONFIRMED, active_givers, needs_guardian
from privacy.selectors import school_confirmation_required as confirmation_required
from quiz.enums import AttemptMode
from quiz.models import Attempt, AttemptAnswer, Question, Quiz
from quiz.nicknames import nickname
from results.credits import first_name_and_initial

LEADERBOARD_SIZE = 100


def open_quizzes(now=None):
    now = now or timezone.now()
    return (
        Quiz.objects.filter(is_active=True, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("-opens_at", "pk")
    )


def visible_quiz(slug: str):
    """A quiz a pupil may see: active (a closed one still shows its leaderboard)."""
    return Quiz.objects.filter(is_active=True, slug=slug).first()


def attempt_for(*, attempt_id: int, user):
    """The user's own attempt or None (another user's id looks like a missing one)."""
    if not user.is_authenticated:
        return None
    return Attempt.objects.select_related("quiz").filter(pk=attempt_id, user=user).first()


def todays_ranked_attempt(*, user):
    if not user.is_authenticated:
        return None
    return (
        Attempt.objects.select_related("quiz")
        .filter(user=user, mode=AttemptMode.RANKED, local_day=timezone.localdate())
        .first()
    )


def question_with_choices(question_id: int) -> Question:
    return Question.objects.prefetch_related("choices", "tags").get(pk=question_id)


def answer_at(*, attempt, position: int):
    return AttemptAnswer.objects.select_related("question").filter(attempt=attempt, position=position).first()


def attempt_answers(*, attempt) -> list[AttemptAnswer]:
    return list(AttemptAnswer.objects.filter(attempt=attempt).select_related("question").order_by("position"))


@dataclass(frozen=True)
class BoardRow:
    rank: int
    name: str
    score: int
    is_me: bool


def _guardian_allows(givers: set[str], needed: bool, confirmation: bool) -> bool:
    if not needed:
        return True
    return bool(givers & GUARDIAN_GIVERS) and (not confirmation or SCHOOL_CONFIRMED in givers)


def display_names(users) -> dict[int, str]:
    """The name each account shows on a leaderboard: its nickname, unless the holder chose to show "first name
    + initial" and, for a pupil under 16 (or with no date of birth; teachers and parents are adults), a
    guardian's consent to publish the name is in force
    (privacy's DISPLAY_IDENTITY purpose, confirmed by the school when the city requires it). Never a full name,
    never a class. Two queries at most, whatever the number of users."""
    today = timezone.localdate()
    opted = [u for u in users if getattr(getattr(u, "quiz_player", None), "show_name", False) and u.full_name]
    needing = [u for u in opted if u.role == Role.ENTRANT and needs_guardian(person=u, day=today)]
    givers = active_givers(user_ids=[u.pk for u in needing]) if needing else {}
    confirmation = confirmation_required() if needing else False
    names = {}
    for user in users:
        name = nickname(user.pk)
        if user in opted:
            mine = givers.get(user.pk, {}).get(ConsentPurpose.DISPLAY_IDENTITY, set())
            if _guardian_allows(mine, user in needing, confirmation):
                name = first_name_and_initial(user.full_name) or name
        names[user.pk] = name
    return names


def leaderboard(*, quiz, school_id: int | None = None, viewer=None, size: int = LEADERBOARD_SIZE):
    """Ranked attempts only; each account's best score at this quiz (ties: fewer seconds is not tracked, so
    ties share a rank). A school's board counts attempts made while the account belonged to that school."""
    attempts = Attempt.objects.filter(quiz=quiz, mode=AttemptMode.RANKED)
    if school_id is not None:
        attempts = attempts.filter(school_id=school_id)
    best = list(attempts.values("user_id").annotate(best=Max("score")).order_by("-best", "user_id")[:size])
    users = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=[row["user_id"] for row in best])
        .select_related("quiz_player")
    }
    names = display_names(list(users.values()))
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    rows, rank, previous = [], 0, None
    for index, row in enumerate(best, start=1):
        if row["best"] != previous:
            rank, previous = index, row["best"]
        rows.append(BoardRow(rank, names.get(row["user_id"], ""), row["best"], row["user_id"] == viewer_id))
    return rows


def attempt_counts(*, since=None, until=None):
    """Attempts per mode, for the campaign report."""
    attempts = Attempt.objects.all()
    if since is not None:
        attempts = attempts.filter(started_at__gte=since)
    if until is not None:
        attempts = attempts.filter(started_at__lt=until)
    return attempts.aggregate(
        ranked=Count("pk", filter=Q(mode=AttemptMode.RANKED)),
        practice=Count("pk", filter=Q(mode=AttemptMode.PRACTICE)),
    )
