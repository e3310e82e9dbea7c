"""A parent with an account of their own (made through the guardian's link) has "Dữ liệu của tôi" too: they
download what the organisers keep about them, and deleting it erases their clips and account, never the
child's entries or consents. Staff accounts still have no such page."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Clip
from privacy.enums import DeletionState
from privacy.models import DeletionRequest
from privacy.services.deletion import run_due_deletions
from submissions.enums import EntryState
from submissions.models import Entry
from tests.factories import CoordinatorFactory, EntrantFactory, EntryFactory, JudgeFactory
from tests.factories.clips import ClipFactory
from tests.factories.parents import ParentFactory

pytestmark = pytest.mark.django_db


def test_parent_sees_the_page_in_words_for_an_adult_and_the_link_on_their_home(client):
    parent = ParentFactory(full_name="Trần Thị Hồng")
    client.force_login(parent)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quý phụ huynh" in text
    assert "Dữ liệu của em" not in text
    assert reverse("privacy:my_data") in client.get(reverse("accounts:dashboard")).content.decode()


def test_parent_downloads_their_clips_and_nothing_of_a_child(client):
    parent = ParentFactory(full_name="Trần Thị Hồng")
    child = EntrantFactory(full_name="Lê Minh Khôi")
    EntryFactory(lead_entrant=child, title="Bài của con — Khôi")
    ClipFactory(author=parent, caption="Bố mẹ luôn ở bên con")
    client.force_login(parent)
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert data["account"]["full_name"] == "Trần Thị Hồng"
    assert "Bố mẹ luôn ở bên con" in json.dumps(data, ensure_ascii=False)
    dumped = json.dumps(data, ensure_ascii=False)
    assert "Lê Minh Khôi" not in dumped
    assert "Bài của con — Khôi" not in dumped


def test_parent_deletion_erases_their_clips_and_account_not_the_childs_entry(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PRIVACY_DELETION_GRACE_DAYS = 7
    parent = ParentFactory(full_name="Trần Thị Hồng")
    child = EntrantFactory(full_name="Lê Minh Khôi")
    entry = EntryFactory(lead_entrant=child, state=EntryState.SUBMITTED, submitted_at=timezone.now())
    ClipFactory(author=parent)
    client.force_login(parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:my_data_delete"), {"confirm": "XOÁ"})
    assert response.status_code == 200
    assert "Quý phụ huynh" in response.content.decode()
    deletion = DeletionRequest.objects.get(subject=parent)
    assert deletion.state == DeletionState.SCHEDULED
    assert run_due_deletions(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    parent.refresh_from_db()
    assert parent.full_name == ""
    assert not parent.is_active
    assert not Clip.objects.filter(author=parent).exists()
    child.refresh_from_db()
    assert child.full_name == "Lê Minh Khôi"
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED


@pytest.mark.parametrize("factory", [CoordinatorFactory, JudgeFactory])
def test_staff_accounts_have_no_data_rights_page(client, factory):
    client.force_login(factory())
    assert client.get(reverse("privacy:my_data")).status_code == 403
    assert client.get(reverse("privacy:my_data_download")).status_code == 403
    assert client.post(reverse("privacy:my_data_delete"), {"confirm": "XOÁ"}).status_code == 403
