"""Hostile text in the campaign report's forms (tests/security/test_form_input.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.security.cases import Case

# Files, a hidden school id, a campaign and dates read by GET: nothing a person types as text (the
# imported file's cells are checked row by row: tests/reports/test_onboarding.py).
NO_TYPED_TEXT = {"ActivityPhotoForm", "ReminderForm", "ReportFilterForm", "SchoolImportForm"}


def _period(world):
    from tests.factories.reports import ReportingPeriodFactory

    world["reporting_period"] = ReportingPeriodFactory(
        starts_on=timezone.localdate() - timedelta(days=10), ends_on=timezone.localdate() + timedelta(days=10)
    )


def cases() -> dict[str, Case]:
    from reports.forms import ActivityReportForm

    return {
        "school activity report": Case(
            ActivityReportForm,
            "coordinator",
            lambda w: reverse("reports:activity_report", kwargs={"period_id": w["reporting_period"].pk}),
            lambda w: {
                "talks_held": "2",
                "participants": "350",
                "posters_displayed": "4",
                "workshops": "1",
                "held_on": timezone.localdate().strftime("%d/%m/%Y"),
                "description": "Chào cờ chủ đề “Không một mình”, lớp 9A1 diễn tiểu phẩm về lừa đảo qua mạng.",
            },
            ["description"],
            multiline={"description"},
            setup=_period,
        ),
    }
