"""Reads of contest data, shaped for the pages that show them."""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from contest.enums import PRIZE_TIER_ORDER
from contest.formats import format_for
from contest.models import Contest, Division, Prize, School


def _tier_rank():
    return Case(
        *[When(tier=tier, then=Value(rank)) for rank, tier in enumerate(PRIZE_TIER_ORDER)],
        output_field=IntegerField(),
    )


def contests_for_listing(*, campaign=None) -> QuerySet[Contest]:
    """Contests with their campaign, divisions and prizes loaded in a fixed number of queries."""
    queryset = Contest.objects.select_related("campaign").prefetch_related(
        Prefetch("divisions", queryset=Division.objects.order_by("min_age")),
        Prefetch(
            "prizes",
            queryset=Prize.objects.select_related("division").order_by("division__min_age", _tier_rank()),
        ),
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset.order_by("closes_at", "title")


def open_contests(*, now=None) -> QuerySet[Contest]:
    now = now or timezone.now()
    return contests_for_listing().filter(opens_at__lte=now, closes_at__gt=now)


def is_contest_open(*, contest: Contest, now=None) -> bool:
    now = now or timezone.now()
    return contest.opens_at <= now < contest.closes_at


def schools_for_registration() -> QuerySet[School]:
    return School.objects.order_by("name").only("id", "name", "ward")


def divisions_for_age(*, campaign, age: int) -> QuerySet[Division]:
    return Division.objects.filter(campaign=campaign, min_age__lte=age, max_age__gte=age)


def age_on(*, date_of_birth, day) -> int:
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def format_rules_in_words(contest: Contest) -> list[str]:
    """The contest's format limits as short sentences for entrants: only those that apply to its kinds."""
    return format_for(contest).sentences()
