"""Who may see and change entries and files, and use the consent, coordinator, screening, safeguarding and
data-rights screens. Every such check goes through a predicate here."""

from contest.enums import Role
from contest.rules import is_coordinator, is_entrant, is_organiser, is_safeguarding_officer


def _is_team_member(user, entry) -> bool:
    members = getattr(entry, "_prefetched_objects_cache", {}).get("team_members")
    if members is not None:
        return any(member.user_id == user.pk for member in members)
    return entry.team_members.filter(user_id=user.pk).exists()


def _is_coordinator_of_lead(user, entry) -> bool:
    lead = entry.lead_entrant
    return is_coordinator(user) and lead is not None and lead.school_id == user.school_id


def is_entry_participant(user, entry) -> bool:
    """The lead, a team member with an account, or the coordinator of the lead's school."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if entry.lead_entrant_id == user.pk:
        return True
    if _is_coordinator_of_lead(user, entry):
        return True
    return is_entrant(user) and _is_team_member(user, entry)


def can_view_entry(user, entry) -> bool:
    return is_entry_participant(user, entry)


def can_edit_entry(user, entry) -> bool:
    """Who may change the work; whether the entry is still open to changes is the services' question."""
    return is_entry_participant(user, entry)


def can_download_original(user, asset) -> bool:
    return is_organiser(user) or is_entry_participant(user, asset.entry)


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


def can_preview_entry(user, entry) -> bool:
    """The entrant's preview of the work as judges will see it: the lead and team members only."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if entry.lead_entrant_id == user.pk:
        return True
    return is_entrant(user) and _is_team_member(user, entry)
