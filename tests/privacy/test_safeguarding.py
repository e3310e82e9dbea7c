"""Confidential safeguarding flags."""

import pytest
from django.core import mail
from django.urls import reverse

from contest.errors import NotAllowed
from privacy.enums import SafeguardingStatus
from privacy.models import SafeguardingFlag
from privacy.services.safeguarding import add_safeguarding_note, raise_safeguarding_flag
from tests.factories import EntrantFactory, EntryFactory, JudgeFactory, OrganiserFactory
from tests.factories.privacy import SafeguardingFlagFactory

pytestmark = pytest.mark.django_db


def test_raise_flag_any_organiser_notifies_officers_without_content(
    django_capture_on_commit_callbacks, immediate_tasks
):
    officer = OrganiserFactory(is_safeguarding_officer=True)
    OrganiserFactory()  # not an officer: not told
    entry = EntryFactory()
    state_before = entry.state
    with django_capture_on_commit_callbacks(execute=True):
        flag = raise_safeguarding_flag(
            subject=entry.lead_entrant,
            about=entry,
            actor=OrganiserFactory(),
            category="abuse",
            summary="Em kể bị người lạ đe doạ.",
        )
    assert flag.status == SafeguardingStatus.OPEN
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "đe doạ" not in mail.outbox[0].body
    entry.refresh_from_db()
    assert entry.state == state_before


def test_raise_flag_by_judge_refused():
    with pytest.raises(NotAllowed):
        raise_safeguarding_flag(subject=EntrantFactory(), actor=JudgeFactory(), category="abuse", summary="x")


def test_note_changes_status_by_officer_only():
    flag = SafeguardingFlagFactory()
    officer = OrganiserFactory(is_safeguarding_officer=True)
    note = add_safeguarding_note(flag=flag, actor=officer, text="Đã gọi cho nhà trường.", status="referred")
    flag.refresh_from_db()
    assert flag.status == SafeguardingStatus.REFERRED
    assert (note.status_from, note.status_to) == ("open", "referred")
    assert flag.assigned_to == officer
    with pytest.raises(NotAllowed):
        add_safeguarding_note(flag=flag, actor=OrganiserFactory(), text="x")


def test_flags_list_only_for_officers(client):
    flag = SafeguardingFlagFactory(summary="Nội dung rất riêng tư")
    client.force_login(OrganiserFactory())
    response = client.get(reverse("safeguarding_flag", kwargs={"pk": flag.pk}))
    assert response.status_code == 403
    assert "Nội dung rất riêng tư" not in response.content.decode()
    client.force_login(OrganiserFactory(is_safeguarding_officer=True))
    response = client.get(reverse("safeguarding_flag", kwargs={"pk": flag.pk}))
    assert response.status_code == 200
    assert "Nội dung rất riêng tư" in response.content.decode()


def test_flag_raise_view_and_note_view(client):
    entry = EntryFactory()
    client.force_login(OrganiserFactory())
    response = client.post(
        reverse("screening_raise_flag", kwargs={"pk": entry.pk}),
        {"category": "self_harm", "summary": "Lo lắng"},
    )
    assert response.status_code == 302
    flag = SafeguardingFlag.objects.get(about_id=entry.pk)
    assert flag.subject == entry.lead_entrant
    client.force_login(OrganiserFactory(is_safeguarding_officer=True))
    response = client.post(
        reverse("safeguarding_flag", kwargs={"pk": flag.pk}), {"text": "", "status": "closed"}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("safeguarding_flag", kwargs={"pk": flag.pk}), {"text": "Xong", "status": "closed"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "closed"
    assert flag.closed_at


def test_flag_never_shown_to_entrant_on_consent_page(client):
    flag = SafeguardingFlagFactory(summary="BÍ MẬT")
    client.force_login(flag.subject)
    body = client.get(reverse("privacy:mine")).content.decode()
    assert "BÍ MẬT" not in body
    assert "Cảnh báo" not in body
