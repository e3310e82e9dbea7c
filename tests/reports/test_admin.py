"""Organisers open reporting periods through the Wagtail admin; its menu shows the report's screens to
organisers only."""

import pytest
from django.urls import reverse

from reports.enums import PeriodState
from reports.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def test_organiser_creates_a_reporting_period_in_the_admin(client, organiser, campaign):
    client.force_login(organiser)
    add = reverse("wagtailsnippets_reports_reportingperiod:add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "campaign": campaign.pk,
            "title": "Tháng 11 – tuyên truyền",
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    assert (period.title, period.state) == ("Tháng 11 – tuyên truyền", PeriodState.OPEN)
    refused = client.post(
        add,
        {"campaign": campaign.pk, "title": "Sai ngày", "starts_on": "2026-12-01", "ends_on": "2026-11-01"},
    )
    assert refused.status_code == 200
    assert ReportingPeriod.objects.count() == 1


def test_the_menu_shows_the_report_to_organisers(client, organiser):
    client.force_login(organiser)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("reports_dashboard", "reports_reporting", "reports_import"):
        assert reverse(name) in page
