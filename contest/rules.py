"""Permission predicates for roles. Every check of who may do what goes through a function here."""

from contest.enums import Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_organiser(user) -> bool:
    return _active(user) and (user.role == Role.ORGANISER or user.is_superuser)


def is_head_judge(user) -> bool:
    return _active(user) and user.role == Role.HEAD_JUDGE


def is_judge(user) -> bool:
    """Head judges score too."""
    return _active(user) and user.role in {Role.JUDGE, Role.HEAD_JUDGE}


def is_coordinator(user) -> bool:
    return _active(user) and user.role == Role.COORDINATOR and user.school_id is not None


def is_entrant(user) -> bool:
    return _active(user) and user.role == Role.ENTRANT


def is_parent(user) -> bool:
    return _active(user) and user.role == Role.PARENT


def is_safeguarding_officer(user) -> bool:
    return is_organiser(user) and user.is_safeguarding_officer


def can_manage_contests(user) -> bool:
    return is_organiser(user)


def can_access_cms_admin(user) -> bool:
    return is_organiser(user)


def can_enter_contest(user, contest=None) -> bool:
    """Entrants enter for themselves; coordinators enter on behalf of their pupils."""
    return is_entrant(user) or is_coordinator(user)


def can_view_school(user, school) -> bool:
    if is_organiser(user):
        return True
    return is_coordinator(user) and school is not None and user.school_id == school.pk


def can_score(user) -> bool:
    return is_judge(user)


def can_oversee_judging(user) -> bool:
    return is_head_judge(user) or is_organiser(user)


def needs_two_factor(user) -> bool:
    """Whoever can see children's identities across schools, or every score, signs in with a second step."""
    return _active(user) and (
        user.is_superuser or user.role in {Role.ORGANISER, Role.HEAD_JUDGE} or user.is_safeguarding_officer
    )
