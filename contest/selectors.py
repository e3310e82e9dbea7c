"""Reads of contest data, shaped for the pages that show them."""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from contest.enums import PRIZE_TIER_ORDER, Role
from contest.formats import format_for
from contest.models import Contest, Division, Prize, School, SchoolAlias, User
from contest.school_names import fold_school_name, similarity

# A typed name is matched to a listed school on its own only when this sure, and clearly surer than
# for any other school; below that it waits for an organiser to merge it.
AUTO_MATCH_SCORE = 90
AUTO_MATCH_MARGIN = 5
SUGGESTION_SCORE = 60


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


def _listed_schools() -> list[tuple[School, str]]:
    return [(school, fold_school_name(school.name)) for school in School.objects.only("id", "name", "code")]


def school_suggestions(typed: str, *, limit: int = 3, listed=None) -> list[tuple[School, float]]:
    """The listed schools a typed name most likely means, surest first."""
    folded = fold_school_name(typed)
    if not folded:
        return []
    listed = _listed_schools() if listed is None else listed
    scored = [(school, similarity(folded, name)) for school, name in listed]
    scored = [(school, score) for school, score in scored if score >= SUGGESTION_SCORE]
    scored.sort(key=lambda pair: (-pair[1], pair[0].name))
    return scored[:limit]


def match_typed_school(typed: str) -> School | None:
    """The listed school a typed name means: one an organiser merged it into, else a sure fuzzy match."""
    folded = fold_school_name(typed)
    if not folded:
        return None
    alias = SchoolAlias.objects.select_related("school").filter(folded=folded).first()
    if alias is not None:
        return alias.school
    best = school_suggestions(typed, limit=2)
    if not best or best[0][1] < AUTO_MATCH_SCORE:
        return None
    if len(best) > 1 and best[1][1] > best[0][1] - AUTO_MATCH_MARGIN:
        return None
    return best[0][0]


def typed_school_groups() -> list[dict]:
    """Pupils whose typed school matches no listed one, grouped by the folded name, with suggestions
    for the organisers' merge screen; the most pupils first."""
    groups: dict[str, dict] = {}
    pupils = (
        User.objects.filter(role=Role.ENTRANT, school__isnull=True)
        .exclude(school_other="")
        .only("pk", "school_other")
    )
    for pupil in pupils:
        folded = fold_school_name(pupil.school_other)
        if not folded:
            continue
        group = groups.setdefault(folded, {"folded": folded, "names": set(), "pupils": 0})
        group["names"].add(pupil.school_other.strip())
        group["pupils"] += 1
    listed = _listed_schools()
    rows = []
    for group in sorted(groups.values(), key=lambda g: (-g["pupils"], g["folded"])):
        names = sorted(group["names"])
        rows.append(
            {
                **group,
                "names": names,
                "typed_name": names[0],
                "suggestions": school_suggestions(names[0], listed=listed),
            }
        )
    return rows
