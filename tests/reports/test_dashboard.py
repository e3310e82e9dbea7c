"""The organisers' city dashboard: who sees it, its charts' data, and a query count that does not grow with
the number of schools."""

import json

import pytest
from django.urls import reverse

from submissions.enums import EntryState
from tests.factories import (
    ContestFactory,
    CoordinatorFactory,
    EntrantFactory,
    EntryFactory,
    JudgeFactory,
    OrganiserFactory,
    SchoolFactory,
)
from tests.factories.reports import ActivityReportFactory, help_report, months_ago

pytestmark = pytest.mark.django_db


def _city(campaign, period, schools: int):
    contest = ContestFactory(campaign=campaign, title="Video “Không một mình”")
    wards = ["Phường Bến Thành", "Phường Sài Gòn", "Phường Tân Định", "Xã Cần Giờ"]
    for n in range(schools):
        school = SchoolFactory(name=f"THCS Số {n} Nguyễn Huệ", ward=wards[n % len(wards)], pupil_count=700)
        CoordinatorFactory(school=school)
        if n % 2 == 0:
            EntryFactory(contest=contest, lead_entrant=EntrantFactory(school=school), state=EntryState.DRAFT)
        if n % 3 == 0:
            ActivityReportFactory(period=period, school=school)
    for _ in range(6):
        help_report(at=months_ago(1), concerns=["scam"], urgency="high")


def test_the_dashboard_shows_numbers_tables_and_chart_data(client, organiser, campaign, period):
    _city(campaign, period, 4)
    client.force_login(organiser)
    response = client.get(reverse("reports_dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert campaign.name in page
    assert 'id="report-charts"' in page
    assert "reports/vendor/chart.umd.min.js" in page
    assert "<script>" not in page.split('id="report-charts"')[0][-200:]  # data is JSON, not inline code
    charts = response.context["charts"]
    ward_chart = next(c for c in charts if c["id"] == "chart-participation_by_ward")
    assert ward_chart["labels"] == ["Phường Bến Thành", "Phường Sài Gòn", "Phường Tân Định", "Xã Cần Giờ"]
    assert ward_chart["datasets"][0]["data"] == [1, 1, 1, 1]  # schools: the 100 % target
    assert ward_chart["datasets"][1]["data"] == [1, 0, 1, 0]  # taking part
    numbers = {f["key"]: f["value"] for f in response.context["numbers"]}
    assert numbers["schools_total"] == 4
    assert numbers["schools_taking_part"] == 2
    data = json.loads(client.get(reverse("reports_data")).content)
    assert data["figures"]["schools_taking_part"]["value"] == 2
    assert data["charts"] == json.loads(json.dumps(charts))


@pytest.mark.parametrize("role", ["coordinator", "judge", "entrant", "officer-less organiser"])
def test_only_organisers_see_the_dashboard(client, campaign, school, role):
    person = {
        "coordinator": lambda: CoordinatorFactory(school=school),
        "judge": JudgeFactory,
        "entrant": lambda: EntrantFactory(school=school),
        "officer-less organiser": lambda: OrganiserFactory(is_active=False),
    }[role]()
    client.force_login(person)
    for name in ("reports_dashboard", "reports_data", "reports_reporting"):
        response = client.get(reverse(name))
        assert response.status_code in {302, 403}, name
    response = client.get(reverse("reports_export", kwargs={"fmt": "pdf"}))
    assert response.status_code in {302, 403}


def test_bad_filters_answer_400_or_404(client, organiser, campaign):
    client.force_login(organiser)
    assert client.get(reverse("reports_dashboard") + "?campaign=999999").status_code == 400
    assert client.get(reverse("reports_dashboard") + "?since=31/02/2026").status_code == 400
    assert client.get(reverse("reports_dashboard") + "?since=10/05/2026&until=01/05/2026").status_code == 400
    assert client.get(reverse("reports_data") + "?campaign=abc").status_code == 404
    assert client.get(reverse("reports_export", kwargs={"fmt": "exe"})).status_code == 404
    assert (
        client.get(reverse("reports_dashboard") + f"?campaign={campaign.pk}&since=01/01/2026").status_code
        == 200
    )


def test_the_dashboard_query_count_does_not_grow_with_schools(
    client, organiser, campaign, period, django_assert_max_num_queries
):
    _city(campaign, period, 5)
    client.force_login(organiser)
    client.get(reverse("reports_dashboard"))  # warm caches (site, locale, menu)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("reports_dashboard")).status_code == 200
    _city(campaign, period, 45)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse("reports_dashboard")).status_code == 200
    with CaptureQueriesContext(connection) as reporting_small:
        client.get(reverse("reports_reporting"))
    _city(campaign, period, 10)
    with django_assert_max_num_queries(len(reporting_small)):
        client.get(reverse("reports_reporting"))
