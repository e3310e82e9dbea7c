"""Who may sign the wall, moderate its messages and print a school's poster."""

from contest.rules import is_coordinator, is_organiser
from pledges.enums import SIGNING_ROLES


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_sign(user) -> bool:
    """Pupils and students, teachers (school coordinators) and parents, each once with their own account."""
    return _active(user) and user.role in SIGNING_ROLES


def can_moderate_pledges(user) -> bool:
    return is_organiser(user)


def can_print_poster(user, school) -> bool:
    """Organisers for any school; a school's coordinator for their own school only."""
    if is_organiser(user):
        return True
    return is_coordinator(user) and school is not None and user.school_id == school.pk
