"""Organisers' screening queue and decisions in the Wagtail admin."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contest.errors import DomainError, NotAllowed
from submissions.enums import EntryState
from submissions.models import EntryEvent, MediaAsset
from submissions.services.screening import screen_entry
from tests.factories import EntrantFactory, EntryFactory, OrganiserFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _submitted(**kwargs):
    return EntryFactory(state=EntryState.SUBMITTED, submitted_at=timezone.now(), **kwargs)


@pytest.fixture
def organiser():
    return OrganiserFactory()


@pytest.mark.parametrize(
    ("decision", "state"),
    [("eligible", "eligible"), ("returned", "returned"), ("disqualified", "disqualified")],
)
def test_screen_entry_moves_and_audits(
    organiser, django_capture_on_commit_callbacks, immediate_tasks, decision, state
):
    entry = _submitted()
    with django_capture_on_commit_callbacks(execute=True):
        screen_entry(entry=entry, decision=decision, actor=organiser, reason="Thiếu lời giới thiệu")
    entry.refresh_from_db()
    assert entry.state == state
    event = EntryEvent.objects.get(entry=entry, to_state=state)
    assert event.actor == organiser
    assert len(mail.outbox) == (0 if decision == "eligible" else 1)
    if decision == "returned":
        assert "Thiếu lời giới thiệu" in mail.outbox[0].body
        assert entry.return_reason == "Thiếu lời giới thiệu"


def test_screen_entry_return_without_reason_refused(organiser):
    with pytest.raises(DomainError):
        screen_entry(entry=_submitted(), decision="returned", actor=organiser, reason=" ")


def test_screen_entry_by_entrant_refused():
    entry = _submitted()
    with pytest.raises(NotAllowed):
        screen_entry(entry=entry, decision="eligible", actor=entry.lead_entrant)


def test_screen_entry_draft_is_invalid_transition(organiser):
    with pytest.raises(DomainError):
        screen_entry(entry=EntryFactory(), decision="eligible", actor=organiser)


def test_queue_lists_and_filters(client, organiser):
    school = SchoolFactory()
    mine = _submitted(lead_entrant=EntrantFactory(school=school), code="KMM-QQQ-0001", consent_complete=True)
    _submitted(code="KMM-QQQ-0002")
    EntryFactory(code="KMM-DRF-0001")  # drafts never reach the queue
    client.force_login(organiser)
    body = client.get(reverse("screening_queue")).content.decode()
    assert "KMM-QQQ-0001" in body
    assert "KMM-QQQ-0002" in body
    assert "KMM-DRF-0001" not in body
    body = client.get(
        reverse("screening_queue"), {"school": school.pk, "consent_complete": "true"}
    ).content.decode()
    assert "KMM-QQQ-0001" in body
    assert "KMM-QQQ-0002" not in body
    assert mine.pk


def test_queue_filter_media_state(client, organiser):
    ready = _submitted(code="KMM-MED-0001")
    MediaAsset.objects.create(entry=ready, kind="image", original="x/a", size=1, sha256="a", state="ready")
    failed = _submitted(code="KMM-MED-0002")
    MediaAsset.objects.create(entry=failed, kind="image", original="x/b", size=1, sha256="b", state="failed")
    client.force_login(organiser)
    body = client.get(reverse("screening_queue"), {"media": "failed"}).content.decode()
    assert "KMM-MED-0002" in body
    assert "KMM-MED-0001" not in body
    body = client.get(reverse("screening_queue"), {"media": "ready"}).content.decode()
    assert "KMM-MED-0001" in body
    assert "KMM-MED-0002" not in body


def test_queue_query_count_is_constant(client, organiser, django_assert_max_num_queries):
    for _ in range(15):
        _submitted()
    client.force_login(organiser)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("screening_queue")).status_code == 200


def test_queue_export_xlsx(client, organiser):
    _submitted(code="KMM-XLS-0001")
    client.force_login(organiser)
    response = client.get(reverse("screening_queue"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_bulk_action_decides_each_and_reports_refusals(client, organiser):
    a, b = _submitted(), _submitted()
    draft = EntryFactory()
    client.force_login(organiser)
    response = client.post(
        reverse("screening_queue"), {"entry": [a.pk, b.pk, draft.pk], "decision": "eligible", "reason": ""}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    draft.refresh_from_db()
    assert (a.state, b.state, draft.state) == ("eligible", "eligible", "draft")


def test_bulk_disqualify_without_reason_changes_nothing(client, organiser):
    entry = _submitted()
    client.force_login(organiser)
    client.post(reverse("screening_queue"), {"entry": [entry.pk], "decision": "disqualified", "reason": ""})
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED


def test_entry_page_shows_renditions_and_probe(client, organiser):
    entry = _submitted()
    MediaAsset.objects.create(
        entry=entry,
        kind="image",
        original="x/c",
        size=10,
        sha256="c",
        state="ready",
        probe={"width": 640, "format": "png"},
        renditions=[{"name": "image_640.webp", "key": "r/image_640.webp", "mime": "image/webp"}],
    )
    client.force_login(organiser)
    body = client.get(reverse("screening_entry", kwargs={"pk": entry.pk})).content.decode()
    assert "640" in body
    assert "image_640.webp" in body


def test_entry_page_decision_post(client, organiser):
    entry = _submitted()
    client.force_login(organiser)
    response = client.post(
        reverse("screening_entry", kwargs={"pk": entry.pk}), {"decision": "returned", "reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("screening_entry", kwargs={"pk": entry.pk}), {"decision": "returned", "reason": "Ảnh bị mờ"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == EntryState.RETURNED


def test_screening_file_streams_private_original(client, organiser):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    key = storages["private"].save("originals/test.bin", ContentFile(b"hello"))
    entry = _submitted()
    asset = MediaAsset.objects.create(
        entry=entry, kind="image", original=key, size=5, sha256="d", original_name="a.png"
    )
    client.force_login(organiser)
    response = client.get(reverse("screening_file", kwargs={"pk": asset.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"
    missing = reverse("screening_rendition", kwargs={"pk": asset.pk, "name": "image_480.jpg"})
    assert client.get(missing).status_code == 404
    assert client.get(missing.replace("image_480.jpg", "..%2Fsecret")).status_code == 404
