"""Who may give, record and confirm consent, use data rights, run retention and see safeguarding flags."""

from contest.enums import Role, SchoolClaim
from contest.rules import is_coordinator, is_entrant, is_organiser, is_parent, is_safeguarding_officer


def can_manage_own_consent(user) -> bool:
    return is_entrant(user)


def is_confirmed_pupil_of(coordinator, pupil) -> bool:
    """The pupil's claim to the coordinator's school was confirmed by that school's coordinator."""
    return (
        pupil.role == Role.ENTRANT
        and pupil.school_id is not None
        and pupil.school_id == coordinator.school_id
        and pupil.school_status == SchoolClaim.CONFIRMED
    )


def can_manage_pupil(user, pupil) -> bool:
    """A coordinator acts only for entrants whose claim to their school they confirmed."""
    return is_coordinator(user) and pupil is not None and is_confirmed_pupil_of(user, pupil)


def can_confirm_guardian_consent(user, pupil) -> bool:
    return can_manage_pupil(user, pupil)


def can_raise_safeguarding_flag(user) -> bool:
    return is_organiser(user)


def can_view_safeguarding_flags(user) -> bool:
    return is_safeguarding_officer(user)


def can_use_data_rights(user) -> bool:
    """Entrants, and parents with an account of their own (their clips, pledges and votes are theirs too).
    Staff accounts are not erased through this page: their sheets and decisions are the contest's record."""
    return is_entrant(user) or is_parent(user)


def can_run_retention(user) -> bool:
    return is_organiser(user)
