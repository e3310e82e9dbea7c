"""Keeping `Entry.consent_complete` true exactly when every consent needed to take part and be judged is
in force. Registered with privacy as a consent listener, so it runs inside the transaction of every
consent change; entry services call it after creating an entry or changing its team.

A withdrawal of purpose (1) takes the entry out of judging by clearing `consent_complete` (judging and
screening filter on it); the entry keeps its state, so if consent is given again it comes back without a
new screening. A withdrawn entry is never complete.
"""

from django.db import transaction
from django.db.models import Q

from privacy.selectors import active_givers, school_confirmation_required
from submissions.models import Entry
from submissions.selectors.consent import entry_consent_gaps, entry_people


def _set_complete(entries: list[Entry]) -> int:
    givers = active_givers(user_ids={p.pk for e in entries for p in entry_people(e)})
    required = school_confirmation_required()
    complete = {
        e.pk
        for e in entries
        if not entry_consent_gaps(entry=e, givers=givers, confirmation_required=required)
    }
    incomplete = [e.pk for e in entries if e.pk not in complete]
    changed = Entry.objects.filter(pk__in=complete, consent_complete=False).update(consent_complete=True)
    changed += Entry.objects.filter(pk__in=incomplete, consent_complete=True).update(consent_complete=False)
    return changed


@transaction.atomic
def refresh_consent_complete(*, user) -> int:
    """Recomputes `consent_complete` on every entry `user` leads or is a team member of, in two bulk
    updates; returns how many entries changed. Sends nothing."""
    entries = list(
        Entry.objects.filter(Q(lead_entrant=user) | Q(team_members__user=user))
        .distinct()
        .select_related("contest", "lead_entrant")
        .prefetch_related("team_members__user")
    )
    return _set_complete(entries)


@transaction.atomic
def refresh_entry_consent(*, entry: Entry) -> Entry:
    """Recomputes `consent_complete` for one entry (call after creating it or changing its team)."""
    fresh = (
        Entry.objects.select_related("contest", "lead_entrant")
        .prefetch_related("team_members__user")
        .get(pk=entry.pk)
    )
    _set_complete([fresh])
    entry.refresh_from_db(fields=["consent_complete"])
    return entry
