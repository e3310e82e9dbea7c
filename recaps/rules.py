"""Who may set up and render recap videos."""

from contest.rules import is_organiser


def can_manage_recaps(user) -> bool:
    return is_organiser(user)
