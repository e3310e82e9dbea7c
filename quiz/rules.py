"""Who may play, and how. Every such check goes through a predicate here."""

from contest.enums import Role
from contest.rules import is_organiser

# Pupils, teachers and parents play for the leaderboards; staff (judges, organisers) only practise.
RANKED_ROLES = frozenset({Role.ENTRANT, Role.COORDINATOR, Role.PARENT})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_play(user) -> bool:
    return _active(user)


def can_play_ranked(user) -> bool:
    return _active(user) and user.role in RANKED_ROLES


def owns_attempt(user, attempt) -> bool:
    return _active(user) and attempt.user_id == user.pk


def can_manage_quiz(user) -> bool:
    return is_organiser(user)
