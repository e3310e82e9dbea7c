"""Reads for publication: the winners a results page lists, who may be shown, which entries a takedown
concerns and the pages of a contest. Every read here is a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from privacy.enums import ConsentPurpose
from privacy.selectors import active_givers, needs_guardian, purpose_in_force, school_confirmation_required
from results.models import Award, ContestResult
from submissions.enums import EntryState, MembershipState
from submissions.models import Entry

# States in which an entry is no longer anyone's to show, whatever its award says.
NOT_SHOWN_STATES = frozenset({EntryState.WITHDRAWN, EntryState.DISQUALIFIED})


@dataclass(frozen=True)
class Winner:
    award: Award
    entry: Entry


@dataclass(frozen=True)
class DivisionWinners:
    division: object
    winners: list[Winner]


def _people(entry: Entry) -> list:
    people = [entry.lead_entrant]
    people += [m.user for m in entry.team_members.all() if m.state == MembershipState.ACCEPTED and m.user]
    return people


def display_allowed(entries: list[Entry], *, purpose: str = ConsentPurpose.DISPLAY_WORK) -> set[int]:
    """Ids of the entries every person of which (lead and accepted team members) has `purpose` and
    participation in force today, with a guardian's consent where one is needed. Two queries."""
    people = {entry.pk: _people(entry) for entry in entries}
    user_ids = {person.pk for group in people.values() for person in group}
    givers = active_givers(user_ids=user_ids)
    required = school_confirmation_required()
    today = timezone.localdate()
    allowed = set()
    for entry in entries:
        if entry.state in NOT_SHOWN_STATES:
            continue
        ok = True
        for person in people[entry.pk]:
            mine = givers.get(person.pk, {})
            guardian = needs_guardian(person=person, day=today)
            if not all(
                purpose_in_force(
                    givers=mine.get(p, set()), guardian_needed=guardian, confirmation_required=required
                )
                for p in (purpose, ConsentPurpose.PARTICIPATION)
            ):
                ok = False
                break
        if ok:
            allowed.add(entry.pk)
    return allowed


def awards_of(*, result: ContestResult):
    return (
        Award.objects.filter(result=result)
        .select_related("division", "entry", "entry__lead_entrant", "entry__lead_entrant__school")
        .prefetch_related("entry__team_members__user")
        .order_by("division__min_age", "division_id", "position", "pk")
    )


def public_winners(*, contest_id: int) -> list[DivisionWinners]:
    """The winners a public results page lists, per division in prize order: only entries still in the
    contest whose people allow their work to be shown. Names are the page's business (credit by consent)."""
    result = ContestResult.objects.filter(contest_id=contest_id).first()
    if result is None:
        return []
    awards = list(awards_of(result=result))
    allowed = display_allowed([a.entry for a in awards])
    by_division: dict[int, list[Winner]] = defaultdict(list)
    divisions = {}
    for award in awards:
        if award.entry_id in allowed:
            divisions[award.division_id] = award.division
            by_division[award.division_id].append(Winner(award=award, entry=award.entry))
    return [DivisionWinners(division=divisions[pk], winners=by_division[pk]) for pk in divisions]


def showable_entries(*, result: ContestResult) -> list[Entry]:
    """The awarded entries whose files may be copied to the public store now."""
    entries = [a.entry for a in awards_of(result=result)]
    allowed = display_allowed(entries)
    return [entry for entry in entries if entry.pk in allowed]


def awarded_entries_of_person(*, user_id: int) -> list[Entry]:
    """Every awarded entry `user_id` leads or is a team member of (a takedown's scope)."""
    return list(
        Entry.objects.filter(award__isnull=False)
        .filter(Q(lead_entrant_id=user_id) | Q(team_members__user_id=user_id))
        .distinct()
        .select_related("lead_entrant", "award", "award__result", "contest")
        .prefetch_related("team_members__user")
    )
