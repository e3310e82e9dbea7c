"""Reads of the campaign report: the counts behind the figures (a fixed number of queries, whatever the
number of schools), the schools' reporting status and the coordinator's own report."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from contest.enums import Role, SchoolClaim, SchoolLevel
from contest.models import Campaign, School, User
from reports.enums import ReportAction
from reports.models import ActivityReport, ReportEvent, ReportingPeriod
from reports.registry import memoised
from submissions.enums import EntryState, MembershipState
from submissions.models import Entry, TeamMember


def current_campaign() -> Campaign | None:
    return Campaign.objects.order_by("-starts_on", "-pk").first()


def _bounds(since: date | None, until: date | None):
    start = timezone.make_aware(datetime.combine(since, time.min)) if since else None
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min)) if until else None
    return start, end


def live_entries(*, campaign, since=None, until=None) -> QuerySet[Entry]:
    """The campaign's entries that count: every one not withdrawn (drafts included, as on the
    participation page), created within the dates when given."""
    entries = Entry.objects.filter(contest__campaign=campaign).exclude(state=EntryState.WITHDRAWN)
    start, end = _bounds(since, until)
    if start:
        entries = entries.filter(created_at__gte=start)
    if end:
        entries = entries.filter(created_at__lt=end)
    return entries


def entrant_ids(*, campaign, since=None, until=None) -> QuerySet:
    """Everyone who takes part in a live entry: its lead and the team members who accepted."""
    entries = live_entries(campaign=campaign, since=since, until=until)
    members = TeamMember.objects.filter(entry__in=entries, state=MembershipState.ACCEPTED).values("user_id")
    return User.objects.filter(Q(pk__in=entries.values("lead_entrant_id")) | Q(pk__in=members)).values("pk")


def target_schools() -> QuerySet[School]:
    """The schools the campaign aims to reach: all of the city's, the 100 % target."""
    return School.objects.exclude(level=SchoolLevel.OUTSIDE)


def schools_with_counts(*, campaign, since=None, until=None) -> list[School]:
    """Every target school with its entrants, entries, entries with consent complete and its activity
    report figures; one query."""
    return memoised(
        ("schools", campaign.pk, since, until), lambda: _schools_with_counts(campaign, since, until)
    )


def _schools_with_counts(campaign, since, until) -> list[School]:
    entries = live_entries(campaign=campaign, since=since, until=until)
    entrants = entrant_ids(campaign=campaign, since=since, until=until)
    in_school = Q(members__role=Role.ENTRANT) & ~Q(members__school_status=SchoolClaim.REJECTED)
    reports = ActivityReport.objects.filter(school=OuterRef("pk"), period__campaign=campaign)
    if since:
        reports = reports.filter(held_on__gte=since)
    if until:
        reports = reports.filter(held_on__lte=until)

    def report_sum(field):
        summed = reports.order_by().values("school").annotate(n=Sum(field)).values("n")
        return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))

    return list(
        target_schools()
        .annotate(
            entrants=Count("members", filter=in_school & Q(members__pk__in=entrants), distinct=True),
            entries=Count(
                "members__led_entries", filter=in_school & Q(members__led_entries__in=entries), distinct=True
            ),
            entries_consent=Count(
                "members__led_entries",
                filter=in_school
                & Q(members__led_entries__in=entries)
                & Q(members__led_entries__consent_complete=True),
                distinct=True,
            ),
            reported=Exists(reports),
            talks=report_sum("talks_held"),
            participants=report_sum("participants"),
            posters=report_sum("posters_displayed"),
            workshops=report_sum("workshops"),
            flagged=Exists(reports.filter(implausible=True)),
            coordinators=Count(
                "members",
                filter=Q(members__role=Role.COORDINATOR, members__is_active=True)
                & ~Q(members__password__startswith=UNUSABLE_PASSWORD_PREFIX),
                distinct=True,
            ),
        )
        .order_by("ward", "name", "pk")
    )


def taking_part(school) -> bool:
    return bool(school.entrants or school.entries)


def entries_by_contest_division(*, campaign, since=None, until=None) -> list[dict]:
    return memoised(
        ("entries", campaign.pk, since, until), lambda: _entries_by_contest_division(campaign, since, until)
    )


def _entries_by_contest_division(campaign, since, until) -> list[dict]:
    return list(
        live_entries(campaign=campaign, since=since, until=until)
        .values("contest_id", "contest__title", "division__name", "state")
        .annotate(n=Count("pk"))
        .order_by("contest__title", "contest_id", "division__name", "state")
    )


def entries_by_month(*, campaign, since=None, until=None) -> list[dict]:
    return list(
        live_entries(campaign=campaign, since=since, until=until)
        .filter(submitted_at__isnull=False)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )


def consent_counts(*, campaign, since=None, until=None) -> dict:
    """Entries past the draft (the ones that need consent to reach judges), and how many have it."""
    submitted = live_entries(campaign=campaign, since=since, until=until).exclude(state=EntryState.DRAFT)
    return memoised(
        ("consent", campaign.pk, since, until),
        lambda: submitted.aggregate(total=Count("pk"), complete=Count("pk", filter=Q(consent_complete=True))),
    )


# --- schools' activity reporting -------------------------------------------------------------------


def open_periods_for(*, school) -> list[ReportingPeriod]:
    """Periods of campaigns a coordinator reports for, newest first, with the school's report if any."""
    reports = ActivityReport.objects.filter(period=OuterRef("pk"), school=school)
    return list(
        ReportingPeriod.objects.select_related("campaign")
        .annotate(report_id=Subquery(reports.values("pk")[:1]))
        .order_by("-starts_on", "pk")
    )


def report_of(*, period, school) -> ActivityReport | None:
    return ActivityReport.objects.filter(period=period, school=school).prefetch_related("photos").first()


def reporting_status(*, period) -> list[School]:
    """Every target school with its report in `period` (or none) and when it was last reminded; three
    queries whatever the number of schools."""
    reports = ActivityReport.objects.filter(period=period, school=OuterRef("pk"))
    reminders = ReportEvent.objects.filter(period=period, school=OuterRef("pk"), action=ReportAction.REMINDED)
    schools = list(
        target_schools()
        .annotate(
            report_pk=Subquery(reports.values("pk")[:1]),
            report_updated=Subquery(reports.values("updated_at")[:1]),
            report_flagged=Subquery(reports.values("implausible")[:1]),
            report_participants=Subquery(reports.values("participants")[:1]),
            last_reminded=Subquery(
                reminders.order_by().values("school").annotate(last=Max("at")).values("last")
            ),
            coordinators=Count(
                "members", filter=Q(members__role=Role.COORDINATOR, members__is_active=True), distinct=True
            ),
        )
        .order_by(F("report_pk").asc(nulls_first=True), "ward", "name", "pk")
    )
    return schools


def schools_not_reported(*, period) -> QuerySet[School]:
    return target_schools().exclude(activity_reports__period=period)


def coordinators_of(*, school_ids) -> QuerySet[User]:
    return User.objects.filter(role=Role.COORDINATOR, is_active=True, school_id__in=school_ids).order_by("pk")
