"""The report lifecycle, triage and escalation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contest.errors import DomainError, InvalidTransition, NotAllowed
from helpline.enums import REPORT_TRANSITIONS, AuditAction, Outcome, ReportState, Urgency
from helpline.models import AuditEvent, Report
from helpline.selectors import anonymised_counts
from helpline.services import (
    assign_report,
    close_report,
    escalate_overdue_reports,
    mark_report_misuse,
    pick_up_report,
    purge_closed_reports,
    set_report_urgency,
    submit_report,
    transition_report,
)
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db


def _report(**overrides):
    data = {
        "concerns": ["meet"],
        "description": "Anh ấy rủ em đi cà phê một mình 😕",
        "screenshots": [],
        "involve": [],
        "contact": "",
        "language": "vi",
    }
    report, _code = submit_report(**{**data, **overrides})
    return report


@pytest.mark.parametrize("state_from", list(ReportState))
@pytest.mark.parametrize("state_to", list(ReportState))
def test_transition_table_is_enforced(officer, state_from, state_to):
    report = _report()
    Report.objects.filter(pk=report.pk).update(
        state=state_from, outcome=Outcome.ADVISED if state_from == ReportState.CLOSED else ""
    )
    if state_to in REPORT_TRANSITIONS[state_from]:
        moved = transition_report(report=report, actor=officer, to=state_to, outcome=Outcome.ADVISED)
        assert moved.state == state_to
        event = AuditEvent.objects.filter(action=AuditAction.TRANSITION).last()
        assert (event.state_from, event.state_to, event.actor) == (state_from, state_to, officer)
    else:
        with pytest.raises(InvalidTransition):
            transition_report(report=report, actor=officer, to=state_to, outcome=Outcome.ADVISED)


def test_urgent_report_not_picked_up_escalates_to_the_next_officer(
    officer, second_officer, django_capture_on_commit_callbacks
):
    report = _report()
    assert report.urgency == Urgency.URGENT
    assert report.due_at - report.created_at == timedelta(hours=1)
    assert report.assigned_to == officer
    mail.outbox.clear()
    assert escalate_overdue_reports(now=timezone.now() + timedelta(minutes=59)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue_reports(now=timezone.now() + timedelta(minutes=61)) == [report.pk]
    report.refresh_from_db()
    assert report.assigned_to == second_officer
    assert report.escalations == 1
    assert [m.to for m in mail.outbox] == [[second_officer.email]]
    assert "cà phê" not in mail.outbox[0].body


def test_picked_up_report_does_not_escalate(officer, second_officer):
    report = _report()
    pick_up_report(report=report, actor=second_officer)
    assert escalate_overdue_reports(now=timezone.now() + timedelta(hours=3)) == []
    report.refresh_from_db()
    assert report.assigned_to == second_officer
    assert report.picked_up_at is not None


def test_close_needs_an_outcome_and_misuse_closes_silently(officer):
    report = _report()
    with pytest.raises(DomainError):
        transition_report(report=report, actor=officer, to=ReportState.CLOSED)
    report = mark_report_misuse(report=report, actor=officer)
    assert (report.state, report.outcome) == (ReportState.CLOSED, Outcome.MISUSE)


def test_urgency_change_moves_the_due_time(officer):
    report = _report(concerns=["other"])
    assert report.urgency == Urgency.NORMAL
    report = set_report_urgency(report=report, actor=officer, urgency=Urgency.URGENT)
    assert report.due_at - report.created_at == timedelta(hours=1)


def test_officer_actions_refuse_other_roles(officer):
    report = _report()
    organiser = OrganiserFactory()
    with pytest.raises(NotAllowed):
        pick_up_report(report=report, actor=organiser)
    with pytest.raises(DomainError):
        assign_report(report=report, actor=officer, officer=organiser)


def test_purge_deletes_closed_reports_after_retention(officer):
    old = _report()
    close_report(report=old, actor=officer, outcome=Outcome.ADVISED)
    kept = _report()
    assert purge_closed_reports(closed_before=timezone.now() + timedelta(days=1)) == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [kept.pk]


def test_anonymised_counts_hide_small_numbers(officer):
    for _ in range(6):
        _report()
    misuse = _report()
    mark_report_misuse(report=misuse, actor=officer)
    [row] = anonymised_counts()
    assert row["total"] == 6
    Report.objects.filter(pk__in=Report.objects.exclude(pk=misuse.pk).values("pk")[:2]).delete()
    [row] = anonymised_counts()
    assert row["total"] == "<5"


def test_escalation_task_and_command_hand_overdue_reports_on(officer, second_officer, settings):
    from django.core.management import call_command

    from helpline.tasks import escalate_overdue_help_reports, purge_closed_help_reports

    first, second = _report(), _report()
    Report.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert escalate_overdue_help_reports.call() == [first.pk]
    Report.objects.filter(pk=second.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    call_command("helpline_escalate")
    assert Report.objects.get(pk=second.pk).escalations == 1
    close_report(report=first, actor=officer, outcome=Outcome.NO_CONTACT)
    settings.HELPLINE_RETENTION_DAYS = 0
    assert purge_closed_help_reports.call() == 1
