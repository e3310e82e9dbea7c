"""Reads for school coordinators and for the organisers' city-wide participation view."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from contest.enums import Role, SchoolClaim
from contest.models import School, User
from privacy.enums import ConsentPurpose
from privacy.selectors import (
    GUARDIAN_GIVERS,
    OWN_GIVERS,
    active_givers,
    needs_guardian,
    purpose_in_force,
    school_confirmation_required,
)
from submissions.enums import EntryState
from submissions.models import Entry

_LIVE = ~Q(state=EntryState.WITHDRAWN)


def school_pupils(*, school: School) -> QuerySet[User]:
    """Entrants whose claim to `school` its coordinator confirmed, with their entry counts; ready for
    PupilFilterSet. Only what the notice to parents lists is loaded: name, class, consent, entries."""
    missing = Entry.objects.filter(lead_entrant=OuterRef("pk"), consent_complete=False).filter(_LIVE)
    return (
        User.objects.filter(role=Role.ENTRANT, school=school, school_status=SchoolClaim.CONFIRMED)
        .only("pk", "full_name", "class_name", "date_of_birth", "school_id", "school_status", "role")
        .annotate(
            entries_total=Count(
                "led_entries", filter=~Q(led_entries__state=EntryState.WITHDRAWN), distinct=True
            ),
            has_missing_consent=Exists(missing),
        )
        .order_by("class_name", "full_name", "pk")
    )


def pupil_rows(pupils) -> list[dict]:
    """One row per pupil with the state of each purpose today; one query for all consents."""
    pupils = list(pupils)
    givers = active_givers(user_ids=[p.pk for p in pupils])
    today = timezone.localdate()
    required = school_confirmation_required()
    rows = []
    for pupil in pupils:
        given = givers.get(pupil.pk, {})
        guardian_needed = needs_guardian(person=pupil, day=today)
        purposes = []
        for purpose in ConsentPurpose:
            who = given.get(purpose, set())
            purposes.append(
                {
                    "purpose": purpose,
                    "own": bool(who & OWN_GIVERS),
                    "guardian": bool(who & GUARDIAN_GIVERS),
                    "in_force": purpose_in_force(
                        givers=who, guardian_needed=guardian_needed, confirmation_required=required
                    ),
                }
            )
        rows.append({"pupil": pupil, "guardian_needed": guardian_needed, "purposes": purposes})
    return rows


def school_claims(*, school: School) -> QuerySet[User]:
    """Entrants who say they belong to `school` but whom its coordinator has not confirmed: the
    coordinator sees their name only, to confirm or reject the claim."""
    return (
        User.objects.filter(role=Role.ENTRANT, school=school)
        .exclude(school_status=SchoolClaim.CONFIRMED)
        .only("pk", "full_name", "school_status")
        .order_by("school_status", "full_name", "pk")
    )


def school_entries(*, school: School) -> QuerySet[Entry]:
    """Entries led by confirmed pupils of `school`, for the coordinator's table and export."""
    return (
        Entry.objects.filter(
            lead_entrant__school=school,
            lead_entrant__role=Role.ENTRANT,
            lead_entrant__school_status=SchoolClaim.CONFIRMED,
        )
        .select_related("contest", "division", "lead_entrant")
        .order_by("contest__title", "code")
    )


def participation_by_school() -> QuerySet[School]:
    """Every school in the registry, including those with nothing yet, with pupils registered, live
    entries and entries whose consent to take part is complete."""
    return School.objects.annotate(
        pupils=Count("members", filter=Q(members__role=Role.ENTRANT), distinct=True),
        entries=Count(
            "members__led_entries",
            filter=Q(members__role=Role.ENTRANT) & ~Q(members__led_entries__state=EntryState.WITHDRAWN),
            distinct=True,
        ),
        entries_consent_complete=Count(
            "members__led_entries",
            filter=Q(members__role=Role.ENTRANT)
            & ~Q(members__led_entries__state=EntryState.WITHDRAWN)
            & Q(members__led_entries__consent_complete=True),
            distinct=True,
        ),
    ).order_by("name")


def consent_percent(school) -> int:
    if not school.entries:
        return 0
    return round(100 * school.entries_consent_complete / school.entries)
