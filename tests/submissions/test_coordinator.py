"""The school coordinator's dashboard, exports, paper consent and submission on a pupil's behalf."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from contest.enums import ContestKind, MediaKind
from contest.errors import NotAllowed
from privacy.enums import ConsentGiver, ConsentPurpose
from privacy.models import Consent
from privacy.services import consent as services
from submissions.enums import EntryState
from submissions.models import Entry, EntryEvent
from submissions.selectors.schools import participation_by_school
from tests.factories import ContestFactory, CoordinatorFactory, EntrantFactory, EntryFactory, SchoolFactory
from tests.factories.entries import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="THCS Lê Lợi")


@pytest.fixture
def coordinator(school):
    return CoordinatorFactory(school=school)


def _scan(data=None, name="phieu.png"):
    return SimpleUploadedFile(name, data or png_bytes(label="phieu"), content_type="image/png")


def test_dashboard_shows_only_own_school(client, coordinator, school):
    mine = EntrantFactory(school=school, full_name="Học Sinh Của Tôi")
    EntryFactory(lead_entrant=mine, code="KMM-MIN-0001")
    other = EntrantFactory(full_name="Học Sinh Trường Khác")
    EntryFactory(lead_entrant=other, code="KMM-OTH-0001")
    client.force_login(coordinator)
    response = client.get(reverse("consent:coordinator"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Học Sinh Của Tôi" in body
    assert "KMM-MIN-0001" in body
    assert "Học Sinh Trường Khác" not in body
    assert "KMM-OTH-0001" not in body


def test_dashboard_filter_by_consent_missing(client, coordinator, school):
    complete = EntrantFactory(school=school, full_name="Đủ Rồi", date_of_birth=None)
    EntryFactory(lead_entrant=complete, consent_complete=True)
    missing = EntrantFactory(school=school, full_name="Còn Thiếu")
    EntryFactory(lead_entrant=missing)
    client.force_login(coordinator)
    body = client.get(reverse("consent:coordinator"), {"consent": "missing"}).content.decode()
    assert f'data-pupil="{missing.pk}"' in body
    assert f'data-pupil="{complete.pk}"' not in body
    body = client.get(reverse("consent:coordinator"), {"consent": "complete"}).content.decode()
    assert f'data-pupil="{complete.pk}"' in body
    assert f'data-pupil="{missing.pk}"' not in body


def test_dashboard_query_count_is_constant(client, coordinator, school, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EntryFactory(lead_entrant=EntrantFactory(school=school))
    client.force_login(coordinator)
    url = reverse("consent:coordinator")
    client.get(url)  # first request fills per-process caches (content types, site, locale)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(11):
        EntryFactory(lead_entrant=EntrantFactory(school=school))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) <= 20


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_pupils_own_school_only(client, coordinator, school, fmt):
    EntrantFactory(school=school, full_name='=HYPERLINK("x")')
    EntrantFactory(full_name="Người Ngoài")
    client.force_login(coordinator)
    response = client.get(reverse("consent:coordinator_export", kwargs={"kind": "hoc-sinh", "fmt": fmt}))
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Người Ngoài" not in text
    assert "'=HYPERLINK" in text  # formula neutralised


def test_export_entries_csv(client, coordinator, school):
    EntryFactory(lead_entrant=EntrantFactory(school=school), code="KMM-EXP-0001")
    client.force_login(coordinator)
    response = client.get(reverse("consent:coordinator_export", kwargs={"kind": "bai-du-thi", "fmt": "csv"}))
    assert "KMM-EXP-0001" in response.content.decode("utf-8-sig")


def test_export_unknown_format_is_404(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("consent:coordinator_export", kwargs={"kind": "hoc-sinh", "fmt": "exe"}))
    assert response.status_code == 404


def test_pupil_of_other_school_is_404(client, coordinator):
    stranger = EntrantFactory()
    client.force_login(coordinator)
    assert client.get(reverse("consent:coordinator_pupil", kwargs={"pk": stranger.pk})).status_code == 404
    response = client.post(
        reverse("consent:coordinator_paper", kwargs={"pk": stranger.pk}),
        {"participation": "on", "guardian_name": "X", "scan": _scan()},
    )
    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_paper_consent_records_school_paper_and_completes(client, coordinator, school):
    pupil = EntrantFactory(school=school)
    entry = EntryFactory(lead_entrant=pupil)
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_paper", kwargs={"pk": pupil.pk}),
        {"participation": "on", "display_work": "on", "guardian_name": "Phạm Văn Bố", "scan": _scan()},
    )
    assert response.status_code == 302
    consents = Consent.objects.filter(subject=pupil)
    assert {c.purpose for c in consents} == {ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK}
    assert all(c.giver == ConsentGiver.SCHOOL_PAPER and c.given_by == coordinator for c in consents)
    assert len({c.paper_scan.name for c in consents}) == 1
    entry.refresh_from_db()
    assert entry.consent_complete


def test_paper_consent_rejects_non_image(client, coordinator, school):
    pupil = EntrantFactory(school=school)
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_paper", kwargs={"pk": pupil.pk}),
        {"participation": "on", "guardian_name": "X", "scan": _scan(b"<html>hi</html>", "a.png")},
    )
    assert response.status_code == 400
    assert "JPEG, PNG" in response.content.decode()
    assert not Consent.objects.exists()


def test_paper_consent_service_refuses_other_school():
    pupil = EntrantFactory()
    with pytest.raises(NotAllowed):
        services.record_paper_consent(
            pupil=pupil,
            purposes={ConsentPurpose.PARTICIPATION},
            coordinator=CoordinatorFactory(),
            scan=_scan(),
        )


def test_submit_on_behalf_creates_pupils_entry_audited(client, coordinator, school):
    pupil = EntrantFactory(school=school)
    contest = ContestFactory(
        kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value], max_duration_seconds=None
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_submit", kwargs={"pk": pupil.pk}),
        {"contest": contest.pk, "title": "Bức tranh", "files": _scan(png_bytes(label="ve"), "tranh.png")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(lead_entrant=pupil)
    assert entry.state == EntryState.SUBMITTED
    assert entry.submitted_by == coordinator
    assert EntryEvent.objects.filter(entry=entry, actor=coordinator, to_state=EntryState.SUBMITTED).exists()


def test_submit_on_behalf_other_school_is_404(client, coordinator):
    stranger = EntrantFactory()
    contest = ContestFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("consent:coordinator_submit", kwargs={"pk": stranger.pk}),
        {"contest": contest.pk, "title": "X", "files": _scan()},
    )
    assert response.status_code == 404
    assert not Entry.objects.exists()


def test_participation_lists_every_school_with_counts(school):
    empty = SchoolFactory(name="Trường Chưa Có Gì")
    pupil = EntrantFactory(school=school)
    EntryFactory(lead_entrant=pupil, consent_complete=True)
    EntryFactory(lead_entrant=pupil)
    EntryFactory(lead_entrant=pupil, state=EntryState.WITHDRAWN, submitted_at=None)
    rows = {s.pk: s for s in participation_by_school()}
    assert rows[empty.pk].pupils == 0
    assert rows[empty.pk].entries == 0
    assert (rows[school.pk].pupils, rows[school.pk].entries, rows[school.pk].entries_consent_complete) == (
        1,
        2,
        1,
    )
