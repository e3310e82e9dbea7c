"""Who may do what in judging. Views and services ask these predicates, nothing else."""

from contest import rules as contest_rules
from judging.enums import JUDGEABLE_ENTRY_STATES, RoundState, SheetState


def entry_is_judgeable(entry) -> bool:
    return entry.consent_complete and not entry.identity_hold and entry.state in JUDGEABLE_ENTRY_STATES


def must_declare_affiliations(user) -> bool:
    """A judge sees no entry before declaring their schools, relatives and pupils (even "none")."""
    return contest_rules.is_judge(user) and not hasattr(user, "judge_declaration")


def can_view_assignment(user, assignment) -> bool:
    """The judge's own, still active assignment of a judgeable entry, in a round past setup."""
    return (
        contest_rules.is_judge(user)
        and assignment.judge_id == user.pk
        and assignment.active
        and assignment.round.state != RoundState.SETUP
        and entry_is_judgeable(assignment.entry)
    )


def can_score(user, assignment) -> bool:
    return can_view_assignment(user, assignment) and assignment.round.state == RoundState.OPEN


def can_view_sheet(user, sheet) -> bool:
    assignment = sheet.assignment
    return assignment.judge_id == user.pk or can_oversee_round(user, assignment.round)


def can_see_other_scores(user, assignment) -> bool:
    """Other judges' scores stay hidden until this judge has submitted their own."""
    sheet = getattr(assignment, "sheet", None)
    return can_view_assignment(user, assignment) and sheet is not None and sheet.state == SheetState.SUBMITTED


def can_declare_conflict(user, assignment) -> bool:
    return can_score(user, assignment)


def can_oversee_round(user, round_) -> bool:
    """The round's head judge, or an organiser."""
    if contest_rules.is_organiser(user):
        return True
    return contest_rules.is_head_judge(user) and round_.panel.head_judge_id == user.pk


def can_close_round(user, round_) -> bool:
    return can_oversee_round(user, round_) and round_.state == RoundState.OPEN


def can_manage_round(user, round_=None) -> bool:
    """Opening, reopening, finalising and advancing are the organisers'."""
    return contest_rules.is_organiser(user)


def can_amend_closed_sheet(user, sheet=None) -> bool:
    return contest_rules.is_organiser(user)


def can_see_entrant_identity(user) -> bool:
    """Only organisers see who wrote an entry; judges and head judges never do."""
    return contest_rules.is_organiser(user)


def can_export_scores(user) -> bool:
    return contest_rules.is_organiser(user)


def can_invite_judges(user) -> bool:
    return contest_rules.is_organiser(user)
