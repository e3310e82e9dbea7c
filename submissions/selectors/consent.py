"""Reads of consent: which consents are in force, and what is still missing for an entry to be judged."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.selectors import age_on
from submissions.enums import MembershipState
from submissions.models import (
    GUARDIAN_CONSENT_BELOW_AGE,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    Entry,
    GuardianConsentRequest,
)

OWN_GIVERS = frozenset({ConsentGiver.ENTRANT, ConsentGiver.SCHOOL_PAPER})
GUARDIAN_GIVERS = frozenset({ConsentGiver.GUARDIAN, ConsentGiver.SCHOOL_PAPER})

# {user_id: {purpose: {giver, ...}}}
GiversByUser = dict[int, dict[str, set[str]]]


@dataclass(frozen=True)
class ConsentGap:
    person_id: int
    person_name: str
    who: str  # "entrant" or "guardian"

    @property
    def message(self) -> str:
        if self.who == "guardian":
            return _("Còn thiếu sự đồng ý của phụ huynh cho %(name)s.") % {"name": self.person_name}
        return _("Còn thiếu sự đồng ý của chính %(name)s.") % {"name": self.person_name}


def active_consents(*, user_ids: Iterable[int]) -> QuerySet[Consent]:
    return Consent.objects.filter(subject_id__in=list(user_ids), withdrawn_at__isnull=True)


def active_givers(*, user_ids: Iterable[int]) -> GiversByUser:
    """Who has given each purpose for each user, in one query."""
    result: GiversByUser = defaultdict(lambda: defaultdict(set))
    for subject_id, purpose, giver in active_consents(user_ids=user_ids).values_list(
        "subject_id", "purpose", "giver"
    ):
        result[subject_id][purpose].add(giver)
    return result


def needs_guardian(*, person, day) -> bool:
    """Under 16 on `day`; with no date of birth we ask for a guardian to be safe."""
    if person.date_of_birth is None:
        return True
    return age_on(date_of_birth=person.date_of_birth, day=day) < GUARDIAN_CONSENT_BELOW_AGE


def contest_closing_day(contest):
    return timezone.localdate(contest.closes_at)


def purpose_in_force(*, givers: set[str], guardian_needed: bool) -> bool:
    own = bool(givers & OWN_GIVERS)
    guardian = bool(givers & GUARDIAN_GIVERS)
    return own and (guardian or not guardian_needed)


def person_gaps(
    *, person, contest, givers: GiversByUser, purpose=ConsentPurpose.PARTICIPATION
) -> list[ConsentGap]:
    given = givers.get(person.pk, {}).get(purpose, set())
    name = person.full_name or _("thí sinh")
    gaps = []
    if not given & OWN_GIVERS:
        gaps.append(ConsentGap(person.pk, name, "entrant"))
    if needs_guardian(person=person, day=contest_closing_day(contest)) and not given & GUARDIAN_GIVERS:
        gaps.append(ConsentGap(person.pk, name, "guardian"))
    return gaps


def entry_people(entry) -> list:
    """The lead and every team member who accepted: each must consent to take part. An invited pupil
    who has not answered (or declined) is nobody's consent gap."""
    people = [entry.lead_entrant] if entry.lead_entrant_id else []
    people += [member.user for member in entry.team_members.all() if member.user_id and member.is_accepted]
    return people


def entry_consent_gaps(*, entry, givers: GiversByUser | None = None) -> list[ConsentGap]:
    """What is missing before `entry` may reach judges; empty when nothing is."""
    people = entry_people(entry)
    if givers is None:
        givers = active_givers(user_ids=[p.pk for p in people])
    gaps = []
    for person in people:
        gaps += person_gaps(person=person, contest=entry.contest, givers=givers)
    return gaps if people else [ConsentGap(0, _("thí sinh"), "entrant")]


def entries_touching(*, user) -> QuerySet[Entry]:
    """Entries `user` leads or joined (accepted), ready for `entry_consent_gaps`."""
    return (
        Entry.objects.filter(
            Q(lead_entrant=user) | Q(team_members__user=user, team_members__state=MembershipState.ACCEPTED)
        )
        .distinct()
        .select_related("contest", "lead_entrant")
        .prefetch_related("team_members__user")
    )


def consent_status_for_user(*, user) -> dict:
    """The entrant's consent page: per purpose, whether their own and a guardian's consent are in force."""
    givers = active_givers(user_ids=[user.pk]).get(user.pk, {})
    entries = list(entries_touching(user=user))
    today = timezone.localdate()
    days = [contest_closing_day(e.contest) for e in entries] or [today]
    guardian_needed = any(needs_guardian(person=user, day=day) for day in days)
    purposes = []
    for purpose in ConsentPurpose:
        given = givers.get(purpose, set())
        purposes.append(
            {
                "purpose": purpose,
                "own": bool(given & OWN_GIVERS),
                "guardian": bool(given & GUARDIAN_GIVERS),
                "paper": ConsentGiver.SCHOOL_PAPER in given,
                "in_force": purpose_in_force(givers=given, guardian_needed=guardian_needed),
            }
        )
    all_givers = active_givers(user_ids={p.pk for e in entries for p in entry_people(e)} | {user.pk})
    return {
        "guardian_needed": guardian_needed,
        "purposes": purposes,
        "entries": [(e, entry_consent_gaps(entry=e, givers=all_givers)) for e in entries],
        "live_request": live_guardian_request(entrant=user),
    }


def live_guardian_request(*, entrant) -> GuardianConsentRequest | None:
    return GuardianConsentRequest.objects.filter(entrant=entrant, revoked_at__isnull=True).first()


def has_public_consent(*, user, purpose: str, contest=None) -> bool:
    """For publishing: may `user`'s work (DISPLAY_WORK) or name and school (DISPLAY_IDENTITY) be shown?"""
    given = active_givers(user_ids=[user.pk]).get(user.pk, {}).get(purpose, set())
    day = contest_closing_day(contest) if contest is not None else timezone.localdate()
    participation = (
        active_givers(user_ids=[user.pk]).get(user.pk, {}).get(ConsentPurpose.PARTICIPATION, set())
    )
    guardian_needed = needs_guardian(person=user, day=day)
    return purpose_in_force(givers=given, guardian_needed=guardian_needed) and purpose_in_force(
        givers=participation, guardian_needed=guardian_needed
    )
