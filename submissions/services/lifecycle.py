"""The one place an entry changes state (DESIGN.md §3)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import InvalidTransition
from submissions.enums import ENTRY_TRANSITIONS, EntryState
from submissions.models import Entry, EntryEvent


@transaction.atomic
def transition_entry(*, entry: Entry, to_state: str, actor=None, reason: str = "") -> Entry:
    """Moves `entry` to `to_state` if the table allows it, and writes an audit row.

    Locks the row first, so two requests cannot both move it. A move to SUBMITTED stamps the time and
    counts a new version. Mail and jobs are the caller's, deferred with `transaction.on_commit`.
    """
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    from_state = locked.state
    if to_state not in ENTRY_TRANSITIONS[from_state]:
        raise InvalidTransition(
            _("Không thể chuyển bài dự thi từ “%(src)s” sang “%(dst)s”.")
            % {"src": EntryState(from_state).label, "dst": EntryState(to_state).label}
        )
    locked.state = to_state
    if to_state == EntryState.SUBMITTED:
        locked.submitted_at = timezone.now()
        locked.version += 1
        locked.return_reason = ""
    if to_state == EntryState.RETURNED:
        locked.return_reason = reason
    if to_state == EntryState.WITHDRAWN:
        # A withdrawn entry is out of the contest: no consent summary may count it as ready to judge.
        locked.consent_complete = False
    locked.save(
        update_fields=["state", "submitted_at", "version", "return_reason", "consent_complete", "updated_at"]
    )
    EntryEvent.objects.create(
        entry=locked,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        version=locked.version,
    )
    entry.refresh_from_db()
    return entry
