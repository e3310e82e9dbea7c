"""Finding 1 (mail): no header is built from what a user typed, every recipient gets a message of their
own, and a mail server that fails never fails the request or undoes what it saved."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from contest.enums import ContestKind
from privacy.models import GuardianConsentRequest
from submissions.models import TeamMember
from tests.factories import ContestFactory, EntrantFactory, EntryFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "Em Be\r\nBcc: x@y.example"
DEAD_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


@pytest.fixture
def pupil_with_hostile_name(db):
    """A pupil whose stored name carries a header (typed before names were checked, or by an import)."""
    return EntrantFactory(
        full_name=HOSTILE_NAME, date_of_birth=date.today().replace(year=date.today().year - 13)
    )


def test_guardian_invitation_header_carries_no_typed_name(
    client, pupil_with_hostile_name, django_capture_on_commit_callbacks, immediate_tasks
):
    client.force_login(pupil_with_hostile_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:invite_guardian"),
            {"guardian_email": "me.em.be@example.vn", "guardian_name": "Lê Thị Mẹ"},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["me.em.be@example.vn"]
    assert message.bcc == []
    assert "Em Be" not in message.subject
    assert "\n" not in message.subject
    assert "x@y.example" not in str(message.message()["Bcc"] or "")


def test_guardian_invitation_survives_a_dead_mail_server(
    client, settings, pupil_with_hostile_name, django_capture_on_commit_callbacks, immediate_tasks
):
    settings.MAILERS = DEAD_SMTP
    client.force_login(pupil_with_hostile_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:invite_guardian"), {"guardian_email": "me.em.be@example.vn", "guardian_name": ""}
        )
    assert response.status_code == 302
    assert (
        GuardianConsentRequest.objects.filter(entrant=pupil_with_hostile_name, revoked_at=None).count() == 1
    )


def test_mail_failure_is_retried_later_not_raised(settings, django_capture_on_commit_callbacks):
    from contest.mail import queue_mail

    settings.MAILERS = DEAD_SMTP
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    from django.tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(to="giao.vien@example.vn", subject="Thử\r\nBcc: x@y", body="Nội dung thư.")
    (queued,) = default_task_backend.results
    assert queued.kwargs["subject"] == "Thử Bcc: x@y"
    assert queued.task.call(**queued.kwargs) is False
    retry = default_task_backend.results[-1]
    assert retry.kwargs["attempt"] == 2
    assert retry.task.run_after is not None


def test_team_invitation_is_one_message_per_invitee(
    client, django_capture_on_commit_callbacks, immediate_tasks
):
    contest = ContestFactory(kind=ContestKind.VIDEO, team_size_max=4)
    entry = EntryFactory(contest=contest)
    client.force_login(entry.lead_entrant)
    data = {"team-TOTAL_FORMS": "2", "team-INITIAL_FORMS": "0"}
    invitees = ["ban.mot@example.vn", "ban.hai@example.vn"]
    for index, email in enumerate(invitees):
        data[f"team-{index}-name"] = f"Bạn số {index + 1}"
        data[f"team-{index}-email"] = email
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:team", args=[entry.pk]), data)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invitees)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_team_member_name_with_line_break_is_refused_and_nothing_saved(client):
    contest = ContestFactory(kind=ContestKind.VIDEO, team_size_max=4)
    entry = EntryFactory(contest=contest)
    client.force_login(entry.lead_entrant)
    data = {
        "team-TOTAL_FORMS": "2",
        "team-INITIAL_FORMS": "0",
        "team-0-name": "Bạn Tốt",
        "team-0-email": "ban.tot@example.vn",
        "team-1-name": HOSTILE_NAME,
        "team-1-email": "ban.xau@example.vn",
    }
    response = client.post(reverse("submissions:team", args=[entry.pk]), data)
    assert response.status_code == 400
    assert not TeamMember.objects.filter(entry=entry).exists()
    assert mail.outbox == []
