"""Who may do what with results. Views and services ask these predicates, nothing else."""

from contest import rules as contest_rules
from submissions.enums import MembershipState


def can_manage_results(user) -> bool:
    """Organisers allocate prizes, decide ties, adjust, reopen, reallocate and review feedback."""
    return contest_rules.is_organiser(user)


def can_allocate(user, result=None) -> bool:
    return can_manage_results(user)


def can_decide_tie(user, result=None) -> bool:
    return can_manage_results(user)


def can_adjust(user, result=None) -> bool:
    return can_manage_results(user)


def can_reopen(user, result=None) -> bool:
    return can_manage_results(user)


def can_reallocate(user, result=None) -> bool:
    return can_manage_results(user)


def can_review_feedback(user, result=None) -> bool:
    return can_manage_results(user)


def can_release_feedback(user, result=None) -> bool:
    return can_manage_results(user)


def is_deciding_head_judge(user, result) -> bool:
    """The head judge of a panel whose round decides one of the contest's divisions."""
    from results.selectors.prizes import head_judges_of

    return contest_rules.is_head_judge(user) and user.pk in head_judges_of(contest=result.contest)


def can_view_result(user, result) -> bool:
    return can_manage_results(user) or is_deciding_head_judge(user, result)


def can_cosign(user, result) -> bool:
    """A deciding head judge who is not the person who allocated the prizes (two pairs of eyes)."""
    return is_deciding_head_judge(user, result) and result.allocated_by_id != user.pk


def can_view_entry_outcome(user, entry) -> bool:
    """The entry's own entrants: its lead and the team members who accepted."""
    if not contest_rules.is_entrant(user):
        return False
    if entry.lead_entrant_id == user.pk:
        return True
    return entry.team_members.filter(user=user, state=MembershipState.ACCEPTED).exists()


def can_view_school_results(user, school) -> bool:
    return contest_rules.is_coordinator(user) and school is not None and user.school_id == school.pk
