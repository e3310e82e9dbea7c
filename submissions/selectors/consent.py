"""Consent as entries see it: who must consent for an entry, and what is still missing before it may be
judged. The consents themselves live in privacy; this module only asks privacy's selectors."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from privacy.registry import Participation
from privacy.selectors import ConsentGap, GiversByUser, people_gaps
from submissions.enums import EntryState, MembershipState
from submissions.models import Entry


def contest_closing_day(contest):
    return timezone.localdate(contest.closes_at)


def entry_people(entry) -> list:
    """The lead and every team member who accepted: each must consent to take part. An invited pupil
    who has not answered (or declined) is nobody's consent gap."""
    people = [entry.lead_entrant] if entry.lead_entrant_id else []
    people += [member.user for member in entry.team_members.all() if member.user_id and member.is_accepted]
    return people


def entry_consent_gaps(
    *, entry, givers: GiversByUser | None = None, confirmation_required: bool | None = None
) -> list[ConsentGap]:
    """What is missing before `entry` may reach judges; empty when nothing is. A withdrawn entry never
    reaches judges, so it is never without gaps."""
    if entry.state == EntryState.WITHDRAWN:
        return [ConsentGap(0, "", "withdrawn")]
    return people_gaps(
        people=entry_people(entry),
        day=contest_closing_day(entry.contest),
        givers=givers,
        confirmation_required=confirmation_required,
    )


def entries_touching(*, user, include_withdrawn: bool = False) -> QuerySet[Entry]:
    """Entries `user` leads or joined (accepted), ready for `entry_consent_gaps`."""
    entries = Entry.objects.filter(
        Q(lead_entrant=user) | Q(team_members__user=user, team_members__state=MembershipState.ACCEPTED)
    )
    if not include_withdrawn:
        entries = entries.exclude(state=EntryState.WITHDRAWN)
    return (
        entries.distinct()
        .select_related("contest", "lead_entrant")
        .prefetch_related("team_members__user")
        .order_by("pk")
    )


def entry_participations(*, user) -> list[Participation]:
    """The entries still in the running that `user` takes part in, as privacy sees them (registered as a
    participation source): withdrawn entries count for nothing."""
    return [
        Participation(
            label=f"{entry.code} – {entry.contest.title}",
            title=entry.contest.title,
            day=contest_closing_day(entry.contest),
            people=tuple(entry_people(entry)),
            key=entry.code,
        )
        for entry in entries_touching(user=user)
    ]
