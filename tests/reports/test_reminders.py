"""Organisers see which schools have not reported and remind their coordinators: by mail, audited, never
twice within a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reports.enums import PeriodState, ReportAction
from reports.models import ReportEvent
from reports.services import PeriodLocked, remind_schools, transition_period
from tests.factories import CoordinatorFactory, SchoolFactory
from tests.factories.reports import ActivityReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(school, other_school, coordinator, other_coordinator, period):
    """`school` has reported; `other_school` has not; a third has no coordinator yet."""
    ActivityReportFactory(period=period, school=school)
    silent = SchoolFactory(name="THCS Minh Đức", ward="Phường Bến Thành")
    return {"reported": school, "missing": other_school, "no_coordinator": silent}


def _remind(client, period, **data):
    return client.post(reverse("reports_remind", kwargs={"period_id": period.pk}), data, follow=True)


def test_reminders_go_to_the_coordinators_of_schools_that_have_not_reported(
    client, organiser, period, schools, other_coordinator, immediate_tasks, django_capture_on_commit_callbacks
):
    CoordinatorFactory(school=schools["missing"], email="cohoa@nttmk.example", full_name="Cô Đặng Thu Hòa")
    client.force_login(organiser)
    page = client.get(reverse("reports_reporting") + f"?period={period.pk}").content.decode()
    assert "2/3 trường chưa báo cáo." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(client, period)
    assert "Đã gửi nhắc nhở tới 1 trường." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["cohoa@nttmk.example", other_coordinator.email]
    letter = mail.outbox[0]
    assert period.title in letter.subject
    assert "THPT Nguyễn Thị Minh Khai" in letter.body
    assert f"/giao-vien/bao-cao-hoat-dong/{period.pk}/" in letter.body
    event = ReportEvent.objects.get(action=ReportAction.REMINDED)
    assert (event.school, event.actor) == (schools["missing"], organiser)


def test_a_school_is_not_reminded_twice_within_a_day(
    organiser, period, schools, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_schools(period=period, actor=organiser) == 1
        assert remind_schools(period=period, actor=organiser) == 0
        assert remind_schools(period=period, actor=organiser, school_ids=[schools["missing"].pk]) == 0
    assert len(mail.outbox) == 1
    ReportEvent.objects.filter(action=ReportAction.REMINDED).update(
        at=timezone.now() - timedelta(days=1, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_schools(period=period, actor=organiser) == 1
    assert len(mail.outbox) == 2


def test_one_school_can_be_reminded_from_its_row(
    client, organiser, period, schools, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, period, school=schools["reported"].pk)  # it has reported: nothing to send
        assert mail.outbox == []
        _remind(client, period, school=schools["missing"].pk)
    assert len(mail.outbox) == 1
    response = _remind(client, period, school="abc")
    assert "Yêu cầu nhắc không hợp lệ." in response.content.decode()


def test_no_reminders_in_a_locked_period(organiser, period, schools):
    transition_period(period=period, to_state=PeriodState.LOCKED, actor=organiser)
    with pytest.raises(PeriodLocked):
        remind_schools(period=period, actor=organiser)


def test_only_organisers_remind(client, period, schools, coordinator, immediate_tasks):
    client.force_login(coordinator)
    response = client.post(reverse("reports_remind", kwargs={"period_id": period.pk}))
    assert response.status_code in {302, 403}
    assert not ReportEvent.objects.exists()
    assert mail.outbox == []
