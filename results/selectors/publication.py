"""Reads for publication: the winners a results page lists (credited by consent through
`results.credits`), the entries a go-live or a takedown concerns, and the public addresses to purge.
Every read here is a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import storages
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import translation

from results.credits import Credit, consents_for, entry_credit
from results.models import Award, ContestResult, PublicEntry, PublicFile
from submissions.enums import EntryState, MembershipState
from submissions.models import Entry, TeamMember
from submissions.selectors.consent import entry_people


@dataclass(frozen=True)
class Winner:
    award: Award
    entry: Entry
    credit: Credit
    public_key: str  # the gallery's public address of the work ("" until its files are public)
    title: str  # the screened title judges read (a pupil may have typed her name into the original)


@dataclass(frozen=True)
class DivisionWinners:
    division: object
    winners: list[Winner]


def awards_of(*, result: ContestResult):
    members = TeamMember.objects.filter(state=MembershipState.ACCEPTED).select_related("user__school")
    return (
        Award.objects.filter(result=result)
        .exclude(entry__state=EntryState.WITHDRAWN)
        .select_related("division", "entry__contest", "entry__lead_entrant__school", "entry__public_entry")
        .prefetch_related(Prefetch("entry__team_members", queryset=members))
        .order_by("division__min_age", "division_id", "position", "pk")
    )


def public_winners(*, contest_id: int) -> list[DivisionWinners]:
    """The winners a results page lists, per division in prize order: entries still in the contest whose
    people allow their work to be shown, each with the credit their consents allow."""
    result = ContestResult.objects.filter(contest_id=contest_id).first()
    if result is None:
        return []
    awards = list(awards_of(result=result))
    people = {award.pk: entry_people(award.entry) for award in awards}
    givers, confirmation_required = consents_for(p for group in people.values() for p in group)
    by_division: dict[int, list[Winner]] = defaultdict(list)
    divisions = {}
    for award in awards:
        credit = entry_credit(
            entry=award.entry,
            people=people[award.pk],
            givers=givers,
            confirmation_required=confirmation_required,
        )
        if not credit.work_public:
            continue
        public = getattr(award.entry, "public_entry", None)
        divisions[award.division_id] = award.division
        by_division[award.division_id].append(
            Winner(
                award=award,
                entry=award.entry,
                credit=credit,
                public_key=public.key if public else "",
                title=public.title if public else "",
            )
        )
    return [DivisionWinners(division=divisions[pk], winners=by_division[pk]) for pk in divisions]


def entries_to_publish(*, result: ContestResult, missing_only: bool = False) -> list[Entry]:
    """The awarded entries still in the contest (the gallery's copy service checks their consents);
    with `missing_only`, those not public yet."""
    entries = Entry.objects.filter(award__result=result).exclude(state=EntryState.WITHDRAWN)
    if missing_only:
        entries = entries.filter(public_entry__isnull=True)
    return list(entries.order_by("award__division__min_age", "award__position", "pk"))


def awarded_entries_of_person(*, user_id: int) -> list[Entry]:
    """Every awarded entry `user_id` leads or is a team member of (the scope of a consent change)."""
    return list(
        Entry.objects.filter(award__isnull=False)
        .filter(Q(lead_entrant_id=user_id) | Q(team_members__user_id=user_id))
        .distinct()
        .select_related("contest")
    )


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def public_addresses_of_entry(*, entry: Entry) -> list[str]:
    """Every public address that shows `entry` on its own: its page and share image in each language, and
    each of its public files."""
    public = PublicEntry.objects.filter(entry=entry).first()
    if public is None:
        return []
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls.append(_absolute(reverse("gallery:entry", args=[public.key])))
            urls.append(_absolute(reverse("gallery:share_image", args=[public.key])))
    storage = storages["default"]
    keys = PublicFile.objects.filter(public_entry=public).values_list("key", flat=True)
    urls += [_absolute(storage.url(key)) for key in keys]
    if public.cover_key:
        urls.append(_absolute(storage.url(public.cover_key)))
    return sorted(set(urls))


def campaign_gallery_urls() -> list[str]:
    """The gallery's own list (every contest's winners), in each language."""
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls.append(_absolute(reverse("gallery:list")))
    return urls
