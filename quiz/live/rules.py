"""Who may do what in the live mode. Every such check goes through a predicate here."""

from contest.rules import is_coordinator, is_organiser


def can_host(user) -> bool:
    """Teachers (school coordinators) run live quizzes in class; organisers at assemblies."""
    return is_coordinator(user) or is_organiser(user)


def is_host(user, session) -> bool:
    return can_host(user) and session.host_id == user.pk
