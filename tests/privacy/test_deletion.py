"""Deletion is not instant: a request is scheduled with a cancel link e-mailed, and the periodic job
carries it out once the grace period is over; a guardian link needs a fresh one-time code sent to the
guardian's address before it downloads or deletes anything (issue 10, finding 5)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contest.errors import DomainError, InvalidTransition
from privacy.enums import DeletionRequester, DeletionState, GuardianCodePurpose
from privacy.models import DeletionRequest, GuardianCode
from privacy.services import consent as consent_services
from privacy.services.deletion import cancel_deletion, run_due_deletions, schedule_deletion
from privacy.services.guardian_codes import MAX_ATTEMPTS, send_guardian_code, use_guardian_code
from submissions.enums import EntryState
from submissions.models import Entry
from tests.factories import EntrantFactory, EntryFactory

pytestmark = pytest.mark.django_db


def _link(child, guardian_email="me.that@example.vn"):
    request = consent_services.request_guardian_consent(
        entrant=child, guardian_email=guardian_email, guardian_name="Trần Thị Mẹ", actor=child
    )
    return request, reverse(
        "privacy:guardian_data", kwargs={"token": consent_services.guardian_link_token(request)}
    )


def _code_from_mail(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _cancel_path(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_self_deletion_scheduled_with_cancel_link_then_done_by_job(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PRIVACY_DELETION_GRACE_DAYS = 7
    entrant = EntrantFactory(full_name="Lê Văn Xoá")
    EntryFactory(lead_entrant=entrant)
    client.force_login(entrant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:my_data_delete"), {"confirm": "XOÁ"})
    assert response.status_code == 200
    deletion = DeletionRequest.objects.get(subject=entrant)
    assert deletion.state == DeletionState.SCHEDULED
    assert timedelta(days=6, hours=23) < deletion.due_at - timezone.now() <= timedelta(days=7)
    assert "huy-xoa-du-lieu" in mail.outbox[-1].body
    assert run_due_deletions() == 0  # not yet
    entrant.refresh_from_db()
    assert entrant.full_name == "Lê Văn Xoá"
    assert run_due_deletions(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    entrant.refresh_from_db()
    assert entrant.full_name == ""
    assert not entrant.is_active
    assert Entry.objects.get(lead_entrant=entrant).state == EntryState.WITHDRAWN
    deletion.refresh_from_db()
    assert deletion.state == DeletionState.DONE


def test_cancel_link_get_shows_post_cancels(client, django_capture_on_commit_callbacks):
    entrant = EntrantFactory(full_name="Phạm Thu Giữ")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_deletion(subject=entrant, requested_by=DeletionRequester.SELF, notify_email=entrant.email)
    path = _cancel_path(entrant.email)
    assert client.get(path).status_code == 200
    assert DeletionRequest.objects.get().state == DeletionState.SCHEDULED  # a GET changes nothing
    response = client.post(path)
    assert response.status_code == 200
    assert "deletion-cancelled" in response.content.decode()
    assert run_due_deletions(now=timezone.now() + timedelta(days=30)) == 0
    entrant.refresh_from_db()
    assert entrant.full_name == "Phạm Thu Giữ"


def test_cancel_link_forged_is_404(client):
    assert client.get(reverse("privacy:cancel_deletion", kwargs={"token": "gia-mao"})).status_code == 404


def test_cancelled_deletion_cannot_be_cancelled_again():
    entrant = EntrantFactory()
    deletion = schedule_deletion(
        subject=entrant, requested_by=DeletionRequester.SELF, notify_email=entrant.email
    )
    cancel_deletion(deletion=deletion)
    with pytest.raises(InvalidTransition):
        cancel_deletion(deletion=deletion)


def test_entrant_cancels_from_own_page(client):
    entrant = EntrantFactory()
    schedule_deletion(subject=entrant, requested_by=DeletionRequester.SELF, notify_email=entrant.email)
    client.force_login(entrant)
    assert "deletion-scheduled" in client.get(reverse("privacy:my_data")).content.decode()
    client.post(reverse("privacy:my_data_cancel"))
    assert DeletionRequest.objects.get().state == DeletionState.CANCELLED


def test_schedule_twice_returns_the_scheduled_one():
    entrant = EntrantFactory()
    first = schedule_deletion(
        subject=entrant, requested_by=DeletionRequester.SELF, notify_email=entrant.email
    )
    again = schedule_deletion(
        subject=entrant, requested_by=DeletionRequester.SELF, notify_email=entrant.email
    )
    assert first.pk == again.pk


def test_purge_command_runs_due_deletions():
    entrant = EntrantFactory(full_name="Đỗ Hết Hạn")
    deletion = schedule_deletion(
        subject=entrant, requested_by=DeletionRequester.SELF, notify_email=entrant.email
    )
    DeletionRequest.objects.filter(pk=deletion.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    call_command("purge_personal_data")
    entrant.refresh_from_db()
    assert entrant.full_name == ""


# --- finding 5: the guardian link alone neither downloads nor deletes ------------------------------------


def test_guardian_link_alone_downloads_and_deletes_nothing(client):
    """On main the link downloaded the child's ZIP (?tai-ve=1) and deleted her data on one POST."""
    child = EntrantFactory(full_name="Vũ Ngọc Con")
    EntryFactory(lead_entrant=child)
    _request, url = _link(child)
    response = client.get(url, {"tai-ve": "1"})
    assert response.get("Content-Type") != "application/zip"
    response = client.post(url, {"confirm": "XOÁ"})
    assert response.get("Content-Type") != "application/zip"
    response = client.post(url, {"action": "delete", "confirm": "XOÁ", "code": "000000"})
    assert response.status_code == 400
    child.refresh_from_db()
    assert child.full_name == "Vũ Ngọc Con"
    assert not DeletionRequest.objects.exists()


def test_guardian_download_needs_code_sent_to_guardian(client, django_capture_on_commit_callbacks):
    child = EntrantFactory(full_name="Vũ Ngọc Con")
    _request, url = _link(child, "bo.me@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send-download"})
    assert response.status_code == 200
    code = _code_from_mail("bo.me@example.vn")
    response = client.post(url, {"action": "download", "code": code})
    assert response["Content-Type"] == "application/zip"
    again = client.post(url, {"action": "download", "code": code})
    assert again.get("Content-Type") != "application/zip"  # one time only


def test_guardian_delete_with_code_is_scheduled_and_guardian_told(client, django_capture_on_commit_callbacks):
    child = EntrantFactory(full_name="Vũ Ngọc Con")
    EntryFactory(lead_entrant=child)
    _request, url = _link(child, "bo.me@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send-delete"})
    code = _code_from_mail("bo.me@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "delete", "code": code, "confirm": "XOÁ"})
    assert response.status_code == 200
    deletion = DeletionRequest.objects.get(subject=child)
    assert deletion.requested_by == DeletionRequester.GUARDIAN
    assert deletion.notify_email == "bo.me@example.vn"
    assert "huy-xoa-du-lieu" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["bo.me@example.vn"]
    child.refresh_from_db()
    assert child.full_name == "Vũ Ngọc Con"  # not yet: the grace period runs first


def test_download_code_does_not_open_delete(client, django_capture_on_commit_callbacks):
    child = EntrantFactory()
    _request, url = _link(child, "bo.me@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send-download"})
    code = _code_from_mail("bo.me@example.vn")
    response = client.post(url, {"action": "delete", "code": code, "confirm": "XOÁ"})
    assert response.status_code == 400
    assert not DeletionRequest.objects.exists()


def test_code_dies_after_too_many_wrong_guesses():
    child = EntrantFactory()
    request, _url = _link(child)
    send_guardian_code(request=request, purpose=GuardianCodePurpose.DOWNLOAD)
    for _attempt in range(MAX_ATTEMPTS):
        with pytest.raises(DomainError):
            use_guardian_code(request=request, purpose=GuardianCodePurpose.DOWNLOAD, code="999999x")
    assert GuardianCode.objects.get().attempts == MAX_ATTEMPTS
    with pytest.raises(DomainError, match="hết hạn"):
        use_guardian_code(request=request, purpose=GuardianCodePurpose.DOWNLOAD, code="123456")


def test_code_expires():
    child = EntrantFactory()
    request, _url = _link(child)
    send_guardian_code(request=request, purpose=GuardianCodePurpose.DOWNLOAD)
    GuardianCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError, match="hết hạn"):
        use_guardian_code(request=request, purpose=GuardianCodePurpose.DOWNLOAD, code="123456")


def test_code_is_stored_hashed(django_capture_on_commit_callbacks):
    child = EntrantFactory()
    request, _url = _link(child, "bo.me@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        send_guardian_code(request=request, purpose=GuardianCodePurpose.DELETE)
    code = _code_from_mail("bo.me@example.vn")
    assert code not in GuardianCode.objects.get().code_hash
