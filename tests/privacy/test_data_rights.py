"""Download and deletion of an entrant's personal data."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from privacy.enums import DeletionState
from privacy.models import Consent, DeletionRequest, GuardianConsentRequest, SafeguardingFlag
from privacy.services import consent as consent_services
from privacy.services.data_rights import delete_personal_data, export_personal_data
from submissions.enums import EntryState
from submissions.models import EntryEvent, MediaAsset
from tests.factories import EntrantFactory, EntryFactory
from tests.factories.privacy import ConsentFactory, SafeguardingFlagFactory

pytestmark = pytest.mark.django_db


def _entry_with_file(entrant, data=b"tranh-cua-em"):
    entry = EntryFactory(
        lead_entrant=entrant, state=EntryState.SUBMITTED, submitted_at=timezone.now(), title="Tên bài"
    )
    key = storages["private"].save("originals/x.bin", ContentFile(data))
    asset = MediaAsset.objects.create(
        entry=entry,
        kind="image",
        original=key,
        size=len(data),
        sha256="e",
        original_name="tranh.png",
        renditions=[
            {
                "name": "web",
                "key": storages["private"].save("r/web.webp", ContentFile(b"r")),
                "mime": "image/webp",
            }
        ],
    )
    return entry, asset


def test_export_contains_json_and_files():
    entrant = EntrantFactory(full_name="Nguyễn Thị Xuất")
    entry, _asset = _entry_with_file(entrant)
    ConsentFactory(subject=entrant)
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user=entrant)))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["full_name"] == "Nguyễn Thị Xuất"
    assert data["entries"][0]["code"] == entry.code
    assert data["consents"][0]["purpose"] == "participation"
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert len(files) == 1
    assert archive.read(files[0]) == b"tranh-cua-em"


def test_download_view_for_entrant(client):
    entrant = EntrantFactory()
    client.force_login(entrant)
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_delete_removes_personal_data_keeps_anonymised_audit(django_capture_on_commit_callbacks):
    entrant = EntrantFactory(full_name="Sẽ Bị Xoá")
    entry, asset = _entry_with_file(entrant)
    keys = [asset.original.name, asset.renditions[0]["key"]]
    ConsentFactory(subject=entrant, guardian_email="me@example.vn")
    consent_services.request_guardian_consent(entrant=entrant, guardian_email="me@example.vn", actor=entrant)
    flag = SafeguardingFlagFactory(about=entry)
    with django_capture_on_commit_callbacks(execute=True):
        summary = delete_personal_data(user=entrant, actor=entrant)
    assert summary["entries"] == 1
    entrant.refresh_from_db()
    assert entrant.full_name == ""
    assert entrant.date_of_birth is None
    assert entrant.school is None
    assert not entrant.is_active
    assert not entrant.has_usable_password()
    assert "@" in entrant.email
    assert "Sẽ" not in entrant.email
    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN
    assert entry.title == ""
    assert entry.code
    assert not MediaAsset.objects.filter(entry=entry).exists()
    assert all(not storages["private"].exists(k) for k in keys)
    assert EntryEvent.objects.filter(entry=entry, to_state=EntryState.WITHDRAWN).exists()
    consent = Consent.objects.get(subject=entrant)
    assert consent.withdrawn_at
    assert consent.guardian_email == ""
    assert not GuardianConsentRequest.objects.filter(entrant=entrant).exists()
    assert SafeguardingFlag.objects.filter(pk=flag.pk).exists()


def test_delete_view_needs_confirmation(client):
    entrant = EntrantFactory()
    client.force_login(entrant)
    response = client.post(reverse("privacy:my_data_delete"), {"confirm": "có"})
    assert response.status_code == 400
    assert not DeletionRequest.objects.exists()
    response = client.post(reverse("privacy:my_data_delete"), {"confirm": "XOÁ"})
    assert response.status_code == 200
    assert DeletionRequest.objects.filter(subject=entrant, state=DeletionState.SCHEDULED).exists()
