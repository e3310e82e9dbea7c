"""Who may see and change entries and files, and use the coordinator and screening screens. Every such
check goes through a predicate here; consent, data rights and safeguarding have theirs in privacy.rules."""

from contest.enums import Role
from contest.rules import is_coordinator, is_entrant, is_organiser
from privacy.rules import can_manage_pupil, is_confirmed_pupil_of
from submissions.enums import EntryState, MembershipState

__all__ = ["can_manage_pupil", "is_confirmed_pupil_of"]


def _is_team_member(user, entry) -> bool:
    """Only a member who accepted the invitation from their own account."""
    members = getattr(entry, "_prefetched_objects_cache", {}).get("team_members")
    if members is not None:
        return any(member.user_id == user.pk and member.is_accepted for member in members)
    return entry.team_members.filter(user_id=user.pk, state=MembershipState.ACCEPTED).exists()


def _is_coordinator_of_lead(user, entry) -> bool:
    """The coordinator of the school the lead's claim to which that coordinator confirmed."""
    lead = entry.lead_entrant
    return is_coordinator(user) and lead is not None and is_confirmed_pupil_of(user, lead)


def is_entry_participant(user, entry) -> bool:
    """The lead, or a team member who accepted the invitation."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if entry.lead_entrant_id == user.pk:
        return True
    return is_entrant(user) and _is_team_member(user, entry)


def can_view_entry(user, entry) -> bool:
    return is_entry_participant(user, entry)


def is_submitting_on_behalf(user, entry) -> bool:
    """A coordinator putting together a pupil's entry in the one on-behalf request: their own draft only.
    Once submitted the entry is the pupil's; the coordinator no longer changes or withdraws it."""
    return (
        entry.state == EntryState.DRAFT
        and entry.submitted_by_id is not None
        and entry.submitted_by_id == getattr(user, "pk", None)
        and _is_coordinator_of_lead(user, entry)
    )


def can_edit_entry(user, entry) -> bool:
    """Who may change the work; whether the entry is still open to changes is the services' question."""
    return is_entry_participant(user, entry) or is_submitting_on_behalf(user, entry)


def can_view_renditions(user, entry) -> bool:
    """Coordinators see their confirmed pupils' work as judges do: scrubbed renditions, never originals."""
    return can_view_entry(user, entry) or _is_coordinator_of_lead(user, entry)


def can_withdraw_entry(user, entry) -> bool:
    """Only the lead takes an entry out of the contest; a member who no longer wants it leaves the team."""
    return bool(user and user.is_authenticated and user.is_active) and entry.lead_entrant_id == user.pk


def can_join_teams(user) -> bool:
    return is_entrant(user)


def can_answer_invitation(user, member) -> bool:
    """The invited pupil alone: by their account, or by the address the lead typed before they had one."""
    if not is_entrant(user):
        return False
    if member.user_id is not None:
        return member.user_id == user.pk
    return bool(member.email) and member.email.lower() == user.email.lower()


def can_download_original(user, asset) -> bool:
    return is_organiser(user) or is_entry_participant(user, asset.entry)


def can_coordinate_school(user) -> bool:
    return is_coordinator(user)


def can_decide_school_claim(user, pupil) -> bool:
    """The coordinator of the school a pupil claims confirms or rejects the claim."""
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


def can_preview_entry(user, entry) -> bool:
    """The entrant's preview of the work as judges will see it: the lead and team members only."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if entry.lead_entrant_id == user.pk:
        return True
    return is_entrant(user) and _is_team_member(user, entry)
