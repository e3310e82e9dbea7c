"""Factories of the campaign report: reporting periods, schools' activity reports, help reports of past
months (the campaign report counts complete months only)."""

import uuid
from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from helpline.enums import ReportState
from helpline.models import Report
from reports.models import ActivityReport, ReportingPeriod
from tests.factories import CampaignFactory


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Học kỳ {n} – tuyên truyền an toàn trực tuyến")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class ActivityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReport

    period = factory.SubFactory(ReportingPeriodFactory)
    school = factory.SubFactory("tests.factories.SchoolFactory")
    talks_held = 2
    participants = 300
    posters_displayed = 5
    workshops = 1
    held_on = factory.LazyFunction(timezone.localdate)
    description = (
        "Buổi nói chuyện “Không một mình” dưới cờ, chi đoàn trình bày tiểu phẩm về lừa đảo qua mạng."
    )


def months_ago(months: int, *, day: int = 10):
    """A moment on `day` of the month `months` before the current one, in the site's time zone."""
    first = timezone.localdate().replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    return timezone.make_aware(datetime.combine(first.replace(day=day), time(10, 30)))


def help_report(*, at, concerns=("scam",), urgency="normal", outcome="", state=None) -> Report:
    if state is None:
        state = ReportState.CLOSED if outcome else ReportState.NEW
    return Report.objects.create(
        code_digest=uuid.uuid4().hex,
        concerns=list(concerns),
        urgency=urgency,
        outcome=outcome,
        state=state,
        created_at=at,
        due_at=at + timedelta(hours=4),
    )
