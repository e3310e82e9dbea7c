"""Who may use the consent, coordinator, screening, safeguarding and data-rights screens.

Kept beside `submissions/rules.py` (owned by the entry flow) so the two can be merged without conflict.
"""

from contest.enums import Role
from contest.rules import is_coordinator, is_entrant, is_organiser, is_safeguarding_officer


def can_manage_own_consent(user) -> bool:
    return is_entrant(user)


def can_coordinate_school(user) -> bool:
    return is_coordinator(user)


def can_manage_pupil(user, pupil) -> bool:
    """A coordinator acts only for entrants of their own school."""
    return (
        is_coordinator(user)
        and pupil is not None
        and pupil.role == Role.ENTRANT
        and pupil.school_id is not None
        and pupil.school_id == user.school_id
    )


def can_screen_entries(user) -> bool:
    return is_organiser(user)


def can_view_participation(user) -> bool:
    return is_organiser(user)


def can_raise_safeguarding_flag(user) -> bool:
    return is_organiser(user)


def can_view_safeguarding_flags(user) -> bool:
    return is_safeguarding_officer(user)


def can_use_data_rights(user) -> bool:
    return is_entrant(user)


def can_run_retention(user) -> bool:
    return is_organiser(user)
